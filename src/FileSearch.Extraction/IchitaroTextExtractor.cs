using System.Globalization;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using NPOI.HPSF;
using NPOI.POIFS.FileSystem;

namespace FileSearch.Extraction;

/// <summary>
/// Ichitaro (.jtd) documents: their body is not read, since LibreOffice has no Ichitaro import filter (none in its filter
/// registry; checked with LibreOffice 7.4 on Debian 12) and no maintained .NET library reads the format. What is indexed
/// is the file's name and its OLE document properties (<c>\u0005SummaryInformation</c>, code page 932: title,
/// subject, author, keywords, comments, where Ichitaro writes its version, and the template, where it often writes the
/// original path), read with NPOI (method <c>ichitaro-properties</c>), with the reason recorded
/// (<see cref="ExtractionResult.Unread"/>: <c>ichitaro-body-not-read</c>). A compound file that does not open is a permanent
/// <c>corrupt-ichitaro</c>.
/// </summary>
public sealed class IchitaroTextExtractor : ITextExtractor
{
    /// <summary>The reason recorded on every Ichitaro document.</summary>
    public const string UnreadReason =
        "ichitaro-body-not-read: the text of Ichitaro documents is not read (LibreOffice has no Ichitaro import filter and no maintained library reads the format); indexed by name and document properties";

    public bool CanExtract(FileKind kind) => kind == FileKind.Jtd;

    public Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        return Task.Run(() => Extract(filePath), cancellationToken);
    }

    private static ExtractionResult Extract(string filePath)
    {
        _ = JapaneseEncodings.ShiftJis; // registers code page 932, which Ichitaro writes its properties in
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new StringBuilder();
        NPOIFSFileSystem fs;
        try
        {
            fs = Ole2Inspector.Open(filePath);
        }
        catch (IOException ex)
        {
            throw ProcessingException.Permanent("corrupt-ichitaro", $"Ichitaro file is damaged: {ex.Message}", ex);
        }

        try
        {
            if (fs.Root.HasEntry(SummaryInformation.DEFAULT_STREAM_NAME)
                && ReadSummary(fs.Root) is { } summary)
            {
                Add(text, properties, "title", summary.Title);
                Add(text, properties, "subject", summary.Subject);
                Add(text, properties, "author", summary.Author);
                Add(text, properties, "keywords", summary.Keywords);
                Add(text, properties, "comments", summary.Comments);
                Add(text, properties, "template", summary.Template);
                Add(text, properties, "last-author", summary.LastAuthor);
                if (summary.CreateDateTime is { } created && created.Year > 1601)
                {
                    properties["created"] = created.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
                }
            }
        }
        finally
        {
            fs.Close();
        }

        return new ExtractionResult(text.ToString(), "ichitaro-properties", Properties: properties) { Unread = UnreadReason };
    }

    /// <summary>The property set, or null when it does not parse (the document is still indexed by name).</summary>
    private static SummaryInformation? ReadSummary(DirectoryEntry root)
    {
        try
        {
            return PropertySetFactory.Create(root, SummaryInformation.DEFAULT_STREAM_NAME) as SummaryInformation;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // NPOI reports a malformed property set with its own and runtime exception types; properties are optional.
            return null;
        }
    }

    private static void Add(StringBuilder text, Dictionary<string, string> properties, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var trimmed = value.Trim('\0', ' ', '\r', '\n');
        properties[name] = trimmed;
        text.Append(name).Append(": ").Append(trimmed).Append('\n');
    }
}
