namespace ComputeUtility.Server.Access;

/// <summary>Marks an endpoint as one that starts work, which only callers the <see cref="AccessPolicy"/> admits may call.</summary>
internal static class CreatesWorkExtensions
{
    public static TBuilder CreatesWork<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(Access.CreatesWork.Metadata);
}
