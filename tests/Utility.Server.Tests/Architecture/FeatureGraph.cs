namespace ComputeUtility.Server.Tests.Architecture;

/// <summary>Which feature folder depends on which, each edge with a few examples of why.</summary>
internal sealed class FeatureGraph
{
    private const int ExamplesPerEdge = 3;
    private readonly SortedDictionary<string, SortedDictionary<string, List<string>>> _edges = new(StringComparer.Ordinal);

    public IEnumerable<string> Nodes => _edges.Keys;

    public void Add(string from, string to, string because)
    {
        Node(to);
        if (from == to)
        {
            Node(from);
            return;
        }

        var examples = Node(from).TryGetValue(to, out var list) ? list : _edges[from][to] = [];
        if (examples.Count < ExamplesPerEdge && !examples.Contains(because))
        {
            examples.Add(because);
        }
    }

    public bool HasEdge(string from, string to) => _edges.TryGetValue(from, out var targets) && targets.ContainsKey(to);

    public IEnumerable<string> Targets(string from) => _edges.TryGetValue(from, out var targets) ? targets.Keys : [];

    public IReadOnlyList<string> Examples(string from, string to) => _edges[from][to];

    /// <summary>The strongly connected components with more than one folder: each is one or more cycles (Tarjan).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var found = new List<IReadOnlyList<string>>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Targets(node))
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], index[next]);
                }
            }

            if (low[node] != index[node])
            {
                return;
            }

            var component = new List<string>();
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);

            if (component.Count > 1)
            {
                component.Sort(StringComparer.Ordinal);
                found.Add(component);
            }
        }

        foreach (var node in Nodes.ToArray())
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return found;
    }

    /// <summary>Each cycle's folders and the edges that close it, with examples, for a failure message.</summary>
    public string Describe(IReadOnlyList<IReadOnlyList<string>> cycles)
    {
        var text = new System.Text.StringBuilder();
        foreach (var component in cycles)
        {
            text.AppendLine($"Cycle of {component.Count} folders: {string.Join(", ", component)}");
            foreach (var from in component)
            {
                foreach (var to in Targets(from).Where(component.Contains))
                {
                    text.AppendLine($"  {from} -> {to}: {string.Join("; ", Examples(from, to))}");
                }
            }
        }

        return text.ToString();
    }

    private SortedDictionary<string, List<string>> Node(string name)
    {
        if (!_edges.TryGetValue(name, out var targets))
        {
            targets = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            _edges[name] = targets;
        }

        return targets;
    }
}
