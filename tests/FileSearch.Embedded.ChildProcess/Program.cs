// Usage: FileSearch.Embedded.ChildProcess <dataDirectory> <maxMessages> <visibilityMs> <hold|exit>
// Prints "READY" once the queue is open and waits for a line on standard input, so tests can start
// several children at once. Then receives up to maxMessages (stopping early once the queue stays empty), printing "MSG <id> <receiveCount>"
// for each and "DONE <count>" at the end. With "hold" it then waits to be killed (at most two minutes).
using System.Globalization;
using FileSearch.Embedded;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var options = Options.Create(new EmbeddedStorageOptions
{
    DataDirectory = args[0],
    QueuePollInterval = TimeSpan.FromMilliseconds(20),
});
var maxMessages = int.Parse(args[1], CultureInfo.InvariantCulture);
var visibility = TimeSpan.FromMilliseconds(int.Parse(args[2], CultureInfo.InvariantCulture));
var hold = args[3] == "hold";

await using var queue = new SqliteMessageQueue(options, TimeProvider.System, NullLogger<SqliteMessageQueue>.Instance);
await queue.GetCountsAsync(CancellationToken.None);
Console.WriteLine("READY");
Console.Out.Flush();
if (await Console.In.ReadLineAsync() is null)
{
    return;
}

var count = 0;
while (count < maxMessages)
{
    var batch = await queue.ReceiveAsync(Math.Min(10, maxMessages - count), TimeSpan.FromMilliseconds(300), visibility, CancellationToken.None);
    if (batch.Count == 0)
    {
        break;
    }

    foreach (var message in batch)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"MSG {message.MessageId} {message.ReceiveCount}"));
    }

    count += batch.Count;

    // A short pause like real work, so two children started together really interleave.
    await Task.Delay(5);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"DONE {count}"));
Console.Out.Flush();
if (hold)
{
    await Task.Delay(TimeSpan.FromMinutes(2));
}
