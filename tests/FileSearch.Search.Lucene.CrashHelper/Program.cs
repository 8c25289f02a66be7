using FileSearch.Search.Lucene;
using FileSearch.Testing.Conformance;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: CrashHelper <index directory> [compact <step>]
// Default: indexes and commits "committed.txt", indexes "pending.txt" without committing, prints "ready"
// and waits (holding the write lock) until the test kills it.
// compact <step>: commits 40 documents with vectors, replaces 20 and deletes 10, commits, then compacts the vector log
// and stops at <step> ("written": new log durable but not renamed; "renamed"), printing "ready" there.
var options = Options.Create(new LuceneIndexOptions { IndexDirectory = args[0], VectorCompactionDeadShare = 0.95 });
var index = new LuceneSearchIndex(options, new CjkBigramTextAnalysis(), TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance);
if (args.Length == 3 && args[1] == "compact")
{
    for (var i = 0; i < 40; i++)
    {
        await index.IndexAsync(TestDocuments.Create($"doc{i}.png", "写真") with { Vector = TestDocuments.Vector(i) }, CancellationToken.None);
    }

    await index.CommitAsync(CancellationToken.None);
    for (var i = 0; i < 30; i++)
    {
        var document = TestDocuments.Create($"doc{i}.png", "写真");
        await (i < 20 ? index.IndexAsync(document with { Vector = TestDocuments.Vector(100 + i) }, CancellationToken.None) : index.DeleteAsync(document.Id, CancellationToken.None));
    }

    await index.CommitAsync(CancellationToken.None);
    index.VectorCompactionHook = step =>
    {
        if (step == args[2])
        {
            Console.WriteLine("ready");
            Thread.Sleep(TimeSpan.FromMinutes(2));
        }
    };
    await index.CompactVectorsAsync(CancellationToken.None);
    return 1;
}

await index.IndexAsync(TestDocuments.Create("committed.txt", "survives the crash"), CancellationToken.None);
await index.CommitAsync(CancellationToken.None);
await index.IndexAsync(TestDocuments.Create("pending.txt", "never committed"), CancellationToken.None);
Console.WriteLine("ready");

// Bounded: a helper whose test died must not live forever.
await Task.Delay(TimeSpan.FromMinutes(2));
return 1;
