using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>The index schema: field names and the mapping between <see cref="IndexDocument"/> and Lucene documents.</summary>
internal static class IndexFields
{
    /// <summary>Longest doc-values term Lucene accepts (a path longer than this has no folder facet values).</summary>
    private const int MaxDocValueBytes = 32766;

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

    /// <summary>
    /// The text again, as UniDic lemmas after variant-kanji and katakana folding, when the analysis has it
    /// (<see cref="IRecallFieldAnalysis.HasNormalizedField"/>): 申込 and 申し込み, 髙橋 and 高橋 are one term here.
    /// </summary>
    public const string TextNorm = "text_norm";

    /// <summary>Sorted doc values: the kind's short name, counted by facet searches.</summary>
    public const string FacetKind = "facet_kind";

    /// <summary>Sorted doc values: the UTC month modified (<c>yyyy-MM</c>), absent without a time.</summary>
    public const string FacetMonth = "facet_month";

    /// <summary>
    /// Sorted doc values: the folder the document is in (<c>/nas/営業/2024</c>); a facet search maps each distinct folder
    /// to the one below its path prefix, so a document costs one ordinal lookup whatever its depth.
    /// </summary>
    public const string FacetFolder = "facet_folder";

    /// <summary>
    /// Indexed, not stored: <c>{normalised lower-case name}\u0000{name as stored}</c>, scanned by prefix for name
    /// suggestions (one term per distinct stored name, its document frequency the count).
    /// </summary>
    public const string NameSuggest = "name_suggest";

    /// <summary>Separates the normalised name from the stored one in <see cref="NameSuggest"/> terms.</summary>
    public const char NameSuggestSeparator = '\u0000';

    /// <summary>
    /// Version of the schema above, stamped in commit data and on each document (<see cref="Schema"/>): 2 added the facet
    /// doc values and <see cref="NameSuggest"/>, 3 the offsets in the text postings, 4 the permissions (<see cref="AclAllow"/>,
    /// <see cref="AclDeny"/>: until rewritten, a document is visible to admins only), 5 the normalised text (<see cref="TextNorm"/>);
    /// documents written before lack them
    /// until <c>reindex --all</c> rewrites them (their snippets are then cut by analysing the text again).
    /// </summary>
    public const int SchemaVersion = 5;

    /// <summary>Indexed, not stored: each principal allowed to read the document (<see cref="IndexDocument.Permissions"/>).</summary>
    public const string AclAllow = "acl_allow";

    /// <summary>Indexed, not stored: each principal denied (deny wins).</summary>
    public const string AclDeny = "acl_deny";

    /// <summary>
    /// Indexed and stored: the model id of the document's image vector (<see cref="IndexDocument.VectorModel"/>); vector
    /// searches compare only documents of the query's model. Absent without a vector or for vectors written before.
    /// </summary>
    public const string VectorModel = "vector_model";

    /// <summary>
    /// Indexed and stored: the id of the file holding the document (<see cref="IndexDocument.ParentId"/>), for archive
    /// members and mail attachments only.
    /// </summary>
    public const string ParentId = "parent_id";

    /// <summary>Stored only: the document's path inside <see cref="ParentId"/> (<see cref="IndexDocument.MemberPath"/>).</summary>
    public const string MemberPath = "member_path";

    /// <summary>Numeric doc values: the <see cref="SchemaVersion"/> a document was written with.</summary>
    public const string Schema = "schema";

    /// <summary>Stored only: the S3 sequencer of the version the entry was built from (<see cref="IndexDocument.Version"/>).</summary>
    public const string VersionSequencer = "version_seq";

    /// <summary>Stored only: the event time (UTC ticks) of the version the entry was built from.</summary>
    public const string VersionTime = "version_time";

    /// <summary>The stored fields <see cref="ReadVersion"/> needs.</summary>
    public static readonly ISet<string> VersionFields = new[] { VersionSequencer, VersionTime }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Analysed, not stored, with positions and character offsets in the postings (snippets and highlights).</summary>
    private static readonly FieldType TextWithOffsets = Frozen(new FieldType(TextField.TYPE_NOT_STORED)
    {
        IndexOptions = IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS,
    });

    /// <summary>Fields searched by the query parser, with their boosts, for the given analysis.</summary>
    public static Dictionary<string, float> SearchBoosts(ITextAnalysis analysis)
    {
        var boosts = new Dictionary<string, float> { [Text] = 1.0f, [Name] = 3.0f, [Path] = 1.5f };
        if (analysis is IRecallFieldAnalysis recall)
        {
            boosts[Text] = recall.TextBoost;
            boosts[TextBigram] = recall.RecallBoost;
            if (recall.HasNormalizedField)
            {
                boosts[TextNorm] = recall.NormalizedBoost;
            }
        }

        return boosts;
    }

    public static Term IdTerm(DocumentId id) => new(Id, id.Value);

    private static FieldType Frozen(FieldType type)
    {
        type.Freeze();
        return type;
    }

    public static LuceneDocument ToLucene(IndexDocument source, bool withRecallField, bool withNormalizedField = false)
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

            // The text is stored for display; its postings keep each match's offsets, from which snippets are cut
            // without analysing the text again (as Lucene's postings highlighter does).
            new StoredField(Text, source.Text),
            new Field(Text, source.Text, TextWithOffsets),
            new NumericDocValuesField(Schema, SchemaVersion),
        };

        if (withRecallField)
        {
            doc.Add(new Field(TextBigram, source.Text, TextWithOffsets));
        }

        if (withNormalizedField)
        {
            doc.Add(new Field(TextNorm, source.Text, TextWithOffsets));
        }

        if (source.Version is { } version)
        {
            if (!string.IsNullOrEmpty(version.Sequencer))
            {
                doc.Add(new StoredField(VersionSequencer, version.Sequencer));
            }

            if (version.EventTime is { } time)
            {
                doc.Add(new StoredField(VersionTime, time.UtcTicks));
            }
        }

        if (source.ParentId is { } parent)
        {
            doc.Add(new StringField(ParentId, parent.Value, Field.Store.YES));
            doc.Add(new StoredField(MemberPath, source.MemberPath ?? string.Empty));
        }

        if (source.Vector is { IsEmpty: false } && !string.IsNullOrEmpty(source.VectorModel))
        {
            doc.Add(new StringField(VectorModel, source.VectorModel, Field.Store.YES));
        }

        // No permission information: no allow terms, so only unrestricted (admin) searches find the document.
        foreach (var principal in source.Permissions?.AllowedPrincipals ?? [])
        {
            doc.Add(new StringField(AclAllow, principal, Field.Store.NO));
        }

        foreach (var principal in source.Permissions?.DeniedPrincipals ?? [])
        {
            doc.Add(new StringField(AclDeny, principal, Field.Store.NO));
        }

        if (Encoding.UTF8.GetByteCount(source.Path) <= IndexWriter.MAX_TERM_LENGTH)
        {
            doc.Add(new StringField(PathExact, source.Path, Field.Store.NO));
        }

        if (source.Modified is { } modified)
        {
            doc.Add(new Int64Field(Modified, modified.UtcTicks, Field.Store.YES));
            doc.Add(new SortedDocValuesField(FacetMonth, new BytesRef(Month(modified))));
        }

        doc.Add(new SortedDocValuesField(FacetKind, new BytesRef(source.Kind.ShortName())));
        if (FacetRules.Parent(source.Path) is { } folder && Encoding.UTF8.GetByteCount(folder) <= MaxDocValueBytes)
        {
            doc.Add(new SortedDocValuesField(FacetFolder, new BytesRef(folder)));
        }

        var suggest = SuggestKey(source.Name) + NameSuggestSeparator + source.Name;
        if (Encoding.UTF8.GetByteCount(suggest) <= IndexWriter.MAX_TERM_LENGTH)
        {
            doc.Add(new StringField(NameSuggest, suggest, Field.Store.NO));
        }

        return doc;
    }

    /// <summary>The version an indexed entry was built from; null for an entry written without one.</summary>
    public static DocumentVersion? ReadVersion(LuceneDocument doc)
    {
        var sequencer = doc.Get(VersionSequencer);
        var ticks = doc.GetField(VersionTime)?.GetInt64Value();
        return sequencer is null && ticks is null
            ? null
            : new DocumentVersion(sequencer, ticks is { } t ? new DateTimeOffset(t, TimeSpan.Zero) : null);
    }

    /// <summary>The stored fields <see cref="ToHit"/> reads.</summary>
    public static readonly ISet<string> HitFields = new[] { Id, Name, Path, Kind, Size, Modified, ParentId, MemberPath }.ToFrozenSet(StringComparer.Ordinal);

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
            snippet)
        {
            ParentId = DocumentId.TryParse(doc.Get(ParentId), out var parent) ? parent : null,
            MemberPath = doc.Get(MemberPath),
        };
    }

    /// <summary>The UTC month of a time, as the month facet shows it.</summary>
    public static string Month(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>How suggestions compare names and prefixes: NFKC, lower case (invariant).</summary>
    public static string SuggestKey(string value) => Nfkc.Normalize(value).ToLowerInvariant();

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
