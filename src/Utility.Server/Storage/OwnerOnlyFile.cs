namespace ComputeUtility.Server.Storage;

/// <summary>
/// Files only the owner may read (access tokens, page-origin decisions, the descriptor secret): written whole to a
/// temporary file created with mode 0600 in the same folder, then moved into place, so a reader never sees half a file.
/// </summary>
internal static class OwnerOnlyFile
{
    /// <summary>Writes a new temporary file next to <paramref name="path"/> and returns its name; the caller moves it.</summary>
    public static string WriteTemporary(string path, Action<Stream> write)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        {
            write(stream);
        }

        return temporary;
    }

    /// <summary>Replaces <paramref name="path"/> with what <paramref name="write"/> writes.</summary>
    public static void Replace(string path, Action<Stream> write) => File.Move(WriteTemporary(path, write), path, overwrite: true);
}
