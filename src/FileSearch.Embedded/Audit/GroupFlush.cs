namespace FileSearch.Embedded.Audit;

/// <summary>
/// Makes appended data durable with as few <c>fsync(2)</c> calls as concurrent writers allow (group commit): a writer
/// that finds no flush of its file running flushes at once; writers that arrive while one runs wait together for the
/// next, which starts after that one ends and therefore after all of their writes. Each caller's task completes only
/// when a flush that began after its write has finished, or fails with that flush's error, whatever the error is: no
/// failure of a flush leaves a caller, or a later writer of the file, waiting.
/// </summary>
internal sealed class GroupFlush(Action<string> flush)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, State> _files = new(StringComparer.Ordinal);

    /// <summary>Completes when every write to <paramref name="path"/> finished before this call is on the disk.</summary>
    public Task FlushAsync(string path)
    {
        State state;
        TaskCompletionSource batch;
        lock (_gate)
        {
            if (_files.TryGetValue(path, out var running))
            {
                running.Next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return running.Next.Task;
            }

            state = new State();
            _files[path] = state;
            batch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Run(path, state, batch);
        return batch.Task;
    }

    /// <summary>Flushes for <paramref name="batch"/>, then hands the batch that gathered meanwhile to the thread pool.</summary>
    private void Run(string path, State state, TaskCompletionSource batch)
    {
        try
        {
            flush(path);
            batch.SetResult();
        }
        catch (Exception e)
        {
            // Not only I/O errors: anything the flush throws fails this batch (its callers see it) and the batch that
            // gathered meanwhile still gets its own flush below, so no caller waits for ever.
            batch.SetException(e);
        }

        TaskCompletionSource? next;
        lock (_gate)
        {
            next = state.Next;
            state.Next = null;
            if (next is null)
            {
                _files.Remove(path);
            }
        }

        if (next is not null)
        {
            _ = Task.Run(() => Run(path, state, next));
        }
    }

    private sealed class State
    {
        /// <summary>The writers that arrived while a flush ran; they share the next one.</summary>
        public TaskCompletionSource? Next { get; set; }
    }
}
