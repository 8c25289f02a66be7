using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>The index schema: field names and the mapping between <see cref="IndexDocument"/> and Lucene documents.</summary>
internal static class IndexFields
{
    public const string Id = "id";
    public const string Bucket = "bucket";
    public const string Key = "key";
    public const string Name = "name";
    public const string Path = "path";
    public const string PathExact = "path_exact";
    public const string Kind = "kind";
    public const string Size = "size";
    public const string Modified = "modified";
    public const string Indexed = "indexed";
    public const string Text = "text";

    /// <summary>The text again, as CJK bigrams, when the analysis has a recall field (<see cref="IRecallFieldAnalysis"/>).</summary>
    public const string TextBigram = "text_bigram";

    /// <summary>Fields searched by the query parser, with their boosts, for the given analysis.</summary>
    public static Dictionary<string, float> SearchBoosts(ITextAnalysis analysis)
    {
        var boosts = new Dictionary<string, float> { [Text] = 1.0f, [Name] = 3.0f, [Path] = 1.5f };
        if (analysis is IRecallFieldAnalysis recall)
        {
            boosts[Text] = recall.TextBoost;
            boosts[TextBigram] = 1.0f;
        }

        return boosts;
    }

    public static Term IdTerm(DocumentId id) => new(Id, id.Value);

    public static LuceneDocument ToLucene(IndexDocument source, bool withRecallField)
    {
        var doc = new LuceneDocument
        {
            new StringField(Id, source.Id.Value, Field.Store.YES),
            new StringField(Bucket, source.Bucket, Field.Store.YES),
            new StringField(Key, source.Key, Field.Store.YES),
            new StringField(Kind, source.Kind.ShortName(), Field.Store.YES),
            new Int64Field(Size, source.Size, Field.Store.YES),
            new Int64Field(Indexed, source.Indexed.UtcTicks, Field.Store.YES),

            // Stored as given for display; indexed as words (separators split so "report" finds "monthly_report.pdf").
            new StoredField(Name, source.Name),
            new TextField(Name, Searchable(source.Name), Field.Store.NO),
            new StoredField(Path, source.Path),
            new TextField(Path, Searchable(source.Path), Field.Store.NO),

            // The text is stored and re-analysed for snippets rather than keeping term vectors: smaller index.
            new StoredField(Text, source.Text),
            new TextField(Text, source.Text, Field.Store.NO),
        };

        if (withRecallField)
        {
            doc.Add(new TextField(TextBigram, source.Text, Field.Store.NO));
        }

        if (Encoding.UTF8.GetByteCount(source.Path) <= IndexWriter.MAX_TERM_LENGTH)
        {
            doc.Add(new StringField(PathExact, source.Path, Field.Store.NO));
        }

        if (source.Modified is { } modified)
        {
            doc.Add(new Int64Field(Modified, modified.UtcTicks, Field.Store.YES));
        }

        return doc;
    }

    public static SearchHit ToHit(LuceneDocument doc, float score, IReadOnlyList<SnippetPart> snippet)
    {
        DocumentId.TryParse(doc.Get(Id), out var id);
        var modified = doc.GetField(Modified)?.GetInt64Value();
        return new SearchHit(
            id,
            score,
            doc.Get(Name) ?? string.Empty,
            doc.Get(Path) ?? string.Empty,
            FileKinds.FromExtension(doc.Get(Kind)),
            doc.GetField(Size)?.GetInt64Value() ?? 0,
            modified is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null,
            snippet);
    }

    /// <summary>Name and path as words: NFKC, with path and name separators turned into spaces.</summary>
    internal static string Searchable(string value)
    {
        var normalized = Nfkc.Normalize(value);
        return string.Create(normalized.Length, normalized, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                span[i] = c is '/' or '\\' or '_' or '.' or '-' or '+' or '~' ? ' ' : c;
            }
        });
    }
}
