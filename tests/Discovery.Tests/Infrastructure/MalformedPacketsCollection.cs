namespace ComputeUtility.Discovery.Tests.Infrastructure;

/// <summary>
/// Tests that send malformed mDNS packets on the namespace's multicast group, and tests whose peer complains on
/// stderr about any such packet it hears (npm multicast-dns): one collection, so they never run at the same time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class MalformedPacketsCollection
{
    public const string Name = "Malformed mDNS packets on the test network";
}
