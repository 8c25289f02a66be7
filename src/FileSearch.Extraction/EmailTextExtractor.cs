using System.Globalization;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Errors;
using FileSearch.Core.Ports;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FileSearch.Extraction;

/// <summary>
/// Extracts the text of mail: .eml with MimeKit (method <c>mime</c>), Outlook .msg with NPOI's OLE2 reader
/// (method <c>msg</c>). The text starts with the headers a person searches by (Subject, From, To, Cc, Date),
/// then the plain body, or the HTML body as text (the HTML extractor's rules) when there is no plain one, then one
/// line naming the attachments. Attachments themselves are not extracted. Properties: <c>subject</c>, <c>truncated</c>.
/// Failures are permanent: <c>corrupt-mail</c>.
/// </summary>
public sealed class EmailTextExtractor(IOptions<ExtractionOptions> options) : ITextExtractor
{
    private readonly ExtractionOptions _options = options.Value;

    public bool CanExtract(FileKind kind) => kind is FileKind.Eml or FileKind.Msg;

    public async Task<ExtractionResult> ExtractAsync(string filePath, FileKind kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(filePath);
        var mail = await MailFiles.ReadAsync(filePath, kind, cancellationToken).ConfigureAwait(false);
        var budget = new TextBudget(_options.MaxTextChars);
        var text = Compose(mail, budget, cancellationToken);
        var properties = new Dictionary<string, string> { ["truncated"] = budget.Truncated ? "true" : "false" };
        if (!string.IsNullOrWhiteSpace(mail.Subject))
        {
            properties["subject"] = mail.Subject;
        }

        return new ExtractionResult(text, kind == FileKind.Eml ? "mime" : "msg", Properties: properties);
    }

    private static string Compose(MailParts mail, TextBudget budget, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        Header(sb, budget, "Subject", mail.Subject);
        Header(sb, budget, "From", mail.From);
        Header(sb, budget, "To", mail.To);
        Header(sb, budget, "Cc", mail.Cc);
        Header(sb, budget, "Date", mail.Date?.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture));
        var body = !string.IsNullOrWhiteSpace(mail.TextBody)
            ? mail.TextBody.Replace("\r\n", "\n", StringComparison.Ordinal)
            : mail.HtmlBody is { } html ? HtmlText.Convert(html, new TextBudget(budget.MaxChars), cancellationToken).Text : null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            budget.Append(sb, '\n');
            budget.Append(sb, body.Trim());
            budget.Append(sb, '\n');
        }

        if (mail.Attachments.Count > 0)
        {
            budget.Append(sb, '\n');
            Header(sb, budget, "Attachments", string.Join(", ", mail.Attachments));
        }

        return sb.ToString().TrimEnd();
    }

    private static void Header(StringBuilder sb, TextBudget budget, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            budget.Append(sb, $"{name}: {value.Trim()}\n");
        }
    }
}
