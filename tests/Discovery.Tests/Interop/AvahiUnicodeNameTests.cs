namespace ComputeUtility.Discovery.Tests.Interop;

/// <summary>Instance names beyond ASCII travel as UTF-8 (RFC 6762 §16) and Avahi reads them back unchanged.</summary>
public sealed class AvahiUnicodeNameTests
{
    [Fact]
    public async Task Avahi_browse_shows_a_unicode_instance_name_as_we_announced_it()
    {
        AvahiPeer.Require();
        var name = $"Rechner Zürich 計算機 {Guid.NewGuid().ToString("n")[..6]}";
        await using var responder = TestResponder.Create(name, 18484);
        await responder.StartAsync(CancellationToken.None);

        var fields = await AvahiBrowse.ResolvedAsync(name, TimeSpan.FromSeconds(20));

        fields.Should().NotBeNull("avahi-browse should resolve the instance '{0}'", name);
        fields![3].Should().Be(name);
        fields[8].Should().Be("18484");
    }

    [Fact]
    public async Task A_unicode_name_cut_to_63_bytes_at_a_character_boundary_is_resolved_by_avahi()
    {
        AvahiPeer.Require();
        var name = ConflictRenamer.FitUtf8($"{Guid.NewGuid().ToString("n")[..6]} {new string('計', 30)}");
        Encoding.UTF8.GetByteCount(name).Should().Be(61, "7 bytes of prefix and 18 three-byte characters; a 19th would make 64");
        await using var responder = TestResponder.Create(name, 18485);
        await responder.StartAsync(CancellationToken.None);

        var fields = await AvahiBrowse.ResolvedAsync(name, TimeSpan.FromSeconds(20));

        fields.Should().NotBeNull("avahi-browse should resolve the instance '{0}'", name);
        fields![3].Should().Be(name);
    }
}
