using System.Collections.Concurrent;
using FileSearch.Core.Domain;
using FileSearch.Search.Lucene.Internals.Vectors;
using FileSearch.Testing;
using static FileSearch.Search.Lucene.Tests.Vectors.SyntheticVectors;

namespace FileSearch.Search.Lucene.Tests.Vectors;

/// <summary>
/// The vector store under the worker's traffic for a few seconds: concurrent puts and deletes of shared and distinct ids,
/// flushes that compact often, searches (filtered or not) and gets that re-read float vectors, the writer reopened, and
/// a second store on the same directory reading the log the writer appends to and rewrites. Every operation must
/// succeed and both stores must end with exactly the vectors the writes left.
/// </summary>
[Trait("Category", "Resilience")]
public sealed class VectorStoreStressTests : IDisposable
{
    private const int Ids = 64;
    private const int Dimension = 96;

    private readonly TempDirectory _temp = new("vector-stress");

    public void Dispose() => _temp.Dispose();

    private string Dir => _temp.Combine("index");

    private static DocumentId Id(int i) => DocumentId.From("b", $"写真{i}.jpg");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task ConcurrentWritesSearchesCompactionsReopensAndSecondReader_NeverFailAndEndConsistent(int seed)
    {
        var policy = new VectorCompactionPolicy(0.3, 0);
        var writer = new VectorStore(Dir, policy);
        var writerGate = new ReaderWriterLockSlim(LockRecursionPolicy.NoRecursion);
        var model = new float[]?[Ids];
        var idLocks = Enumerable.Range(0, Ids).Select(_ => new object()).ToArray();
        var failures = new ConcurrentQueue<Exception>();
        var reads = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        void Run(int thread, Action<Random> step) => Guard(failures, stop.Token, new Random((seed * 100) + thread), step);

        void WithWriter(Action<VectorStore> action)
        {
            writerGate.EnterReadLock();
            try
            {
                action(writer);
            }
            finally
            {
                writerGate.ExitReadLock();
            }
        }

        var tasks = new List<Task>();
        for (var t = 0; t < 3; t++)
        {
            var thread = t;
            tasks.Add(Task.Run(() => Run(thread, random =>
            {
                // Threads share the low ids and each has a range of its own; per-id locks order writes as the index ledger does.
                var i = random.Next(2) == 0 ? random.Next(8) : 8 + (thread * 18) + random.Next(18);
                var put = random.Next(10) < 7;
                var vector = put ? Create(random.Next(), Dimension) : null;
                lock (idLocks[i])
                {
                    WithWriter(w =>
                    {
                        if (vector is null)
                        {
                            w.Delete(Id(i));
                        }
                        else
                        {
                            w.Put(Id(i), vector);
                        }
                    });
                    model[i] = vector is null ? null : VectorStore.Normalise(vector);
                }
            })));
        }

        // Commits: the flush before each Lucene commit, compacting past 30 % dead records.
        tasks.Add(Task.Run(() => Run(10, _ =>
        {
            WithWriter(w => w.Flush());
            Thread.Sleep(1);
        })));

        // Searches and gets of the writing process, re-reading float vectors through the writer's handle.
        tasks.Add(Task.Run(() => Run(11, random =>
        {
            var filter = random.Next(2) == 0 ? null : new Func<DocumentId, bool>(id => id.Value[0] < '8');
            WithWriter(w =>
            {
                _ = w.Search(Create(random.Next(), Dimension), 1 + random.Next(20), filter);
                _ = w.Get(Id(random.Next(Ids)));
            });
            Interlocked.Increment(ref reads);
        })));

        // Index reopen: the writer closed and a new one opened on the same log, which it replays.
        tasks.Add(Task.Run(() => Run(12, _ =>
        {
            Thread.Sleep(40);
            writerGate.EnterWriteLock();
            try
            {
                writer.Dispose();
                writer = new VectorStore(Dir, policy);
            }
            finally
            {
                writerGate.ExitWriteLock();
            }
        })));

        // A second store on the same directory (a search process): reads what the writer appended and rewrote.
        tasks.Add(Task.Run(() => Run(13, random =>
        {
            using var reader = new VectorStore(Dir, policy);
            for (var n = 0; n < 50 && !stop.IsCancellationRequested; n++)
            {
                var filter = random.Next(2) == 0 ? null : new Func<DocumentId, bool>(id => id.Value[0] >= '8');
                _ = reader.Search(Create(random.Next(), Dimension), 1 + random.Next(20), filter);
                _ = reader.Get(Id(random.Next(Ids)));
                Interlocked.Increment(ref reads);
            }
        })));

        await Task.WhenAll(tasks);
        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(3)));
        Assert.True(reads > 10, $"{reads} reads");

        writer.Flush();
        AssertHolds(writer, model);
        using (var reader = new VectorStore(Dir, policy))
        {
            AssertHolds(reader, model);
        }

        writer.Dispose();
        using var reopened = new VectorStore(Dir, policy);
        AssertHolds(reopened, model);
        writerGate.Dispose();
    }


    [Theory]
    [InlineData(21)]
    [InlineData(24)] // with the buffered reader, this one's torn records ended in a reader holding the wrong vectors
    public void RandomSequencesOfWriterAndReaderOperations_ReaderMatchesWriterAfterEachFlush(int seed)
    {
        var random = new Random(seed);
        var policy = new VectorCompactionPolicy(0.3, 0);
        var model = new float[]?[Ids];
        VectorStore? writer = null;
        VectorStore? reader = null;
        try
        {
            for (var step = 0; step < 4000; step++)
            {
                var i = random.Next(Ids / 2);
                var op = random.Next(100);
                var dimension = random.Next(50) == 0 ? Dimension / 2 : Dimension;
                if (op < 40)
                {
                    writer ??= new VectorStore(Dir, policy);
                    var vector = Create(random.Next(), dimension);
                    writer.Put(Id(i), vector);
                    if (dimension != (model.FirstOrDefault(v => v is not null)?.Length ?? dimension))
                    {
                        Array.Clear(model);
                    }

                    model[i] = VectorStore.Normalise(vector);
                }
                else if (op < 55)
                {
                    writer ??= new VectorStore(Dir, policy);
                    writer.Delete(Id(i));
                    model[i] = null;
                }
                else if (op < 62)
                {
                    if (writer is not null)
                    {
                        writer.Flush();
                        reader ??= new VectorStore(Dir, policy);
                        AssertHolds(reader, model);
                    }
                }
                else if (op < 64)
                {
                    writer ??= new VectorStore(Dir, policy);
                    writer.Compact();
                }
                else if (op < 72)
                {
                    writer ??= new VectorStore(Dir, policy);
                    _ = writer.Count;
                    _ = writer.Search(Create(random.Next(), Math.Max(1, writer.Dimension)), 5, random.Next(2) == 0 ? null : id => id.Value[0] < '8');
                    Assert.Equal(model[i], writer.Get(Id(i)));
                }
                else if (op < 75)
                {
                    writer?.Dispose();
                    writer = null;
                }
                else if (op < 90)
                {
                    reader ??= new VectorStore(Dir, policy);
                    _ = reader.Count; // replays what the writer appended, which may change the dimension
                    _ = reader.Search(Create(random.Next(), Math.Max(1, reader.Dimension)), 5, random.Next(2) == 0 ? null : id => id.Value[0] >= '8');
                    _ = reader.Get(Id(i));
                    _ = reader.Count;
                }
                else if (op < 93)
                {
                    reader?.Dispose();
                    reader = null;
                }
                else if (op < 96 && writer is null && File.Exists(Path.Combine(Dir, VectorStore.FileName)))
                {
                    // A writer killed in the middle of a record: its first bytes reached the file, the rest never will.
                    using var log = new FileStream(Path.Combine(Dir, VectorStore.FileName), FileMode.Append, FileAccess.Write);
                    var torn = new byte[1 + 16 + 4 + (Dimension * 4)];
                    torn[0] = 1;
                    BitConverter.TryWriteBytes(torn.AsSpan(17), Dimension);
                    random.NextBytes(torn.AsSpan(21));
                    log.Write(torn, 0, random.Next(1, torn.Length));
                }
            }
        }
        finally
        {
            writer?.Dispose();
            reader?.Dispose();
        }
    }

    private static void Guard(ConcurrentQueue<Exception> failures, CancellationToken stop, Random random, Action<Random> step)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                step(random);
            }
            catch (Exception ex)
            {
                failures.Enqueue(ex);
                return;
            }
        }
    }

    private static void AssertHolds(VectorStore store, float[]?[] model)
    {
        Assert.Equal(model.Count(v => v is not null), store.Count);
        for (var i = 0; i < model.Length; i++)
        {
            Assert.Equal(model[i], store.Get(Id(i)));
        }
    }
}
