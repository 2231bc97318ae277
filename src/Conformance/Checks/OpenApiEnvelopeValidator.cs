using ComputeUtility.Conformance.Spec;

namespace ComputeUtility.Conformance.Checks;

/// <summary>Validates channel envelopes against channel-event.schema.json.</summary>
internal sealed class OpenApiEnvelopeValidator(OpenApiDocument spec)
{
    public void Validate(string envelope)
    {
        var errors = spec.SchemaFile("channel-event.schema.json").Validate(envelope);
        Ensure.That(errors.Count == 0,
            $"CU-CHAN-14: an envelope does not match channel-event.schema.json ({string.Join("; ", errors.Select(e => $"{e.Path} {e.Kind}"))}): {Answer.Shorten(envelope)}");
    }
}
