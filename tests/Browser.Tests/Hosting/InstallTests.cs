using System.Diagnostics;

namespace ComputeUtility.Browser.Tests.Hosting;

/// <summary>The ways README gives to install the utility, tried as a new user would.</summary>
public sealed class InstallTests
{
    [Fact]
    public async Task The_packed_dotnet_tool_installs_into_a_new_home_starts_and_runs_the_echo_example()
    {
        var (exitCode, output) = await RunAsync(TimeSpan.FromMinutes(5), "bash", Repo.File("tools", "install", "try-tool.sh"),
            LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture));

        exitCode.Should().Be(0, output);
        output.Should().Contain("ran the echo example");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task The_systemd_unit_is_valid_and_waits_for_the_utility_to_say_it_is_ready()
    {
        var unit = Repo.File("tools", "install", "compute-utility.service");
        var home = Directory.CreateTempSubdirectory("cu-unit-home-").FullName;
        try
        {
            // The unit runs the tool from the user's ~/.dotnet/tools, as `dotnet tool install -g` puts it.
            var tool = Path.Combine(home, ".dotnet", "tools", "compute-utility");
            Directory.CreateDirectory(Path.GetDirectoryName(tool)!);
            await File.WriteAllTextAsync(tool, $"#!/bin/sh\nexec dotnet {Repo.ServerDll} \"$@\"\n");
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var (exitCode, output) = await RunAsync(TimeSpan.FromMinutes(1), "systemd-analyze", "verify", unit, environment: new() { ["HOME"] = home });

            exitCode.Should().Be(0, output);
            output.Trim().Should().BeEmpty();
            (await File.ReadAllTextAsync(unit)).Should().Contain("Type=notify").And.Contain("ExecStart=%h/.dotnet/tools/compute-utility");
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan bound, string file, params string[] args) =>
        await RunAsync(bound, file, args, null);

    private static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan bound, string file, string a, string b, Dictionary<string, string> environment) =>
        await RunAsync(bound, file, [a, b], environment);

    private static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan bound, string file, string[] args, Dictionary<string, string>? environment)
    {
        var (exitCode, output, errors) = await ToolRun.RunAsync(null, bound, file, args, environment, "./test.sh installs it when run as root");
        return (exitCode, output + errors);
    }
}
