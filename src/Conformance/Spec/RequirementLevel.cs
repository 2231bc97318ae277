namespace ComputeUtility.Conformance.Spec;

/// <summary>The RFC 2119 strength of a requirement.</summary>
public enum RequirementLevel
{
    /// <summary>MUST or MUST NOT.</summary>
    Must,

    /// <summary>SHOULD or SHOULD NOT.</summary>
    Should,

    /// <summary>MAY.</summary>
    May,
}
