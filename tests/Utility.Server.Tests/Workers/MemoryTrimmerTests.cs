using ComputeUtility.Server.Workers;
using Microsoft.Extensions.Time.Testing;

namespace ComputeUtility.Server.Tests.Workers;

public sealed class MemoryTrimmerTests
{
    [Fact]
    public void It_trims_once_enough_workers_were_forgotten_or_none_runs_and_not_more_often_than_its_interval()
    {
        var time = new FakeTimeProvider();
        var trims = 0;
        var trimmer = new MemoryTrimmer(time, () => trims++);

        trimmer.AfterForgetting(5, stillRunning: 3).Should().BeFalse("five forgotten while others run is not worth a full collection");
        trimmer.AfterForgetting(MemoryTrimmer.WorkerThreshold, stillRunning: 3).Should().BeTrue();
        trimmer.AfterForgetting(1, stillRunning: 0).Should().BeFalse("the last trim was just now");
        time.Advance(MemoryTrimmer.MinimumInterval);
        trimmer.AfterForgetting(0, stillRunning: 0).Should().BeTrue("one forgotten worker is still owed a trim, and nothing runs");
        trimmer.AfterForgetting(0, stillRunning: 0).Should().BeFalse("nothing was forgotten since");

        trims.Should().Be(2);
    }
}
