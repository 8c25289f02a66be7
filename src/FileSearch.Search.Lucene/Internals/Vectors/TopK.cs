namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>The k best (row, score) pairs seen so far: a min-heap on score, so the worst kept one is at the root.</summary>
internal sealed class TopK(int k)
{
    private readonly PriorityQueue<int, float> _heap = new(k + 1);

    public float Worst => _heap.Count < k ? float.NegativeInfinity : _heap.TryPeek(out _, out var score) ? score : float.NegativeInfinity;

    public void Offer(int row, float score)
    {
        if (k == 0)
        {
            return;
        }

        if (_heap.Count < k)
        {
            _heap.Enqueue(row, score);
        }
        else if (score > Worst)
        {
            _heap.DequeueEnqueue(row, score);
        }
    }

    public void Merge(TopK other)
    {
        foreach (var (row, score) in other._heap.UnorderedItems)
        {
            Offer(row, score);
        }
    }

    /// <summary>Best first; equal scores by row, so results are deterministic.</summary>
    public List<(int Row, float Score)> ToList() =>
        [.. _heap.UnorderedItems.Select(i => (Row: i.Element, Score: i.Priority)).OrderByDescending(i => i.Score).ThenBy(i => i.Row)];
}
