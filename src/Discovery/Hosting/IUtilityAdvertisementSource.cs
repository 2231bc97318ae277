namespace ComputeUtility.Discovery.Hosting;

/// <summary>Implemented by the server: the current advertisement, or null while it is not listening yet.</summary>
public interface IUtilityAdvertisementSource
{
    UtilityAdvertisement? Current();
}
