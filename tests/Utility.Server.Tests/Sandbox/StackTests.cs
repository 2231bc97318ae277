namespace ComputeUtility.Server.Tests.Sandbox;

public sealed class StackTests(UtilityFixture utility) : IClassFixture<UtilityFixture>
{
    [Fact]
    public async Task Unbounded_recursion_fails_the_worker_with_guest_trap_and_the_utility_keeps_serving()
    {
        var recurser = await CreatedWorker.CreateAsync(utility.Client, TestPackage.Publish(utility.Origin, "recurser", Guests.Recurser));
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, recurser);

        await channel.SendJsonAsync("0");
        var error = await channel.ReceiveKindAsync("error");

        error.Data.GetProperty("type").GetString().Should().Be("urn:compute-utility:problem:guest-trap");
        error.Data.GetProperty("detail").GetString().Should().Contain("stack");
        var healthy = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);
        healthy.Id.Should().NotBe(recurser.Id);
    }
}
