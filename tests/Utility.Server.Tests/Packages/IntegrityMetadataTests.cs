namespace ComputeUtility.Server.Tests.Packages;

public sealed class IntegrityMetadataTests
{
    private static readonly byte[] Content = "module bytes"u8.ToArray();

    [Theory]
    [InlineData("sha256")]
    [InlineData("sha384")]
    [InlineData("sha512")]
    public void Each_supported_algorithm_matches_its_own_digest(string algorithm)
    {
        var text = Sri(algorithm, Content);

        IntegrityMetadata.TryParse(text, out var metadata, out _).Should().BeTrue();

        metadata!.Matches(Hash(algorithm, Content)).Should().BeTrue();
        metadata.Matches(Hash(algorithm, "other"u8.ToArray())).Should().BeFalse();
    }

    [Fact]
    public void Only_the_strongest_algorithm_counts_when_several_are_given()
    {
        var text = $"{Sri("sha256", Content)} {Sri("sha512", "other"u8.ToArray())}";

        IntegrityMetadata.TryParse(text, out var metadata, out _).Should().BeTrue();

        metadata!.Algorithm.Should().Be(HashAlgorithmName.SHA512);
        metadata.Matches(Hash("sha512", Content)).Should().BeFalse("the sha512 digest is of other content");
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256")]
    [InlineData("md5-AAAA")]
    [InlineData("sha256-!!!")]
    [InlineData("sha256-AAAA")]
    public void Malformed_metadata_is_rejected_with_a_reason(string text)
    {
        IntegrityMetadata.TryParse(text, out _, out var error).Should().BeFalse();

        error.Should().NotBeNullOrWhiteSpace();
    }

    private static string Sri(string algorithm, byte[] content) => $"{algorithm}-{Convert.ToBase64String(Hash(algorithm, content))}";

    private static byte[] Hash(string algorithm, byte[] content) => algorithm switch
    {
        "sha256" => SHA256.HashData(content),
        "sha384" => SHA384.HashData(content),
        _ => SHA512.HashData(content),
    };
}
