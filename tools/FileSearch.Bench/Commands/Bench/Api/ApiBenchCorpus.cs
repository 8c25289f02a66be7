using System.Globalization;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Bench.Commands.Bench.Api;

/// <summary>
/// The documents and the query mix of <c>bench api</c>: business Japanese (<see cref="JapaneseCorpus"/>) where every
/// document also names one customer company (one of 160, so a company is in ~0.6 % of documents) and one product code
/// (one of 1,000), in folders by department and year, of mixed types, sizes and dates, so that queries range from
/// words nearly every document has to names a few hundred have, and filters and facets have something to count.
/// </summary>
internal sealed class ApiBenchCorpus(int seed)
{
    private static readonly string[] Families = ["青葉", "桜井", "みなと", "東和", "北斗", "大和", "光陽", "三ツ星", "白鷺", "若葉", "千代田", "瑞穂", "朝日", "富士見", "葵", "松風", "銀河", "紅葉", "湊川", "天城"];
    private static readonly string[] Suffixes = ["商事", "工業", "システムズ", "物産", "建設", "電機", "製薬", "運輸"];
    private static readonly string[] Departments = ["営業部", "経理部", "人事部", "総務部", "開発部", "品質保証部", "法務部", "購買部"];
    private static readonly (FileKind Kind, string Extension)[] Kinds =
        [(FileKind.Pdf, ".pdf"), (FileKind.Docx, ".docx"), (FileKind.Xlsx, ".xlsx"), (FileKind.Text, ".txt"), (FileKind.Pptx, ".pptx"), (FileKind.Jpeg, ".jpg")];

    private readonly JapaneseCorpus _text = new(seed);
    private readonly Random _random = new(seed + 1);

    public const string Root = "/nas/share";

    public static string Company(int i) => Families[i % Families.Length] + Suffixes[i / Families.Length % Suffixes.Length];

    public static string Product(int i) => string.Create(CultureInfo.InvariantCulture, $"KX-{i:D3}");

    /// <summary>Document <paramref name="i"/> (call in order: the text comes from one generator).</summary>
    public IndexDocument Document(int i)
    {
        var (kind, extension) = Kinds[i % Kinds.Length];
        var department = Departments[_random.Next(Departments.Length)];
        var year = 2015 + _random.Next(10);
        var company = Company(_random.Next(Families.Length * Suffixes.Length));
        var product = Product(_random.Next(1000));
        var body = _text.Next(700);
        var cut = body.IndexOf('。', body.Length / 3) + 1;
        var text = string.Create(CultureInfo.InvariantCulture, $"{body[..cut]}{company}様向けの{product}について記載します。{body[cut..]}");
        var name = string.Create(CultureInfo.InvariantCulture, $"{company}_{product}_{i:D6}{extension}");
        var path = $"{Root}/{department}/{year}/{name}";
        return new IndexDocument
        {
            Id = DocumentId.From("bench", path),
            Bucket = "bench",
            Key = path,
            Name = name,
            Path = path,
            Kind = kind,
            Size = 2_000 + _random.Next(5_000_000),
            Modified = new DateTimeOffset(year, 1 + _random.Next(12), 1 + _random.Next(28), 9, 0, 0, TimeSpan.Zero),
            Indexed = DateTimeOffset.UnixEpoch,
            Text = text,
        };
    }

    /// <summary>The kinds of query in the mix, named for reports (<see cref="ShapeOf"/>).</summary>
    public static IReadOnlyList<string> Shapes { get; } =
        ["one word", "customer name", "product code", "word and customer", "phrase", "word AND word", "word, type filter",
         "word, folder filter", "word, date range", "word, deeper page", "word, newest first"];

    /// <summary>The shape of query <paramref name="i"/> of <see cref="Queries"/>.</summary>
    public static int ShapeOf(int i) => (i % 20) switch
    {
        < 5 => 0,
        < 9 => 1,
        < 11 => 2,
        < 13 => 3,
        < 14 => 4,
        < 15 => 5,
        var n => n - 9,
    };

    /// <summary>
    /// The query mix, as query strings of the HTTP API (facets on, as the web page asks): single common words, customer
    /// names, product codes, two words, phrases, type and folder filters, date ranges and deeper pages.
    /// </summary>
    public static IReadOnlyList<string> Queries(int count, int seed)
    {
        var random = new Random(seed);
        var words = new JapaneseCorpus(seed + 2);
        var queries = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var company = Company(random.Next(Families.Length * Suffixes.Length));
            var q = (i % 20) switch
            {
                < 5 => words.Word(),
                < 9 => company,
                < 11 => Product(random.Next(1000)),
                < 13 => $"{words.Word()} {company}",
                < 14 => $"\"{words.Word()}の{words.Word()}\"",
                < 15 => $"{words.Word()} AND {words.Word()}",
                _ => words.Word(),
            };
            var filter = (i % 20) switch
            {
                15 => "&type=" + Kinds[random.Next(Kinds.Length)].Extension[1..],
                16 => "&path=" + Uri.EscapeDataString($"{Root}/{Departments[random.Next(Departments.Length)]}"),
                17 => string.Create(CultureInfo.InvariantCulture, $"&from={2015 + random.Next(5)}-04-01&to={2020 + random.Next(5)}-03-31"),
                18 => string.Create(CultureInfo.InvariantCulture, $"&offset={20 * (1 + random.Next(5))}"),
                19 => "&sort=newest",
                _ => string.Empty,
            };
            queries.Add($"q={Uri.EscapeDataString(q)}&limit=20{filter}");
        }

        return queries;
    }

    /// <summary>
    /// Indexes documents 0 to <paramref name="count"/> - 1 (as <paramref name="shape"/> makes them from the corpus document
    /// and its number), in parallel batches, with progress; then commits.
    /// </summary>
    public static async Task IndexAsync(ISearchIndex index, int count, Func<IndexDocument, int, IndexDocument> shape, CancellationToken ct)
    {
        var corpus = new ApiBenchCorpus(seed: 3);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await Spectre.Console.AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask("indexing the corpus", maxValue: count);
            for (var i = 0; i < count; i += 1_000)
            {
                var batch = Enumerable.Range(i, Math.Min(1_000, count - i)).Select(n => shape(corpus.Document(n), n)).ToList();
                await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct },
                    async (document, token) => await index.IndexAsync(document, token).ConfigureAwait(false)).ConfigureAwait(false);
                task.Increment(batch.Count);
            }

            await index.CommitAsync(ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        Spectre.Console.AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture,
            $"indexed {count:N0} documents in {System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalSeconds:F0} s"));
    }
}
