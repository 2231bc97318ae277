using System.Net;

namespace ComputeUtility.Discovery.Transport;

/// <summary>A datagram as received: the bytes (valid only during the callback), who sent it, and on which socket.</summary>
internal readonly record struct MdnsDatagram(ArraySegment<byte> Data, IPEndPoint Source, MdnsSocket Socket);
