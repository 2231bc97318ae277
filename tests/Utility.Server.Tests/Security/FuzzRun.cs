namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// Sends fuzz requests one after another to a utility and judges each answer: no 5xx, every
/// error problem+json valid against problem.schema.json, every answer one the spec lists, and
/// /healthz still answering. Keeps the worker the requests aim at alive between them.
/// </summary>
internal sealed class FuzzRun(HttpClient client, OpenApiDocument spec, FuzzTargets targets, int seed)
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(20);
    private readonly ResponseValidator _validator = new(spec);
    private readonly NJsonSchema.JsonSchema _problem = spec.SchemaFile("problem.schema.json");

    public List<string> Failures { get; } = [];

    public SortedDictionary<int, int> Statuses { get; } = [];

    public HashSet<string> Operations { get; } = [];

    public int Sent { get; private set; }

    public int RefusedRestores { get; private set; }

    public async Task RunAsync(SpecFuzzer fuzzer, int count)
    {
        for (var i = 0; i < count && Failures.Count < 25; i++)
        {
            var request = fuzzer.Next(i, targets);
            Operations.Add(request.Operation);
            await SendAsync(request);
            if (i % 100 == 99 || i == count - 1)
            {
                await ExpectHealthyAsync(request);
            }
        }
    }

    private async Task SendAsync(FuzzRequest request)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        HttpResponseMessage response;
        try
        {
            using var message = request.ToMessage();
            response = await client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Failures.Add($"no answer ({ex.GetType().Name}: {ex.Message}) to {request.Describe(seed)}");
            return;
        }

        using (response)
        {
            Sent++;
            var status = (int)response.StatusCode;
            Statuses[status] = Statuses.GetValueOrDefault(status) + 1;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var body = mediaType == "text/event-stream" ? "" : await response.Content.ReadAsStringAsync(timeout.Token);
            Judge(request, status, mediaType, body);
            await FollowUpAsync(request, status, body);
        }
    }

    private void Judge(FuzzRequest request, int status, string? mediaType, string body)
    {
        var path = request.Path.Split('?')[0];
        var problems = new List<string>();
        if (status >= 500 && !IsRefusedRestore(request, status, body))
        {
            problems.Add($"answered {status}");
        }

        if (status >= 400 && request.Method != "HEAD")
        {
            if (mediaType != "application/problem+json")
            {
                problems.Add($"a {status} answer with media type '{mediaType}', not application/problem+json");
            }
            else
            {
                problems.AddRange(Validate(_problem, body).Select(e => $"problem body: {e}"));
            }
        }

        if (mediaType != "text/event-stream" && !IsNotAPreflight(request, status))
        {
            problems.AddRange(_validator.Validate(request.Method, path, status, mediaType, body));
        }

        if (problems.Count > 0)
        {
            Failures.Add($"{string.Join("; ", problems)} — body {Clip(body)} — {request.Describe(seed)}");
        }
    }

    // Only problem+json is asked of these: an OPTIONS that is no valid preflight gets 405 (openapi.yaml lists only 204 for
    // OPTIONS), and a method the operation does not have may meet a path the server normalised first (/v1/workers/.. is /v1/).
    private static bool IsNotAPreflight(FuzzRequest request, int status) =>
        (request.Method == "OPTIONS" && status == 405) || request.Mutation.Contains("method ", StringComparison.Ordinal)
        || (status == 404 && (request.Path.Contains("..", StringComparison.Ordinal) || request.Path.Contains("%2e%2e", StringComparison.Ordinal)));

    // A restore the source refuses (here: this utility, asked with a wrong snapshot token) is 502 package-fetch-failed by the spec.
    private bool IsRefusedRestore(FuzzRequest request, int status, string body)
    {
        // The same holds for the pulls of a live restore (spec 13.5): preparing one, or applying a delta to it.
        var refused = status == 502 && request.Operation is "createWorker" or "prepareRestore" or "applyRestoreDelta"
                      && body.Contains("package-fetch-failed", StringComparison.Ordinal)
                      && request.Body is { } bytes && System.Text.Encoding.UTF8.GetString(bytes).Contains("\"snapshot\"", StringComparison.Ordinal);
        RefusedRestores += refused ? 1 : 0;
        return refused;
    }

    private async Task FollowUpAsync(FuzzRequest request, int status, string body)
    {
        if (request.Operation is "createWorker" or "applyRestoreDelta" && status == 201)
        {
            // Workers the fuzz made go at once, so the worker limit is never the answer.
            using var created = JsonDocument.Parse(body);
            await DeleteAsync(created.RootElement.GetProperty("id").GetString()!, created.RootElement.GetProperty("token").GetString()!);
        }

        if (request.Operation == "prepareRestore" && status == 201)
        {
            // A prepared restore holds a worker slot until it is given up.
            using var created = JsonDocument.Parse(body);
            await DeleteAsync(created.RootElement.GetProperty("id").GetString()!, created.RootElement.GetProperty("token").GetString()!, "/v1/restores/");
        }

        using var state = new HttpRequestMessage(HttpMethod.Get, $"/v1/workers/{targets.WorkerId}");
        state.Headers.Authorization = new AuthenticationHeaderValue("Bearer", targets.WorkerToken);
        using var answer = await client.SendAsync(state);
        var gone = answer.StatusCode != HttpStatusCode.OK
                   || (await answer.Content.ReadAsStringAsync()).Contains("\"failed\"", StringComparison.Ordinal);
        if (gone)
        {
            await FuzzTargetsSetup.RenewWorkerAsync(client, targets);
        }
    }

    private async Task DeleteAsync(string id, string token, string under = "/v1/workers/")
    {
        using var delete = new HttpRequestMessage(HttpMethod.Delete, under + id);
        delete.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var _ = await client.SendAsync(delete);
    }

    private async Task ExpectHealthyAsync(FuzzRequest after)
    {
        using var timeout = new CancellationTokenSource(AnswerTimeout);
        try
        {
            using var health = await client.GetAsync("/healthz", timeout.Token);
            if (health.StatusCode != HttpStatusCode.OK)
            {
                Failures.Add($"/healthz answered {(int)health.StatusCode} after {after.Describe(seed)}");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            Failures.Add($"/healthz did not answer ({ex.Message}) after {after.Describe(seed)}");
        }
    }

    private static IEnumerable<string> Validate(NJsonSchema.JsonSchema schema, string body)
    {
        try
        {
            return schema.Validate(body).Select(e => $"{e.Path} {e.Kind}").ToList();
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            return [$"not JSON ({ex.Message})"];
        }
    }

    private static string Clip(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
