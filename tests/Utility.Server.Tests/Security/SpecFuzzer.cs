namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// Makes requests from openapi.yaml: operation after operation in turn, each with valid,
/// boundary or invalid values for its path, query and header parameters, its credentials and its
/// body. Deterministic for a seed: the same seed and targets give the same requests.
/// </summary>
internal sealed class SpecFuzzer
{
    // HttpClient owns these; a fuzzed Connection or Upgrade would change the transport, not the request.
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase) { "Connection", "Upgrade" };

    private readonly OpenApiDocument _spec;
    private readonly List<(string Path, string Method, JsonObject Operation)> _operations;
    private readonly Random _random;
    private readonly FuzzBodies _bodies;

    public SpecFuzzer(OpenApiDocument spec, int seed)
    {
        _spec = spec;
        _operations = spec.Operations().ToList();
        _random = new Random(seed);
        _bodies = new FuzzBodies(spec, _random);
    }

    public IReadOnlyList<string> OperationIds => _operations.Select(o => o.Operation["operationId"]!.GetValue<string>()).ToList();

    public FuzzRequest Next(int index, FuzzTargets targets)
    {
        var (template, method, operation) = _operations[index % _operations.Count];
        var operationId = operation["operationId"]!.GetValue<string>();
        var notes = new List<string>();
        var headers = new List<KeyValuePair<string, string>>();
        var query = new List<string>();

        var path = template
            .Replace("{id}", PathValue(targets.WorkerId, "id", notes), StringComparison.Ordinal)
            .Replace("{snapshotId}", PathValue(targets.SnapshotId ?? "s-none", "snapshotId", notes), StringComparison.Ordinal);
        foreach (var parameter in Parameters(template, operation))
        {
            var name = parameter["name"]!.GetValue<string>();
            var place = parameter["in"]!.GetValue<string>();
            var often = name is "Origin" or "Access-Control-Request-Method"; // what makes an OPTIONS a preflight
            if (place == "path" || TransportHeaders.Contains(name) || _random.Next(often ? 8 : 2) == 0)
            {
                continue;
            }

            var value = ParameterValue(name, parameter["schema"] as JsonObject, targets, notes);
            if (place == "query")
            {
                query.Add(Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value));
            }
            else if (place == "header")
            {
                headers.Add(new(name, value));
            }
        }

        Credentials(operation, operationId, targets, headers, notes);
        if (_random.Next(8) == 0)
        {
            var origin = _random.Next(3) == 0 ? new Uri(targets.ReactorUrl).GetLeftPart(UriPartial.Authority) : _random.Pick(FuzzValues.RequestOrigins);
            headers.Add(new("Origin", origin));
            notes.Add("Origin " + origin);
        }

        var (contentType, body, bodyNote) = _bodies.For(operationId, operation, targets);
        notes.Add(bodyNote);
        var sentMethod = method.ToUpperInvariant();
        if (_random.Next(40) == 0)
        {
            sentMethod = _random.Pick(["PUT", "PATCH", "TRACE", "DELETE", "POST", "PROPFIND"]);
            notes.Add("method " + sentMethod);
        }

        var target = query.Count == 0 ? path : path + "?" + string.Join('&', query);
        return new FuzzRequest(index, operationId, string.Join("; ", notes), sentMethod, target, headers, contentType, body);
    }

    private IEnumerable<JsonObject> Parameters(string template, JsonObject operation)
    {
        var shared = _spec.Root["paths"]![template]!["parameters"] as JsonArray ?? [];
        var own = operation["parameters"] as JsonArray ?? [];
        return shared.Concat(own).Select(p => _spec.Resolve(p!).AsObject());
    }

    private string PathValue(string valid, string name, List<string> notes)
    {
        var roll = _random.Next(10);
        if (roll < 6)
        {
            return valid;
        }

        var bad = roll < 8 ? "w-" + FuzzValues.RandomText(_random, 26) : _random.Pick(FuzzValues.BadIds);
        notes.Add($"{name} = {(bad.Length > 40 ? bad[..40] + "…" : bad)}");

        // A "." or ".." segment, even escaped, is resolved away before routing (RFC 3986 §5.2.4, by the client or by the
        // server), so the request would reach another operation than the one it is checked against: "..." stands in.
        return bad is "." or ".." ? "..." : bad;
    }

    private string ParameterValue(string name, JsonObject? schema, FuzzTargets targets, List<string> notes)
    {
        var valid = _random.Next(2) == 0;
        var value = (name, schema?["type"]?.GetValue<string>(), valid) switch
        {
            ("access_token", _, true) => targets.WorkerToken,
            ("access_token", _, false) => _random.Next(2) == 0 ? FuzzValues.RandomText(_random, 43) : _random.Pick(FuzzValues.BadStrings),
            (_, "integer", true) => _random.Next(0, 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
            (_, "integer", false) => _random.Pick(FuzzValues.BadIntegers),
            ("Last-Event-ID", _, true) => _random.Next(0, 50).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ("Last-Event-ID", _, false) => _random.Pick(FuzzValues.BadIntegers),
            (_, _, true) when schema?["enum"] is JsonArray choices => choices[_random.Next(choices.Count)]!.ToString(),
            (_, _, true) when schema?.Parent is JsonObject parameter && parameter["example"] is { } example => example.ToString(),
            (_, _, true) => "x",
            _ => _random.Pick(FuzzValues.BadStrings),
        };
        if (!valid)
        {
            notes.Add($"{name} invalid");
        }

        return value;
    }

    private void Credentials(JsonObject operation, string operationId, FuzzTargets targets, List<KeyValuePair<string, string>> headers, List<string> notes)
    {
        if (operation["security"] is not JsonArray { Count: > 0 })
        {
            return;
        }

        var valid = operationId == "getSnapshot" ? targets.SnapshotToken ?? "none" : targets.WorkerToken;
        var other = operationId == "getSnapshot" ? targets.WorkerToken : targets.SnapshotToken ?? "none";
        var (header, note) = _random.Next(12) switch
        {
            < 6 => ("Bearer " + valid, (string?)null),
            6 => (null, "no credentials"),
            7 => ("Bearer " + FuzzValues.RandomText(_random, valid.Length), "wrong token"),
            8 => ("Bearer " + other, "the other kind of token"),
            9 => ("Bearer " + valid[..^1] + (valid[^1] == 'A' ? 'B' : 'A'), "token off by one character"),
            10 => (_random.Pick(["Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "bearer " + valid, "Bearer  " + valid, "Token " + valid]), "malformed Authorization"),
            _ => ("Bearer " + new string('A', 7000), "7000-character token"),
        };
        if (header is not null)
        {
            headers.Add(new("Authorization", header));
        }

        if (note is not null)
        {
            notes.Add(note);
        }
    }
}
