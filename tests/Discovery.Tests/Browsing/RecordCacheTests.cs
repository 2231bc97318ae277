namespace ComputeUtility.Discovery.Tests.Browsing;

public sealed class RecordCacheTests
{
    private static readonly DomainName Host = new(["box", "local"]);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_record_expires_when_its_ttl_has_passed()
    {
        var cache = new RecordCache(_time);
        cache.Add(MdnsRecord.HostAddress(Host, IPAddress.Loopback, 120), 1);

        _time.Advance(TimeSpan.FromSeconds(119));
        cache.Find(Host, RecordType.A).Should().ContainSingle();
        _time.Advance(TimeSpan.FromSeconds(1));
        cache.Expire().Should().BeTrue();
        cache.Count.Should().Be(0);
    }

    [Fact]
    public void A_goodbye_leaves_the_record_one_more_second()
    {
        var cache = new RecordCache(_time);
        cache.Add(MdnsRecord.HostAddress(Host, IPAddress.Loopback, 120), 1);

        cache.Add(MdnsRecord.HostAddress(Host, IPAddress.Loopback, 0), 1);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        cache.Find(Host, RecordType.A).Should().ContainSingle();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        cache.Find(Host, RecordType.A).Should().BeEmpty();
    }

    [Fact]
    public void A_cache_flush_record_retires_older_records_of_its_name_and_type_after_a_second()
    {
        var cache = new RecordCache(_time);
        cache.Add(MdnsRecord.HostAddress(Host, IPAddress.Parse("10.0.0.1"), 120), 1);
        _time.Advance(TimeSpan.FromSeconds(5));

        cache.Add(MdnsRecord.HostAddress(Host, IPAddress.Parse("10.0.0.2"), 120), 1);
        _time.Advance(TimeSpan.FromSeconds(1));

        cache.Find(Host, RecordType.A).Select(c => c.Record.Address).Should().Equal(IPAddress.Parse("10.0.0.2"));
    }

    [Fact]
    public void Refresh_queries_fall_due_at_80_85_90_and_95_percent_of_the_ttl()
    {
        var cache = new RecordCache(_time);
        cache.Add(MdnsRecord.HostAddress(Host, IPAddress.Loopback, 100), 1);
        var due = new List<double>();

        for (var s = 0; s < 100; s++)
        {
            if (cache.DueForRefresh(_ => true).Count > 0)
            {
                due.Add(s);
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        due.Should().Equal(80, 85, 90, 95);
    }
}
