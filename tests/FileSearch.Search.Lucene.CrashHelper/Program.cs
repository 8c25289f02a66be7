using FileSearch.Search.Lucene;
using FileSearch.Testing.Conformance;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

// Usage: CrashHelper <index directory> [compact <step>]
// Default: indexes and commits "committed.txt", indexes "pending.txt" without committing, prints "ready"
// and waits (holding the write lock) until the test kills it.
// compact <step>: commits 40 documents with vectors, replaces 20 and deletes 10, commits, then compacts the vector log
// and stops at <step> ("written": new log durable but not renamed; "renamed"), printing "ready" there.
// vectors <seed>: indexes 64-d vectors of 40 images ("写真{seed}-{i}.jpg") over and over, committing every twentieth
// (more records than a 4 KiB write buffer holds in between), printing "ready" after the first commit, until the test
// kills it in the middle of it.
var options = Options.Create(new LuceneIndexOptions { IndexDirectory = args[0], VectorCompactionDeadShare = 0.95 });
var index = new LuceneSearchIndex(options, new CjkBigramTextAnalysis(), TimeProvider.System, NullLogger<LuceneSearchIndex>.Instance);
if (args.Length == 3 && args[1] == "vectors")
{
    var random = new Random(int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
    var clock = System.Diagnostics.Stopwatch.StartNew();
    for (var n = 0; clock.Elapsed < TimeSpan.FromMinutes(2); n++)
    {
        var document = TestDocuments.Create($"写真{args[2]}-{random.Next(40)}.jpg", "写真", FileSearch.Core.Domain.FileKind.Jpeg);
        await index.IndexAsync(document with { Vector = TestDocuments.Vector(random.Next(), 64) }, CancellationToken.None);
        if (n % 20 == 19)
        {
            await index.CommitAsync(CancellationToken.None);
            if (n == 19)
            {
                Console.WriteLine("ready");
            }
        }
    }

    return 1;
}

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
