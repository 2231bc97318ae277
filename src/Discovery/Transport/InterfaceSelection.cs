namespace ComputeUtility.Discovery.Transport;

/// <summary>The interfaces chosen for mDNS, and a sentence for each interface that was asked for and not usable.</summary>
internal sealed record InterfaceSelection(IReadOnlyList<MdnsInterface> Chosen, IReadOnlyList<string> Refused);
