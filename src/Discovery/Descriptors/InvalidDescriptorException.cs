namespace ComputeUtility.Discovery.Descriptors;

/// <summary>The document at a utility's descriptor URL is not a valid descriptor.</summary>
public sealed class InvalidDescriptorException : Exception
{
    public InvalidDescriptorException()
    {
    }

    public InvalidDescriptorException(string message) : base(message)
    {
    }

    public InvalidDescriptorException(string message, Exception inner) : base(message, inner)
    {
    }

    public InvalidDescriptorException(Uri uri, IReadOnlyList<string> errors)
        : base($"{uri} is not a valid descriptor: {string.Join("; ", errors)}")
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; } = [];
}
