using System.Net;
using ComputeUtility.Server.Problems;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace ComputeUtility.Server.Http;

/// <summary>
/// While the utility listens on loopback only, a request whose Host names some other machine
/// can only come from a page that rebound a DNS name to 127.0.0.1 (DNS rebinding): refuse it.
/// </summary>
internal sealed class LoopbackHostFilter(RequestDelegate next, IServer server)
{
    private bool? _loopbackOnly;

    public Task InvokeAsync(HttpContext context)
    {
        _loopbackOnly ??= IsLoopbackOnly();
        if (_loopbackOnly == true && !IsLocalName(context.Request.Host.Host))
        {
            return ProblemWriter.WriteAsync(context, ProblemTypes.InvalidRequest,
                $"This utility serves loopback only, and '{context.Request.Host.Host}' is not one of its names.");
        }

        return next(context);
    }

    private bool IsLoopbackOnly()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return addresses.Count > 0 && addresses.All(a =>
            Uri.TryCreate(a.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal),
                UriKind.Absolute, out var uri)
            && (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))));
    }

    public static bool IsLocalName(string host) =>
        string.IsNullOrEmpty(host)
        || host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || host.Equals(Environment.MachineName, StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    /// <summary>
    /// A host only this machine answers for: a local name, any address literal, or the machine's own <c>.local</c> name. A name
    /// someone else's DNS answers for could be rebound to this machine, so a page under it is never the utility's own
    /// (section 5.1, CU-PERM-2).
    /// </summary>
    public static bool IsOwnHost(string host) =>
        host.Length > 0
        && (IsLocalName(host)
            || IPAddress.TryParse(host.Trim('[', ']'), out _)
            || host.Equals(Environment.MachineName + ".local", StringComparison.OrdinalIgnoreCase));
}
