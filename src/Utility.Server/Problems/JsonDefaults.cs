using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ComputeUtility.Server.Problems;

/// <summary>The serializer settings of the JSON the utility writes and reads.</summary>
internal static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// The settings of every JSON request body the utility reads: members only as the spec spells them (another
    /// case is an unknown member, ignored) and numbers only as JSON numbers, never as strings.
    /// </summary>
    public static readonly JsonSerializerOptions Requests = new(Options)
    {
        PropertyNameCaseInsensitive = false,
        NumberHandling = JsonNumberHandling.Strict,
    };
}
