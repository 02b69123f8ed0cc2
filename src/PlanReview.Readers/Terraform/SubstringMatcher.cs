namespace PlanReview.Readers.Terraform;

/// <summary>
/// Finds whether a text contains any of a set of strings, in time proportional to the text
/// (Aho-Corasick). Plans can hold tens of thousands of sensitive values that share prefixes
/// (<c>arn:aws:…</c>), so checking each secret in turn, or bucketing by prefix, is quadratic.
/// </summary>
internal sealed class SubstringMatcher
{
    // All transitions of the trie in one dictionary: far smaller than a dictionary per node.
    private readonly Dictionary<(int Node, char Char), int> next = [];
    private readonly List<int> fail = [0];
    private readonly List<bool> terminal = [false];

    public SubstringMatcher(IEnumerable<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            var node = 0;
            foreach (var c in pattern)
            {
                if (!next.TryGetValue((node, c), out var child))
                {
                    child = fail.Count;
                    fail.Add(0);
                    terminal.Add(false);
                    next[(node, c)] = child;
                }

                node = child;
            }

            terminal[node] = true;
        }

        BuildFailureLinks();
    }

    public bool IsEmpty => fail.Count == 1;

    public bool ContainsAny(ReadOnlySpan<char> text)
    {
        var state = 0;
        foreach (var c in text)
        {
            int target;
            while (!next.TryGetValue((state, c), out target) && state != 0)
            {
                state = fail[state];
            }

            state = next.TryGetValue((state, c), out target) ? target : 0;
            if (terminal[state])
            {
                return true;
            }
        }

        return false;
    }

    private void BuildFailureLinks()
    {
        var children = new List<(char Char, int Child)>[fail.Count];
        foreach (var ((node, c), child) in next)
        {
            (children[node] ??= []).Add((c, child));
        }

        var queue = new Queue<int>();
        queue.Enqueue(0);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var (c, child) in children[node] ?? [])
            {
                if (node != 0)
                {
                    var f = fail[node];
                    int target;
                    while (!next.TryGetValue((f, c), out target) && f != 0)
                    {
                        f = fail[f];
                    }

                    fail[child] = next.TryGetValue((f, c), out target) && target != child ? target : 0;
                }

                terminal[child] |= terminal[fail[child]];
                queue.Enqueue(child);
            }
        }
    }
}
