using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;

namespace ComputeUtility.Server.Descriptor;

/// <summary>
/// The descriptor as a page on another origin sees it (spec 5.1, CU-DESC-11…14): an id of its own, no host name,
/// hardware only as coarse as placement needs, load as a pressure state and latency to two significant digits.
/// Works on the wire form, so a member another part adds passes through unless it is one of those.
/// </summary>
internal sealed class DescriptorMinimiser(UtilitySecret secret)
{
    public JsonObject Minimise(JsonObject full, string partition)
    {
        full["id"] = secret.IdFor(partition);
        full.Remove("name");
        if (full["hardware"] is JsonObject hardware)
        {
            full["hardware"] = CoarseHardware(hardware);
        }

        if (full["load"] is JsonObject load)
        {
            full["load"] = new JsonObject { ["pressure"] = load["pressure"]?.DeepClone() ?? PressureState.Nominal };
        }

        if (full["latency"] is JsonObject latency)
        {
            var rounded = new JsonObject();
            foreach (var (name, figure) in latency)
            {
                rounded[name] = figure is JsonObject f
                    ? new JsonObject { ["p50"] = TwoDigits(f["p50"]), ["p99"] = TwoDigits(f["p99"]) }
                    : null;
            }

            full["latency"] = rounded;
        }

        return full;
    }

    /// <summary>Cores and memory rounded down to a power of two: enough to size work, too coarse to tell machines apart.</summary>
    private static JsonObject CoarseHardware(JsonObject hardware)
    {
        var coarse = new JsonObject();
        if (hardware["cores"]?.GetValue<long>() is > 0 and var cores)
        {
            coarse["cores"] = (long)BitOperations.RoundUpToPowerOf2((ulong)cores + 1) / 2;
        }

        if (hardware["memoryBytes"]?.GetValue<long>() is > 0 and var memory)
        {
            coarse["memoryBytes"] = (long)BitOperations.RoundUpToPowerOf2((ulong)memory + 1) / 2;
        }

        return coarse;
    }

    /// <summary>Milliseconds to two significant digits (123.456 → 120, 0.4567 → 0.46).</summary>
    internal static double TwoDigits(JsonNode? node)
    {
        var value = node?.GetValue<double>() ?? 0;
        return value <= 0 ? 0 : double.Parse(value.ToString("G2", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}
