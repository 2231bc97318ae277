using System.Globalization;
using ComputeUtility.Server.Sandbox;
using Microsoft.Extensions.Time.Testing;
using Wasmtime;

namespace ComputeUtility.Server.Tests.Sandbox;

/// <summary>
/// The epoch ticker reports a worker's passed deadline itself (DeadlineWatch), so the report never waits for the guest's
/// own thread to get a core; on a faked clock, with the ticker's check called by hand.
/// </summary>
public sealed class DeadlineWatchTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-02T15:00:00Z", CultureInfo.InvariantCulture));
    private readonly DeadlineWatch _watch = new();
    private readonly Config _config = new Config().WithEpochInterruption(true);
    private readonly Engine _engine;
    private readonly Store _store;
    private readonly List<TimeSpan> _reports = [];
    private readonly GuestDeadline _deadline;

    public DeadlineWatchTests()
    {
        _engine = new Engine(_config);
        _store = new Store(_engine);
        _deadline = new GuestDeadline(_time, _watch) { Expired = _reports.Add };
    }

    [Fact]
    public void A_call_past_its_deadline_is_reported_once_by_the_ticker_with_how_long_it_ran()
    {
        _deadline.Arm(_store, 500);
        _time.Advance(TimeSpan.FromMilliseconds(499));
        _watch.Check();
        _reports.Should().BeEmpty("the call still had a millisecond");

        _time.Advance(TimeSpan.FromMilliseconds(2));
        _watch.Check();
        _watch.Check();

        _reports.Should().Equal(TimeSpan.FromMilliseconds(501));
    }

    [Fact]
    public void A_call_that_returned_in_time_is_never_reported()
    {
        _deadline.Arm(_store, 500);
        _time.Advance(TimeSpan.FromMilliseconds(100));
        _deadline.Disarm();
        _time.Advance(TimeSpan.FromHours(1));

        _watch.Check();

        _reports.Should().BeEmpty();
    }

    [Fact]
    public void Each_call_gets_its_own_report_and_its_own_clock()
    {
        _deadline.Arm(_store, 500);
        _time.Advance(TimeSpan.FromMilliseconds(600));
        _watch.Check();
        _deadline.Disarm();

        _deadline.Arm(_store, 500);
        _time.Advance(TimeSpan.FromMilliseconds(400));
        _watch.Check();
        _time.Advance(TimeSpan.FromMilliseconds(200));
        _watch.Check();

        _reports.Should().Equal(TimeSpan.FromMilliseconds(600), TimeSpan.FromMilliseconds(600));
    }

    [Fact]
    public void A_deadline_nobody_listens_to_is_not_watched_and_only_the_guest_thread_stops_the_call()
    {
        var unwatched = new GuestDeadline(_time, _watch);
        unwatched.Arm(_store, 500);
        _time.Advance(TimeSpan.FromSeconds(1));

        _watch.Check();

        _reports.Should().BeEmpty();
        var check = () => unwatched.OnTick(_store);
        check.Should().Throw<GuestStopped>().Which.Elapsed.Should().Be(TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        _store.Dispose();
        _engine.Dispose();
        _config.Dispose();
    }
}
