namespace ComputeUtility.Server.Tests.Workers;

public sealed class MemoryTrimmerTests
{
    private readonly FakeTimeProvider _time = new();
    private long _allocated;
    private int _trims;

    [Fact]
    public void It_trims_once_enough_workers_were_forgotten_or_none_runs_and_not_more_often_than_its_interval()
    {
        var trimmer = Trimmer();

        trimmer.AfterSweep(5, stillRunning: 3).Should().BeFalse("five forgotten while others run is not worth a full collection");
        trimmer.AfterSweep(MemoryTrimmer.WorkerThreshold, stillRunning: 3).Should().BeTrue();
        trimmer.AfterSweep(1, stillRunning: 0).Should().BeFalse("the last trim was just now");
        _time.Advance(MemoryTrimmer.MinimumInterval);
        trimmer.AfterSweep(0, stillRunning: 0).Should().BeTrue("one forgotten worker is still owed a trim, and nothing runs");

        _trims.Should().Be(2);
    }

    [Fact]
    public void After_work_an_idle_server_keeps_trimming_while_it_settles_and_then_stops()
    {
        var trimmer = Trimmer();
        trimmer.AfterSweep(20, stillRunning: 0).Should().BeTrue();

        var settling = 0;
        for (var sweep = 0; sweep < 200; sweep++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            settling += trimmer.AfterSweep(0, stillRunning: 0) ? 1 : 0;
        }

        settling.Should().Be(MemoryTrimmer.SettlingTrims, "pools give buffers up over minutes, and only a collection returns them; then it is done");
        _trims.Should().Be(1 + MemoryTrimmer.SettlingTrims);
    }

    [Fact]
    public void A_server_that_never_worked_does_not_trim_and_one_that_runs_workers_does_not_settle()
    {
        var never = Trimmer();
        for (var sweep = 0; sweep < 30; sweep++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            never.AfterSweep(0, stillRunning: 0).Should().BeFalse();
        }

        var busy = Trimmer();
        busy.AfterSweep(20, stillRunning: 0).Should().BeTrue();
        for (var sweep = 0; sweep < 30; sweep++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            busy.AfterSweep(0, stillRunning: 1).Should().BeFalse("a running worker is work, not settling");
        }

        _trims.Should().Be(1);
    }

    [Fact]
    public void Heavy_allocation_between_two_sweeps_counts_as_work_and_starts_the_settling_over()
    {
        var trimmer = Trimmer();
        trimmer.AfterSweep(20, stillRunning: 0).Should().BeTrue();
        for (var sweep = 0; sweep < 200; sweep++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
            trimmer.AfterSweep(0, stillRunning: 0);
        }

        _time.Advance(TimeSpan.FromSeconds(10));
        _allocated += MemoryTrimmer.WorkAllocationBytes - 1;
        trimmer.AfterSweep(0, stillRunning: 0).Should().BeFalse("a little allocation (a dashboard open) is not work");
        _allocated += MemoryTrimmer.WorkAllocationBytes; // say, a burst of tasks
        trimmer.AfterSweep(0, stillRunning: 0).Should().BeFalse("this sweep saw work, not settling");
        _time.Advance(MemoryTrimmer.SettlingInterval);
        trimmer.AfterSweep(0, stillRunning: 0).Should().BeTrue();
    }

    private MemoryTrimmer Trimmer() => new(_time, () => _trims++, () => _allocated);
}
