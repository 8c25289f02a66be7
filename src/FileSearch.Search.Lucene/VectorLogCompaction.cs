namespace FileSearch.Search.Lucene;

/// <summary>What <see cref="LuceneSearchIndex.CompactVectorsAsync"/> did.</summary>
/// <param name="BytesBefore">Size of the image-vector log before.</param>
/// <param name="BytesAfter">Size after: live vectors only.</param>
/// <param name="Vectors">Live vectors kept.</param>
public sealed record VectorLogCompaction(long BytesBefore, long BytesAfter, int Vectors);
