using ARSoft.Tools.Net;

namespace ComputeUtility.Discovery.Responder;

/// <summary>What a responder publishes: one service instance of <c>_compute-utility._tcp</c> on one host.</summary>
internal sealed record ServiceAdvertisement(string InstanceName, string HostLabel, ushort Port, IReadOnlyList<string> Text)
{
    public DomainName Domain { get; init; } = Wire.MdnsConstants.Local;
}
