using FileSearch.Search.Lucene;
using FileSearch.Testing.Conformance;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: CrashHelper <index directory>
// Indexes and commits "committed.txt", indexes "pending.txt" without committing, prints "ready"
// and waits (holding the write lock) until the test kills it.
var options = Options.Create(new LuceneIndexOptions { IndexDirectory = args[0] });
var index = new LuceneSearchIndex(options, new CjkBigramTextAnalysis(), TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance);
await index.IndexAsync(TestDocuments.Create("committed.txt", "survives the crash"), CancellationToken.None);
await index.CommitAsync(CancellationToken.None);
await index.IndexAsync(TestDocuments.Create("pending.txt", "never committed"), CancellationToken.None);
Console.WriteLine("ready");

// Bounded: a helper whose test died must not live forever.
await Task.Delay(TimeSpan.FromMinutes(2));
return 1;
