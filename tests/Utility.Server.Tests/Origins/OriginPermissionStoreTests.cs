namespace ComputeUtility.Server.Tests.Origins;

public sealed class OriginPermissionStoreTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"cu-origins-{Guid.NewGuid():N}", "origin-permissions.json");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_file)!, recursive: true);

    [Fact]
    [Requirement("CU-PERM-5")]
    public void CU_PERM_5_decisions_are_kept_in_a_file_only_the_owner_can_read_and_survive_a_restart()
    {
        var store = Open();
        store.Decide("https://app.example", permitted: true);
        store.Decide("https://evil.example", permitted: false);

        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(_file).Should().Be(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var reopened = Open();
        reopened.IsPermitted("https://app.example").Should().BeTrue();
        reopened.IsPermitted("https://evil.example").Should().BeFalse();
        reopened.IsPermitted("https://other.example").Should().BeNull();
    }

    [Fact]
    public void A_forgotten_origin_is_undecided_again_after_a_restart()
    {
        var store = Open();
        store.Decide("https://app.example", permitted: true);

        store.Forget("https://app.example").Should().BeTrue();

        store.Forget("https://app.example").Should().BeFalse();
        Open().IsPermitted("https://app.example").Should().BeNull();
    }

    private OriginPermissionStore Open() =>
        new(Options.Create(new CorsOptions { OriginPermissionFile = _file }), TimeProvider.System);
}
