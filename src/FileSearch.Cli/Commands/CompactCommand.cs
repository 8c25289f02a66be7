using System.CommandLine;
using System.Globalization;
using FileSearch.Core.Ports;
using FileSearch.Core.Resilience;
using FileSearch.Search.Lucene;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary>
/// <c>compact</c>: rewrites the embedded index's image-vector log without replaced and deleted vectors (commits do it on
/// their own past <c>Lucene:VectorCompactionDeadShare</c>). Crash-safe: new file, fsync, atomic rename.
/// </summary>
public static class CompactCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("compact", "Rewrite the embedded index's image-vector log without replaced and deleted vectors");
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var index = services.Get<ISearchIndex>();
            if ((index is ResilientSearchIndex resilient ? resilient.Inner : index) is not LuceneSearchIndex lucene)
            {
                AnsiConsole.MarkupLine("[red]error:[/] compact applies to the embedded index (Backends:Index=lucene); OpenSearch manages its own storage");
                return ExitCodes.Error;
            }

            var result = await lucene.CompactVectorsAsync(token).ConfigureAwait(false);
            AnsiConsole.MarkupLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Image-vector log compacted: {result.BytesBefore:N0} -> {result.BytesAfter:N0} bytes, {result.Vectors:N0} vector(s) kept."));
            return ExitCodes.Success;
        }, ct));
        return command;
    }
}
