using System.ComponentModel.DataAnnotations;

namespace ComputeUtility.Server.Access;

/// <summary>
/// Serving the local network: off unless the owner opts in (<c>--lan</c> or <c>Lan:Enabled</c>), and then
/// work may only be created by clients that present an access token the owner shared.
/// </summary>
public sealed class LanOptions
{
    public const string Section = "Lan";

    /// <summary>Listen on <see cref="Address"/> as well as loopback, announce on the LAN, and require access tokens.</summary>
    public bool Enabled { get; set; }

    /// <summary>The address to listen on for LAN clients; 0.0.0.0 is every IPv4 address, :: every address.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Address { get; set; } = "0.0.0.0";

    /// <summary>Port of the HTTPS listener, used when <see cref="CertificatePath"/> is set.</summary>
    [Range(1, 65535)]
    public int HttpsPort { get; set; } = 8471;

    /// <summary>The owner's certificate for HTTPS: a PEM certificate (with <see cref="CertificateKeyPath"/>) or a PKCS#12 file.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key of <see cref="CertificatePath"/>; empty for a PKCS#12 file or a PEM that holds the key.</summary>
    public string CertificateKeyPath { get; set; } = "";

    /// <summary>Password of the key or PKCS#12 file, if it has one.</summary>
    public string CertificatePassword { get; set; } = "";

    /// <summary>How often the certificate files are checked for a renewal (read again when their time or size moved).</summary>
    [Range(1, 86_400)]
    public int CertificateCheckSeconds { get; set; } = 10;

    /// <summary>Clients on other machines need an access token to create workers and run tasks.</summary>
    public bool RequireAccessToken { get; set; } = true;

    /// <summary>Clients on this machine need one too (off: the owner's own pages and programs need none).</summary>
    public bool RequireAccessTokenOnLoopback { get; set; }

    /// <summary>Where access tokens are kept (readable by the owner only); empty means <c>$XDG_STATE_HOME/compute-utility/access-tokens.json</c>.</summary>
    public string AccessTokenFile { get; set; } = "";
}
