namespace ComputeUtility.Server.Tests.Workers;

/// <summary>Ended workers keep their events within one budget for all of them: what readers already had goes first.</summary>
public sealed class RetentionBudgetTests : IAsyncLifetime
{
    private const int Budget = 1024 * 1024;
    private readonly UtilityFixture _utility = new(new() { ["Limits:MaxRetainedEventBytes"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public Task InitializeAsync() => _utility.InitializeAsync();

    public Task DisposeAsync() => _utility.DisposeAsync();

    [Fact]
    public async Task Past_the_budget_the_events_readers_had_are_dropped_and_the_unread_ones_of_another_worker_kept()
    {
        var payload = "\"" + new string('x', 200_000) + "\"";
        var read = new List<CreatedWorker>();
        for (var i = 0; i < 3; i++)
        {
            var worker = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
            await using var channel = await ChannelClient.ConnectAsync(_utility.Factory.BaseUri, worker);
            for (var m = 0; m < 3; m++)
            {
                await channel.SendJsonAsync(payload);
                await channel.ReceiveKindAsync("message");
            }

            read.Add(worker);
        }

        // A fourth worker's replies are never read: they must stay.
        var unread = await CreatedWorker.CreateAsync(_utility.Client, _utility.Echo);
        for (var m = 0; m < 3; m++)
        {
            (await _utility.Client.SendAsync(unread.Request(HttpMethod.Post, "/messages", new StringContent(payload, System.Text.Encoding.UTF8, "application/json")))).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        await WaitForAsync(() => _utility.Service<WorkerRegistry>().Find(unread.Id)!.MessagesOut == 3);
        foreach (var worker in read.Append(unread))
        {
            (await _utility.Client.SendAsync(worker.Request(HttpMethod.Delete))).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        var registry = _utility.Service<WorkerRegistry>();
        var retained = registry.All.Where(w => w.EndedAt is not null).Sum(w => w.Events.RetainedBytes);
        retained.Should().BeLessThanOrEqualTo(Budget);
        registry.Find(unread.Id)!.Events.RetainedBytes.Should().BeGreaterThan(600_000, "nobody read them");
        read.Should().OnlyContain(w => registry.Find(w.Id) == null || registry.Find(w.Id)!.Events.RetainedBytes < 10_000);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        // Bounded: 10 s in 20 ms steps.
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20);
        }

        condition().Should().BeTrue();
    }
}
