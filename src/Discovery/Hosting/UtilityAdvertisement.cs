using System.Net;

namespace ComputeUtility.Discovery.Hosting;

/// <summary>What the running utility is, as the announcer needs it.</summary>
/// <param name="Name">The descriptor's <c>name</c>: the default instance name.</param>
/// <param name="Port">The port of the listener announced: the HTTPS one when <paramref name="Scheme"/> is <c>https</c>.</param>
/// <param name="ListenAddresses">The listener's addresses; <c>0.0.0.0</c> / <c>::</c> mean every interface.</param>
/// <param name="ApiVersion">The descriptor's <c>apiVersion</c> (TXT <c>api</c>).</param>
/// <param name="DescriptorVersion">The descriptor's <c>descriptorVersion</c> (TXT <c>dv</c>).</param>
/// <param name="DescriptorPath">The path of the descriptor (TXT <c>path</c>).</param>
/// <param name="Scheme"><c>http</c> or <c>https</c>: what <paramref name="Port"/> speaks (TXT <c>scheme</c>).</param>
public sealed record UtilityAdvertisement(
    string Name,
    int Port,
    IReadOnlyList<IPAddress> ListenAddresses,
    string ApiVersion,
    long DescriptorVersion,
    string DescriptorPath,
    string Scheme = "http");
