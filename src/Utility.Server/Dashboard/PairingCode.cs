using QRCoder;

namespace ComputeUtility.Server.Dashboard;

/// <summary>A QR code of a pairing link, as SVG, for a phone's camera.</summary>
internal static class PairingCode
{
    public static string Svg(string link)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(6);
    }
}
