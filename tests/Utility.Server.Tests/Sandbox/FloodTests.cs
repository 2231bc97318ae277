namespace ComputeUtility.Server.Tests.Sandbox;

/// <summary>Guests that flood their client are bounded by the event buffer and the log budget; others do not notice.</summary>
public sealed class FloodTests : IAsyncLifetime
{
    // One guest call posts 100,000 messages or 8 MiB of log: on a busy machine that call takes longer than the
    // tests' usual half-second deadline of wall time, and a worker past its deadline fails (it is not what these tests are about).
    private readonly UtilityFixture utility = new(new() { ["Limits:MessageDeadlineMs"] = "30000" });

    public Task InitializeAsync() => utility.InitializeAsync();

    public Task DisposeAsync() => utility.DisposeAsync();

    [Fact]
    public async Task A_guest_flooding_post_message_keeps_only_the_buffer_and_says_what_was_dropped()
    {
        var flooder = await CreatedWorker.CreateAsync(utility.Client, TestPackage.Publish(utility.Origin, "flooder", Guests.Flooder));
        var neighbour = await CreatedWorker.CreateAsync(utility.Client, utility.Echo);

        (await utility.Client.SendAsync(flooder.Request(HttpMethod.Post, "/messages", JsonContent.Create(1)))).EnsureSuccessStatusCode();
        for (var i = 0; i < 300 && (await StateAsync(flooder)).GetProperty("messagesOut").GetInt64() < 100_000; i++)
        {
            await Task.Delay(100); // the flood is one guest call: wait for it to end before reading
        }

        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, flooder);
        var gap = await channel.ReceiveAsync(TimeSpan.FromSeconds(30));

        gap.EventKind.Should().Be("gap", "100,000 messages in one call do not fit a 4,096-event buffer");
        gap.Data.GetProperty("missed").GetInt64().Should().BePositive();
        (await StateAsync(flooder)).GetProperty("state").GetString().Should().Be("running");
        await AnswersAsync(neighbour);
    }

    [Fact]
    public async Task A_guest_writing_past_the_log_budget_has_its_log_cut()
    {
        var chatterbox = await CreatedWorker.CreateAsync(utility.Client, TestPackage.Publish(utility.Origin, "chatterbox", Guests.Chatterbox));

        (await utility.Client.SendAsync(chatterbox.Request(HttpMethod.Post, "/messages", JsonContent.Create(1)))).EnsureSuccessStatusCode();
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, chatterbox);
        var logs = new List<string>();
        while (true)
        {
            var frame = await channel.ReceiveAsync(TimeSpan.FromSeconds(30));
            if (frame.EventKind is "binary" or "exit" or "close")
            {
                break;
            }

            if (frame.EventKind == "log")
            {
                logs.Add(frame.Data.GetProperty("text").GetString()!);
            }
        }

        logs.Should().HaveCountLessThan(1000, "8 MiB without line breaks are cut into capped lines and stop at the budget");
        logs.Should().Contain(l => l.Contains("dropped", StringComparison.Ordinal));
        logs.Sum(l => l.Length).Should().BeLessThan(8 * 1024 * 1024);
    }

    private async Task AnswersAsync(CreatedWorker worker)
    {
        await using var channel = await ChannelClient.ConnectAsync(utility.Factory.BaseUri, worker);
        await channel.SendJsonAsync("\"still here\"");
        (await channel.ReceiveKindAsync("message")).Data.GetProperty("echo").GetString().Should().Be("still here");
    }

    private async Task<JsonElement> StateAsync(CreatedWorker worker) =>
        await (await utility.Client.SendAsync(worker.Request(HttpMethod.Get))).Content.ReadFromJsonAsync<JsonElement>();
}
