namespace ComputeUtility.Server.Tests.Origins;

public sealed class PageOriginTests
{
    [Theory]
    [InlineData("https://App.Example", "https://app.example")]
    [InlineData("https://app.example:443", "https://app.example")]
    [InlineData("http://app.example:80", "http://app.example")]
    [InlineData("http://app.example:8080", "http://app.example:8080")]
    [InlineData("HTTP://127.0.0.1:7470", "http://127.0.0.1:7470")]
    [InlineData("http://[::1]:7470", "http://[::1]:7470")]
    [InlineData("chrome-extension://JICLEKFGDMFLEFIHLNDGMAHBLBIHCNED", "chrome-extension://jiclekfgdmflefihlndgmahblbihcned")]
    public void Origins_are_compared_as_scheme_host_and_port_with_default_ports_dropped(string given, string expected) =>
        PageOrigin.Normalise(given).Should().Be(expected);

    [Theory]
    [InlineData("null")]
    [InlineData("app.example")]
    [InlineData("https://app.example/")]
    [InlineData("https://app.example/path")]
    [InlineData("https://app.example?q=1")]
    [InlineData("https://user@app.example")]
    [InlineData("ftp://app.example")]
    [InlineData("chrome-extension://not-an-id")]
    [InlineData("chrome-extension://jiclekfgdmflefihlndgmahblbihcned/")]
    [InlineData("chrome-extension://jiclekfgdmflefihlndgmahblbihcnez")]
    [InlineData("")]
    public void Anything_but_an_http_or_https_origin_or_an_extension_id_is_not_one(string given) =>
        PageOrigin.Normalise(given).Should().BeNull();

    [Fact]
    public void An_origin_longer_than_any_browser_sends_is_not_one() =>
        PageOrigin.Normalise("https://" + new string('a', PageOrigin.MaxLength) + ".example").Should().BeNull();
}
