namespace ComputeUtility.Server.Storage;

/// <summary>Locates the spec files that ship beside the server (schemas, openapi.yaml).</summary>
internal sealed class SpecFiles
{
    public string Root { get; } = Path.Combine(AppContext.BaseDirectory, "spec");

    public string SchemaPath(string file) => Path.Combine(Root, "schemas", file);

    public string OpenApiPath => Path.Combine(Root, "openapi.yaml");
}
