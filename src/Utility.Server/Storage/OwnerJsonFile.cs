using System.Text.Json;

namespace ComputeUtility.Server.Storage;

/// <summary>A list of records kept as indented JSON in a file only the owner can read (<see cref="OwnerOnlyFile"/>).</summary>
internal static class OwnerJsonFile
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The records in <paramref name="path"/>, or none when the file does not exist yet.</summary>
    public static IReadOnlyList<T> Read<T>(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<List<T>>(File.ReadAllText(path), FileJson) ?? [] : [];

    /// <summary>Replaces the file with <paramref name="records"/>, atomically.</summary>
    public static void Write<T>(string path, IEnumerable<T> records) =>
        OwnerOnlyFile.Replace(path, stream => JsonSerializer.Serialize(stream, records.ToArray(), FileJson));
}
