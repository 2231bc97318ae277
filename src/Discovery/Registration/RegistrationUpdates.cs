using System.Net.Sockets;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using ARSoft.Tools.Net.Dns.DynamicUpdate;
using ComputeUtility.Discovery.Wire;

namespace ComputeUtility.Discovery.Registration;

/// <summary>
/// The RFC 2136 update messages of a registration (CU-DISC-20..23): one that replaces the instance's SRV and TXT and
/// the host's addresses and adds the PTR, and one that removes them again.
/// </summary>
internal static class RegistrationUpdates
{
    public static DnsUpdateMessage Register(DomainName zone, ServiceRegistration registration, int ttl, int leaseSeconds)
    {
        var names = Names.Of(registration);
        var message = new DnsUpdateMessage { ZoneName = zone };

        // Delete-then-add in one message: the server applies it atomically, so a refresh never leaves a gap.
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Instance, RecordType.Srv));
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Instance, RecordType.Txt));
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Host, RecordType.A));
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Host, RecordType.Aaaa));
        message.Updates.Add(new AddRecordUpdate(new PtrRecord(MdnsConstants.ServiceEnumerationIn(names.Domain), ttl, names.Type)));
        message.Updates.Add(new AddRecordUpdate(new PtrRecord(names.Type, ttl, names.Instance)));
        message.Updates.Add(new AddRecordUpdate(new SrvRecord(names.Instance, ttl, (ushort)registration.Priority,
            (ushort)registration.Weight, (ushort)registration.Port, names.Host)));
        message.Updates.Add(new AddRecordUpdate(new TxtRecord(names.Instance, ttl, registration.Txt)));
        foreach (var address in registration.Addresses)
        {
            message.Updates.Add(new AddRecordUpdate(address.AddressFamily == AddressFamily.InterNetworkV6
                ? new AaaaRecord(names.Host, ttl, address)
                : new ARecord(names.Host, ttl, address)));
        }

        message.IsEDnsEnabled = true;
        message.EDnsOptions!.Options.Add(new UpdateLeaseOption(TimeSpan.FromSeconds(leaseSeconds)));
        return message;
    }

    /// <summary>Removes this instance's PTR, SRV and TXT and its host's addresses; the type's listing under <c>_services</c> stays for others.</summary>
    public static DnsUpdateMessage Remove(DomainName zone, ServiceRegistration registration)
    {
        var names = Names.Of(registration);
        var message = new DnsUpdateMessage { ZoneName = zone };
        message.Updates.Add(new DeleteRecordUpdate(new PtrRecord(names.Type, 0, names.Instance)));
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Instance, RecordType.Srv));
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Instance, RecordType.Txt));
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Host, RecordType.A));
        message.Updates.Add(new DeleteAllRecordsUpdate(names.Host, RecordType.Aaaa));
        return message;
    }

    private sealed record Names(DomainName Domain, DomainName Type, DomainName Instance, DomainName Host)
    {
        public static Names Of(ServiceRegistration registration)
        {
            var domain = DomainName.Parse(registration.Domain);
            var type = MdnsConstants.ServiceType(domain);
            return new Names(domain, type, new DomainName([registration.Instance, .. type.Labels]),
                new DomainName([registration.HostLabel, .. domain.Labels]));
        }
    }
}
