using ComputeUtility.Server.Storage;
using Microsoft.Extensions.Options;

namespace ComputeUtility.Server.Origins;

/// <summary>
/// The page origins the owner allowed or denied on the dashboard, kept like access tokens: in a file only the
/// owner can read (mode 0600), so decisions survive a restart. Origins are stored normalised (<see cref="PageOrigin"/>).
/// </summary>
internal sealed class OriginPermissionStore
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly Dictionary<string, OriginDecision> _decisions = new(StringComparer.Ordinal);

    public OriginPermissionStore(IOptions<CorsOptions> options, TimeProvider time)
    {
        _time = time;
        Path = OwnerStateFolder.PathOf(options.Value.OriginPermissionFile, "origin-permissions.json");
        foreach (var decision in OwnerJsonFile.Read<OriginDecision>(Path))
        {
            if (PageOrigin.Normalise(decision.Origin) is { } origin)
            {
                _decisions[origin] = decision with { Origin = origin };
            }
        }
    }

    public string Path { get; }

    public IReadOnlyList<OriginDecision> All
    {
        get
        {
            lock (_gate)
            {
                return _decisions.Values.OrderBy(d => d.DecidedAt).ToArray();
            }
        }
    }

    /// <summary>True, false, or null when the owner has not decided about this (normalised) origin.</summary>
    public bool? IsPermitted(string origin)
    {
        lock (_gate)
        {
            return _decisions.TryGetValue(origin, out var decision) ? decision.Permitted : null;
        }
    }

    public void Decide(string origin, bool permitted)
    {
        lock (_gate)
        {
            _decisions[origin] = new OriginDecision(origin, permitted, _time.GetUtcNow());
            Save();
        }
    }

    /// <summary>Forgets the owner's decision; false when there was none.</summary>
    public bool Forget(string origin)
    {
        lock (_gate)
        {
            if (!_decisions.Remove(origin))
            {
                return false;
            }

            Save();
            return true;
        }
    }

    private void Save() => OwnerJsonFile.Write(Path, _decisions.Values.OrderBy(d => d.DecidedAt));
}
