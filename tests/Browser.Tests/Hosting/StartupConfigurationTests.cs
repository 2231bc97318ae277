namespace ComputeUtility.Browser.Tests.Hosting;

/// <summary>Settings the utility cannot run with stop it at start, with a message that says what to fix (exit code 2).</summary>
public sealed class StartupConfigurationTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("--Limits:MaxWorkers=0", "MaxWorkers")]
    [InlineData("--Limits:MaxWorkers=lots", "Limits:MaxWorkers")]
    [InlineData("--Limits:MaxWorkerz=8", "'MaxWorkerz'")]
    [InlineData("--Lan:CertificatePath=/nonexistent/utility.pem", "Lan:CertificatePath")]
    [InlineData("--Lan:CertificatePath=/etc/passwd", "does not read as a certificate")]
    [InlineData("--Packages:AllowedOrigins:0=not a url", "Packages:AllowedOrigins")]
    public async Task A_bad_setting_stops_the_utility_at_start_and_names_what_to_fix(string setting, string named)
    {
        var (exitCode, output) = await UtilityProcess.RunToExitAsync(Bound, "--urls", $"http://127.0.0.1:{LoopbackPort.Free()}",
            "--Discovery:Enabled=false", setting);

        exitCode.Should().Be(2, output);
        output.Should().Contain("cannot start with these settings").And.Contain(named).And.Contain("docs/configuration.md");
        output.Should().NotContain("   at ", "a settings mistake is reported without a stack trace");
    }

    [Fact]
    public async Task A_settings_file_given_with_config_is_read_and_one_that_is_missing_is_named()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cu-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{ "Limits": { "MaxWorkers": -3 } }""");
        try
        {
            var (badExit, badOutput) = await UtilityProcess.RunToExitAsync(Bound, "--config", file, "--urls", $"http://127.0.0.1:{LoopbackPort.Free()}",
                "--Discovery:Enabled=false");
            var (missingExit, missingOutput) = await UtilityProcess.RunToExitAsync(Bound, "--config", file + ".nope");

            badExit.Should().Be(2, badOutput);
            badOutput.Should().Contain("MaxWorkers");
            missingExit.Should().Be(2, missingOutput);
            missingOutput.Should().Contain(file + ".nope").And.Contain("does not exist");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Help_lists_the_switches_and_where_the_settings_are_described()
    {
        var (exitCode, output) = await UtilityProcess.RunToExitAsync(Bound, "--help");

        exitCode.Should().Be(0);
        output.Should().Contain("--lan").And.Contain("--config <FILE>").And.Contain("docs/configuration.md");
    }
}
