using Microsoft.Extensions.Configuration.Json;

namespace ComputeUtility.Server.Hosting;

/// <summary>
/// The owner's one settings file: <c>--config FILE</c>, or <c>$XDG_CONFIG_HOME/compute-utility/config.json</c> when it
/// exists. It overrides appsettings.json; environment variables and the command line override it.
/// </summary>
internal static class UserConfigurationFile
{
    public static string DefaultPath =>
        Path.Combine(Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config"), "compute-utility", "config.json");

    /// <summary>Adds the file after the appsettings files; returns its path, or null when there is none.</summary>
    public static string? Add(ConfigurationManager configuration, string? explicitPath)
    {
        var path = explicitPath ?? DefaultPath;
        if (explicitPath is null && !File.Exists(path))
        {
            return null;
        }

        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            throw new ConfigurationProblem([$"--config names '{path}', which does not exist."]);
        }

        var sources = ((IConfigurationBuilder)configuration).Sources;
        var afterAppSettings = sources.Select((s, i) => (s, i)).LastOrDefault(x => x.s is JsonConfigurationSource).i + 1;
        var source = new JsonConfigurationSource { Path = Path.GetFileName(path), Optional = false, ReloadOnChange = false };
        source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.GetDirectoryName(path)!);
        try
        {
            sources.Insert(afterAppSettings, source);
        }
        catch (InvalidDataException e)
        {
            throw new ConfigurationProblem([$"{path} is not valid JSON: {e.InnerException?.Message ?? e.Message}"]);
        }

        return path;
    }
}
