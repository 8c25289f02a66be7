using FileSearch.Core.Ports;

namespace FileSearch.Core.Pipeline.Stages;

/// <summary>
/// The order in which the extract stage asks the registered <see cref="ITextExtractor"/>s (the first that accepts a
/// file's kind extracts it), declared once by the host that composes the adapters, as the stages are; without one,
/// registration order. Extractors the order does not name come after the named ones.
/// </summary>
/// <param name="Types">Extractor types, first asked first.</param>
public sealed record ExtractorOrder(IReadOnlyList<Type> Types)
{
    /// <summary>The registered extractors in this order.</summary>
    public ITextExtractor[] Apply(IEnumerable<ITextExtractor> registered)
    {
        ArgumentNullException.ThrowIfNull(registered);
        var list = registered.ToList();
        var rank = Types.Select((type, i) => (type, i)).ToDictionary(p => p.type, p => p.i);
        return [.. list.Select((e, i) => (e, i)).OrderBy(p => rank.GetValueOrDefault(p.e.GetType(), Types.Count + p.i)).Select(p => p.e)];
    }
}
