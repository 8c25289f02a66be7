using System.Text;
using System.Xml;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The text content of an XML document: text and CDATA nodes, one line per element that holds text, with
/// DTDs ignored and no external resolution (no entity expansion attacks, no file or network reads).
/// The reader honours the declared encoding (<c>&lt;?xml encoding="Shift_JIS"?&gt;</c>) or the byte-order mark.
/// </summary>
internal static class XmlContent
{
    /// <exception cref="XmlException">The document is not well-formed.</exception>
    public static string Read(byte[] bytes, TextBudget budget, CancellationToken cancellationToken)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
        };
        using var stream = new MemoryStream(bytes, writable: false);
        using var reader = XmlReader.Create(stream, settings);
        var sb = new StringBuilder();
        var nodes = 0;
        while (reader.Read() && !budget.Truncated)
        {
            if (++nodes % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
            {
                var value = reader.Value.Trim();
                if (value.Length > 0)
                {
                    if (sb.Length > 0 && sb[^1] != '\n')
                    {
                        budget.Append(sb, '\n');
                    }

                    budget.Append(sb, value);
                }
            }
        }

        return sb.ToString();
    }
}
