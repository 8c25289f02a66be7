using System.Text;
using System.Text.Json;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The text of a JSON document: one line per string or number value, prefixed with its property name
/// (<c>name: value</c>), escapes decoded (<c>\u3042</c> is あ). Structure characters and quotes are left out.
/// </summary>
internal static class JsonText
{
    /// <exception cref="JsonException">The document is not valid JSON.</exception>
    public static string Read(ReadOnlySpan<byte> utf8, TextBudget budget, CancellationToken cancellationToken)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 });
        var sb = new StringBuilder();
        string? property = null;
        var tokens = 0;
        while (reader.Read() && !budget.Truncated)
        {
            if (++tokens % 4096 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString();
                    break;
                case JsonTokenType.String:
                case JsonTokenType.Number:
                    var value = reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
                    budget.Append(sb, property is null ? value : $"{property}: {value}");
                    budget.Append(sb, '\n');
                    property = null;
                    break;
                default:
                    property = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray ? property : null;
                    break;
            }
        }

        return sb.ToString().TrimEnd();
    }
}
