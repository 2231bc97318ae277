using System.Net;

namespace ComputeUtility.Discovery.Registration;

/// <summary>One utility's records in a unicast DNS domain: the same instance, SRV and TXT as its mDNS announcement.</summary>
/// <param name="Domain">The browse domain, e.g. <c>cells.example.net</c>.</param>
/// <param name="Instance">The instance label, e.g. <c>Compute Utility</c>.</param>
/// <param name="HostLabel">The SRV target's first label; the target is <c>HOSTLABEL.DOMAIN</c>.</param>
/// <param name="Port">The port of the listener (the HTTPS one when TXT says <c>scheme=https</c>).</param>
/// <param name="Priority">SRV priority.</param>
/// <param name="Weight">SRV weight.</param>
/// <param name="Txt">The TXT strings, <c>txtvers=1</c> first (CU-DISC-2).</param>
/// <param name="Addresses">The host's A and AAAA addresses.</param>
public sealed record ServiceRegistration(
    string Domain,
    string Instance,
    string HostLabel,
    int Port,
    int Priority,
    int Weight,
    IReadOnlyList<string> Txt,
    IReadOnlyList<IPAddress> Addresses);
