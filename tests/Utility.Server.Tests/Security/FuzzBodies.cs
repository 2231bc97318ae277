namespace ComputeUtility.Server.Tests.Security;

/// <summary>
/// Request bodies for one operation: a valid body built from the operation's schema and the
/// real targets, then one mutation of it (a field of the wrong type, too big, missing, broken
/// JSON, the wrong media type, …).
/// </summary>
internal sealed class FuzzBodies(OpenApiDocument spec, Random random)
{
    private readonly Dictionary<string, JsonNode> _files = [];

    public (string? ContentType, byte[]? Body, string Mutation) For(string operationId, JsonObject operation, FuzzTargets targets)
    {
        var content = (spec.Resolve(operation["requestBody"] ?? new JsonObject())["content"] as JsonObject)?
            .Select(c => (c.Key, Schema: c.Value?["schema"])).ToList() ?? [];
        if (content.Count == 0)
        {
            return random.Next(10) == 0 ? ("application/json", "{\"unexpected\":true}"u8.ToArray(), "body where none is expected") : (null, null, "no body");
        }

        var roll = random.Next(100);
        if (roll < 8)
        {
            return (random.Pick(FuzzValues.WrongContentTypes), "{}"u8.ToArray(), "wrong content type");
        }

        if (roll < 11)
        {
            return (null, "{}"u8.ToArray(), "no content type");
        }

        if (roll < 13)
        {
            return (content[0].Key, new byte[3 * 1024 * 1024], "body past maxRequestBodyBytes");
        }

        var (mediaType, schema) = content[random.Next(content.Count)];
        if (!mediaType.Contains("json", StringComparison.Ordinal))
        {
            return (mediaType, Binary(mediaType, targets, out var how), how);
        }

        if (roll < 30)
        {
            return (mediaType, Encoding.UTF8.GetBytes(random.Pick(FuzzValues.BrokenJson)), "broken or non-object JSON");
        }

        if (roll < 33)
        {
            var depth = random.Next(65, 5000);
            return (mediaType, Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth)), $"nesting {depth} deep");
        }

        if (roll < 35)
        {
            return (mediaType, [0x7b, 0x22, 0xc3, 0x28, 0xff, 0x22, 0x3a, 0x31, 0x7d], "invalid UTF-8");
        }

        var body = schema is null ? new JsonObject() : Valid(Shape(schema), operationId, targets);
        var mutation = roll < 50 ? "valid" : Mutate(body, operationId);
        return (mediaType, Encoding.UTF8.GetBytes(body.ToJsonString()), mutation);
    }

    private byte[] Binary(string mediaType, FuzzTargets targets, out string how)
    {
        var valid = mediaType == "application/vnd.compute-utility.snapshot" ? targets.SnapshotBytes : null;
        switch (random.Next(5))
        {
            case 0 when valid is not null:
                how = "valid snapshot bytes";
                return valid;
            case 1 when valid is not null:
                how = "snapshot bytes cut short";
                return valid[..random.Next(valid.Length)];
            case 2 when valid is not null:
                how = "snapshot with one byte flipped";
                var flipped = (byte[])valid.Clone();
                flipped[random.Next(flipped.Length)] ^= 0x5a;
                return flipped;
            case 3:
                how = "empty binary body";
                return [];
            default:
                var bytes = new byte[random.Next(1, 70_000)];
                random.NextBytes(bytes);
                how = $"{bytes.Length} random bytes";
                return bytes;
        }
    }

    private string Mutate(JsonObject body, string operationId)
    {
        var names = body.Select(p => p.Key).ToList();
        var name = names.Count > 0 ? random.Pick(names) : "package";
        switch (random.Next(9))
        {
            case 0:
                body.Remove(name);
                return $"without {name}";
            case 1:
                body[name] = JsonNode.Parse(random.Pick(FuzzValues.JsonReplacements));
                return $"{name} = {body[name]?.ToJsonString() ?? "null"}";
            case 2:
                body[name] = new string('x', random.Next(2) == 0 ? 65_536 : 1_500_000);
                return $"{name} oversize string";
            case 3:
                body[name] = random.Pick(FuzzValues.BadStrings);
                return $"{name} = odd string";
            case 4 when body.ContainsKey("integrity"):
                body["integrity"] = random.Pick(FuzzValues.BadIntegrity);
                return "bad SRI";
            case 5 when body.ContainsKey("package") || body.ContainsKey("snapshot"):
                var key = body.ContainsKey("package") ? "package" : "snapshot";
                body[key] = random.Pick(FuzzValues.RefusedUrls);
                return $"{key} = refused URL";
            case 6:
                body["package"] = "http://127.0.0.1:1/m.json";
                body["snapshot"] = "http://127.0.0.1:1/s";
                body["stdin"] = "a";
                body["stdinBase64"] = "YQ==";
                return "conflicting members";
            case 7:
                body["x-" + FuzzValues.RandomText(random, 8)] = new JsonArray(1, 2, 3);
                body[FuzzValues.RandomText(random, 8)] = "unknown";
                return "unknown members";
            default:
                return operationId == "runTask" ? MutateTask(body) : "valid (again)";
        }
    }

    private string MutateTask(JsonObject body)
    {
        switch (random.Next(3))
        {
            case 0:
                body["args"] = new JsonArray(Enumerable.Range(0, random.Next(1, 5000)).Select(i => (JsonNode)JsonValue.Create("a" + i)!).ToArray());
                return "many args";
            case 1:
                body["stdinBase64"] = "not base64!!";
                return "bad base64 stdin";
            default:
                body["args"] = new JsonArray(1, null, new JsonObject());
                return "args of wrong types";
        }
    }

    private JsonObject Valid(JsonObject shape, string operationId, FuzzTargets targets)
    {
        var body = new JsonObject();
        var properties = shape["properties"] as JsonObject ?? [];
        foreach (var (name, _) in properties)
        {
            JsonNode? value = name switch
            {
                "package" => operationId == "runTask" ? targets.CommandUrl : targets.ReactorUrl,
                "integrity" => operationId == "runTask" ? targets.CommandIntegrity : targets.ReactorIntegrity,
                "snapshot" => targets.SnapshotUrl,
                "token" => targets.SnapshotToken,
                "inputBytes" => random.Next(0, 100_000),
                "args" => new JsonArray("--greeting", "hi"),
                "stdin" => random.Next(2) == 0 ? "world\n" : null,
                _ => null,
            };
            if (value is not null)
            {
                body[name] = value;
            }
        }

        return body;
    }

    /// <summary>The object schema behind a request body: references followed, one <c>oneOf</c> branch picked.</summary>
    private JsonObject Shape(JsonNode schema)
    {
        for (var hops = 0; hops < 16; hops++)
        {
            schema = spec.Resolve(schema);
            if (schema["$ref"]?.GetValue<string>() is { } reference)
            {
                schema = External(reference);
            }
            else if (schema["oneOf"] is JsonArray choices)
            {
                schema = choices[random.Next(choices.Count)]!;
            }
            else
            {
                return schema.AsObject();
            }
        }

        throw new InvalidOperationException("The request body schema nests too deeply.");
    }

    private JsonNode External(string reference)
    {
        var (file, fragment) = reference.IndexOf('#') is var hash and >= 0 ? (reference[..hash], reference[(hash + 1)..]) : (reference, "");
        var name = Path.GetFileName(file);
        if (!_files.TryGetValue(name, out var root))
        {
            root = JsonNode.Parse(File.ReadAllText(Path.Combine(spec.Directory, "schemas", name)))!;
            _files[name] = root;
        }

        var node = root;
        foreach (var part in fragment.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = node[part]!;
        }

        return node is JsonObject { } obj && obj["$ref"]?.GetValue<string>() is { } inner && inner.StartsWith("#/", StringComparison.Ordinal)
            ? External(name + inner)
            : node;
    }
}
