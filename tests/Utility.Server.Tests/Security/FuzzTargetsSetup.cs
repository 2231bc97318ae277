namespace ComputeUtility.Server.Tests.Security;

/// <summary>Makes the real worker, snapshot and packages fuzz requests aim at when they mean to be valid.</summary>
internal static class FuzzTargetsSetup
{
    public static async Task<FuzzTargets> CreateAsync(HttpClient client, TestOrigin origin)
    {
        var echo = TestPackage.Publish(origin, "echo", Repo.Example("echo/echo.wasm"));
        var hello = TestPackage.Publish(origin, "hello", Repo.Example("hello/hello.wasm"), kind: "command");
        var worker = await CreatedWorker.CreateAsync(client, echo);
        var targets = new FuzzTargets
        {
            WorkerId = worker.Id,
            WorkerToken = worker.Token,
            ReactorUrl = echo.ManifestUrl.ToString(),
            ReactorIntegrity = echo.Integrity,
            CommandUrl = hello.ManifestUrl.ToString(),
            CommandIntegrity = hello.Integrity,
            ModuleUrl = origin.Url("echo/echo.wasm").ToString(),
        };
        await SnapshotAsync(client, targets);
        return targets;
    }

    /// <summary>Replaces the target worker (the fuzz deleted it or made it fail) with a fresh one and a snapshot of it.</summary>
    public static async Task RenewWorkerAsync(HttpClient client, FuzzTargets targets)
    {
        var response = await client.PostAsJsonAsync("/v1/workers", new { package = targets.ReactorUrl, integrity = targets.ReactorIntegrity });
        using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, created.RootElement.ToString());
        targets.WorkerId = created.RootElement.GetProperty("id").GetString()!;
        targets.WorkerToken = created.RootElement.GetProperty("token").GetString()!;
        await SnapshotAsync(client, targets);
    }

    private static async Task SnapshotAsync(HttpClient client, FuzzTargets targets)
    {
        using var take = new HttpRequestMessage(HttpMethod.Post, $"/v1/workers/{targets.WorkerId}/snapshots");
        take.Headers.Authorization = new AuthenticationHeaderValue("Bearer", targets.WorkerToken);
        using var taken = await client.SendAsync(take);
        using var snapshot = JsonDocument.Parse(await taken.Content.ReadAsStringAsync());
        taken.StatusCode.Should().Be(System.Net.HttpStatusCode.Created, snapshot.RootElement.ToString());
        targets.SnapshotId = snapshot.RootElement.GetProperty("id").GetString();
        targets.SnapshotToken = snapshot.RootElement.GetProperty("token").GetString();
        targets.SnapshotUrl = snapshot.RootElement.GetProperty("url").GetString();

        using var pull = new HttpRequestMessage(HttpMethod.Get, new Uri(targets.SnapshotUrl!).PathAndQuery);
        pull.Headers.Authorization = new AuthenticationHeaderValue("Bearer", targets.SnapshotToken);
        using var pulled = await client.SendAsync(pull);
        targets.SnapshotBytes = await pulled.Content.ReadAsByteArrayAsync();
    }
}
