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

    /// <summary>
    /// The top <paramref name="k"/> of rows [0, <paramref name="rows"/>) that <paramref name="scan"/> offers (it is given a
    /// range and the heap to fill), the range split over the cores once it has <paramref name="parallelThreshold"/> rows.
    /// </summary>
    public static List<(int Row, float Score)> Collect(int rows, int k, int parallelThreshold, Action<int, int, TopK> scan)
    {
        if (rows < parallelThreshold || Environment.ProcessorCount == 1)
        {
            var top = new TopK(k);
            scan(0, rows, top);
            return top.ToList();
        }

        var parts = Environment.ProcessorCount;
        var tops = new TopK[parts];
        Parallel.For(0, parts, part =>
        {
            tops[part] = new TopK(k);
            scan((int)((long)rows * part / parts), (int)((long)rows * (part + 1) / parts), tops[part]);
        });
        for (var i = 1; i < parts; i++)
        {
            tops[0].Merge(tops[i]);
        }

        return tops[0].ToList();
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
