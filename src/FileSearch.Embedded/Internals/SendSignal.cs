namespace FileSearch.Embedded.Internals;

/// <summary>Wakes long-polling receivers of the same queue instance when a message is sent.</summary>
internal sealed class SendSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the next <see cref="Pulse"/>. Take it before looking for messages, so no send is missed.</summary>
    public Task NextSend => Volatile.Read(ref _next).Task;

    public void Pulse() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
