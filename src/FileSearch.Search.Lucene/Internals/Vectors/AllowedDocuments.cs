using FileSearch.Core.Domain;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace FileSearch.Search.Lucene.Internals.Vectors;

/// <summary>The ids of the documents a filter accepts, for the vector store's row filter.</summary>
internal static class AllowedDocuments
{
    /// <summary>
    /// Every id <paramref name="filter"/> accepts: one pass over its matches, linear in their number. Ids come from the field
    /// cache of the id field (built once per segment and kept with it), not from stored documents: a filter that lets most
    /// of a large index through costs no decompression per document.
    /// </summary>
    public static HashSet<DocumentId> Collect(IndexSearcher searcher, Query filter)
    {
        var ids = new HashSet<DocumentId>();
        var weight = searcher.CreateNormalizedWeight(filter);
        var bytes = new BytesRef();
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var scorer = weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs);
            if (scorer is null)
            {
                continue;
            }

            var idValues = FieldCache.DEFAULT.GetTerms(leaf.AtomicReader, IndexFields.Id, setDocsWithField: false);
            for (var doc = scorer.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = scorer.NextDoc())
            {
                idValues.Get(doc, bytes);
                if (DocumentId.TryParse(bytes.Utf8ToString(), out var id))
                {
                    ids.Add(id);
                }
            }
        }

        return ids;
    }
}
