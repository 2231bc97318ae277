using ComputeUtility.Discovery.Browsing;

namespace ComputeUtility.Discovery.Unicast;

/// <summary>
/// The order RFC 2782 gives SRV targets: by priority, lowest first; within a priority, each next one drawn at random
/// with a chance proportional to its weight, weight-0 entries placed first so they are picked rarely (CU-DISC-24).
/// </summary>
internal static class SrvOrder
{
    public static IReadOnlyList<DiscoveredUtility> Arrange(IEnumerable<DiscoveredUtility> found, Random random)
    {
        var ordered = new List<DiscoveredUtility>();
        foreach (var group in found.GroupBy(u => u.Priority).OrderBy(g => g.Key))
        {
            var left = group.OrderBy(u => u.Weight == 0 ? 0 : 1).ToList();
            while (left.Count > 0)
            {
                var total = left.Sum(u => u.Weight);
                var draw = random.Next(total + 1);
                var running = 0;
                var pick = left.Count - 1;
                for (var i = 0; i < left.Count; i++)
                {
                    running += left[i].Weight;
                    if (running >= draw)
                    {
                        pick = i;
                        break;
                    }
                }

                ordered.Add(left[pick]);
                left.RemoveAt(pick);
            }
        }

        return ordered;
    }
}
