namespace ComputeUtility.Discovery.Tests.Responder;

/// <summary>RFC 6762 §7.2: a query with TC set is answered after 400–500 ms, with the known answers that followed it.</summary>
public sealed class TruncatedQueriesTests
{
    private static readonly DomainName Type = MdnsConstants.ServiceType(MdnsConstants.Local);
    private readonly FakeTimeProvider _time = new();
    private readonly TaskCompletionSource<(MdnsPacket Query, string From)> _answered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TruncatedQueries<string> _queries;

    public TruncatedQueriesTests() =>
        _queries = new TruncatedQueries<string>(_time, new ResponderOptions(), (q, from) => _answered.TrySetResult((q, from)), CancellationToken.None);

    [Fact]
    public void A_query_without_tc_is_not_held()
    {
        _queries.Offer(MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)]), "a").Should().BeFalse();
    }

    [Fact]
    public async Task A_truncated_query_is_answered_after_400_to_500_ms_with_the_known_answers_of_the_packets_that_follow()
    {
        var first = MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)], [Ptr("one")]) with { IsTruncated = true };
        var second = MdnsPacket.Query([], [Ptr("two")]) with { IsTruncated = true };
        var third = MdnsPacket.Query([], [Ptr("three")]);

        _queries.Offer(first, "a").Should().BeTrue();
        _queries.Offer(second, "a").Should().BeTrue("it continues the held query");
        _time.Advance(TimeSpan.FromMilliseconds(399));
        _queries.Offer(third, "a").Should().BeTrue("the wait is not over yet");
        _answered.Task.IsCompleted.Should().BeFalse("no answer before 400 ms");
        _time.Advance(TimeSpan.FromMilliseconds(101));

        var (query, from) = await _answered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        from.Should().Be("a");
        query.Questions.Should().ContainSingle().Which.Type.Should().Be(RecordType.Ptr);
        query.Answers.Select(a => a.Target!.Labels[0]).Should().Equal("one", "two", "three");
        query.IsTruncated.Should().BeFalse();
        _queries.Offer(MdnsPacket.Query([], [Ptr("late")]), "a").Should().BeFalse("after the answer, a lone known-answer packet starts nothing");
    }

    [Fact]
    public void Known_answers_from_another_source_are_not_merged()
    {
        var first = MdnsPacket.Query([new MdnsQuestion(Type, RecordType.Ptr)]) with { IsTruncated = true };

        _queries.Offer(first, "a").Should().BeTrue();

        _queries.Offer(MdnsPacket.Query([], [Ptr("two")]), "b").Should().BeFalse();
    }

    private static MdnsRecord Ptr(string instance) =>
        MdnsRecord.Pointer(Type, new DomainName([instance, .. MdnsConstants.ServiceTypeLabels, "local"]), MdnsConstants.OtherRecordTtl);
}
