using System.CommandLine;
using System.Globalization;
using FileSearch.Cli.Rendering;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using FileSearch.Core.Security;
using FileSearch.Imaging;
using FileSearch.Server.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>show &lt;id|path&gt; [--full-text]</c>: a document's metadata and text.</summary>
public static class ShowCommand
{
    private const int PreviewChars = 800;

    public static Command Create(GlobalOptions globals)
    {
        var target = new Argument<string>("document") { Description = "Document id, original path or object key" };
        var fullText = new Option<bool>("--full-text") { Description = "Print all of the extracted text" };
        var json = JsonOutput.Option();
        var asUser = CallerOption.Create();
        var command = new Command("show", "Show a document's metadata and extracted text") { target, fullText, json, asUser };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            if (await CallerOption.ResolveOrReportAsync(services, parse.GetValue(asUser), "show", token).ConfigureAwait(false) is not { } caller)
            {
                return ExitCodes.Usage;
            }

            var record = await FindAsync(services.Get<IMetadataStore>(), parse.GetValue(target)!, token).ConfigureAwait(false);
            var decision = record is null ? null : AccessDecision.For(record.Permissions, caller.Principals(), caller.IsAdmin);
            await services.Get<AuditLog>().DocumentReadAsync(caller, AuditAction.Text, record?.Id.Value ?? parse.GetValue(target)!, decision, token)
                .ConfigureAwait(false);
            if (record is null || decision is not { Allowed: true })
            {
                AnsiConsole.MarkupLine($"[red]error:[/] no document {Markup.Escape(parse.GetValue(target)!)}");
                return ExitCodes.NotFound;
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(Dtos.Document(record, UncMapper.From(services.Get<IConfiguration>()), services.Get<IOptions<ThumbnailOptions>>().Value.Placeholders));
                return ExitCodes.Success;
            }

            Render(record, parse.GetValue(fullText));
            return ExitCodes.Success;
        }, ct));
        return command;
    }

    internal static async Task<DocumentRecord?> FindAsync(IMetadataStore metadata, string target, CancellationToken cancellationToken)
    {
        if (DocumentId.TryParse(target, out var id) && await metadata.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } byId)
        {
            return byId;
        }

        return await metadata.FindByPathAsync(target, cancellationToken).ConfigureAwait(false)
            ?? (File.Exists(target) ? await metadata.FindByPathAsync(Path.GetFullPath(target), cancellationToken).ConfigureAwait(false) : null);
    }

    /// <summary>Extracted length, and when the text was cut, the stored (and indexed) length beside it.</summary>
    internal static string TextLength(DocumentRecord r) => r.Truncated
        ? string.Create(CultureInfo.InvariantCulture,
            $"{r.StoredTextLength:N0} characters stored and indexed of {r.TextLength:N0} extracted (truncated at Pipeline:MaxStoredTextChars)")
        : string.Create(CultureInfo.InvariantCulture, $"{r.TextLength:N0} characters");

    private static void Render(DocumentRecord r, bool fullText)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                grid.AddRow(new Markup($"[dim]{name}[/]"), new Text(value));
            }
        }

        Row("id", r.Id.Value);
        Row("name", r.Name);
        Row("path", r.OriginalPath);
        Row("object", $"{r.Bucket}/{r.Key}");
        Row("type", $"{r.Kind.ShortName()} ({r.MimeType})");
        Row("size", r.Size.ToString("N0", CultureInfo.InvariantCulture) + " bytes");
        Row("status", r.Status.ToString().ToUpperInvariant());
        Row("failure", r.FailureReason);
        Row("extraction", r.ExtractionMethod);
        Row("pages", r.PageCount?.ToString(CultureInfo.InvariantCulture));
        Row("OCR confidence", r.OcrConfidence?.ToString("F1", CultureInfo.InvariantCulture));
        if (r.Ocr is { } ocr)
        {
            Row("OCR pages", OcrSummaryView.Counts(ocr));
            Row("OCR weak pages", OcrSummaryView.PageList(ocr, p => p.Weak));
            Row("OCR missing pages", OcrSummaryView.PageList(ocr, p => p.Status != OcrPageStatus.Recognized));
        }

        Row("text length", TextLength(r));
        Row("thumbnails", string.Join(", ", r.ThumbnailKeys));
        Row("members", r.ChildIds.Count == 0 ? null : $"{r.ChildIds.Count.ToString(CultureInfo.InvariantCulture)} indexed as documents of their own");
        Row("image vector", r.VectorPending ? "pending (embedder was unavailable; run 'backfill vectors')" : r.VectorModel);
        Row("version", r.Version.ToString());
        Row("etag", r.ETag);
        Row("SHA-256", r.ContentSha256);
        Row("updated", r.UpdatedAt.ToString("u", CultureInfo.InvariantCulture));
        AnsiConsole.Write(new Panel(grid).Header(Markup.Escape(r.Name)).Border(BoxBorder.Rounded));
        if (r.Ocr is { } pages)
        {
            OcrSummaryView.WritePages(pages, fullText);
        }

        var text = r.Text ?? string.Empty;
        if (text.Length == 0)
        {
            return;
        }

        var shown = fullText || text.Length <= PreviewChars ? text : text[..PreviewChars];
        Console.WriteLine(shown);
        if (shown.Length < text.Length)
        {
            AnsiConsole.MarkupLine($"[dim]... {text.Length - shown.Length:N0} more characters (--full-text)[/]");
        }
    }
}
