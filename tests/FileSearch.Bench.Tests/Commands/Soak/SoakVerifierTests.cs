using System.Text.Json;
using FileSearch.Bench.Commands.Soak;
using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Bench.Tests.Commands.Soak;

/// <summary>
/// <see cref="SoakVerifier.Evaluate"/> on constructed end states: each kind of failure the soak exists to catch is
/// reported as exactly that kind, and nothing else.
/// </summary>
[Trait("Category", "Unit")]
public sealed class SoakVerifierTests
{
    private const string Text = "soak/報告書_00001.txt";
    private const string Pdf = "soak/契約書_00002.pdf";
    private const string CorruptPdf = "soak/poison/壊れた_00003.pdf";
    private const string EmptyFile = "soak/poison/空_00004.txt";
    private const string NotJson = "not an event { 5";

    private static readonly DateTimeOffset At = new(2026, 1, 30, 12, 0, 0, TimeSpan.Zero);

    private static readonly IReadOnlyList<SoakFile> Files =
    [
        new(Text, [1, 2, 3], "text/plain", null),
        new(Pdf, [4, 5, 6], "application/pdf", null),
        new(CorruptPdf, [7], "application/pdf", SoakCorpus.CorruptPdf),
        new(EmptyFile, [], "text/plain", SoakCorpus.EmptyFile),
        new("soak/poison/message_00005", [], "text/plain", SoakCorpus.MalformedMessage) { Body = NotJson },
    ];

    [Fact]
    public void Evaluate_EveryValidFileIndexedOnceAndOnlyPoisonDeadLettered_Passes()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation());

        Assert.True(outcome.Passed, string.Join('\n', outcome.Problems));
        Assert.Equal((5, 2, 0, 0, 3, 0), (outcome.Files, outcome.Indexed, outcome.Lost, outcome.Duplicated, outcome.DeadLettered, outcome.WronglyDeadLettered));
    }

    [Fact]
    public void Evaluate_ValidFileNeitherIndexedNorDeadLettered_ReportsItLost()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(index: Index((Text, 1)), records: Records((Text, [DocumentStatus.Indexed]))));

        Assert.Equal((1, 1, 0, 0), (outcome.Indexed, outcome.Lost, outcome.Duplicated, outcome.WronglyDeadLettered));
        Assert.Equal($"1 lost (neither indexed nor dead-lettered): {Pdf} (index 0, metadata )", Assert.Single(outcome.Problems));
    }

    [Fact]
    public void Evaluate_RecordIndexedButNotInIndex_ReportsItLost()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(index: Index((Text, 1))));

        Assert.Equal((1, 1, 0), (outcome.Indexed, outcome.Lost, outcome.Duplicated));
        Assert.StartsWith($"1 lost (neither indexed nor dead-lettered): {Pdf} (index 0, metadata Indexed)", Assert.Single(outcome.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TwoIndexEntriesForOneKey_ReportsItDuplicatedNotLost()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(index: Index((Text, 1), (Pdf, 2))));

        Assert.Equal((1, 0, 1, 0), (outcome.Indexed, outcome.Lost, outcome.Duplicated, outcome.WronglyDeadLettered));
        Assert.Equal($"1 duplicated: {Pdf} (2 index documents, metadata Indexed)", Assert.Single(outcome.Problems));
    }

    [Fact]
    public void Evaluate_TwoMetadataVersionsForOneKey_ReportsItDuplicatedNotLost()
    {
        var outcome = SoakVerifier.Evaluate(Files,
            CreateObservation(records: Records((Text, [DocumentStatus.Indexed]), (Pdf, [DocumentStatus.Indexed, DocumentStatus.Indexed]))));

        Assert.Equal((1, 0, 1), (outcome.Indexed, outcome.Lost, outcome.Duplicated));
        Assert.Equal($"1 duplicated: {Pdf} (1 index documents, metadata Indexed/Indexed)", Assert.Single(outcome.Problems));
    }

    [Fact]
    public void Evaluate_ValidFileDeadLettered_ReportsItWronglyDeadLetteredNotLost()
    {
        var letters = PoisonLetters().Append(Letter(Event(Pdf), "corrupt-file: no text")).ToList();
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(index: Index((Text, 1)),
            records: Records((Text, [DocumentStatus.Indexed]), (Pdf, [DocumentStatus.Failed])), letters: letters));

        Assert.Equal((1, 0, 0, 4, 1), (outcome.Indexed, outcome.Lost, outcome.Duplicated, outcome.DeadLettered, outcome.WronglyDeadLettered));
        Assert.Equal($"1 dead-lettered but not poison: {Pdf}: corrupt-file: no text", Assert.Single(outcome.Problems));
    }

    [Fact]
    public void Evaluate_DeadLetterNoInputExplains_ReportsItWronglyDeadLettered()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(letters: [.. PoisonLetters(), Letter("{}", "bad-message")]));

        Assert.Equal((0, 1), (outcome.Lost, outcome.WronglyDeadLettered));
        Assert.Equal("1 dead-lettered but not poison: {}: bad-message", Assert.Single(outcome.Problems));
    }

    [Fact]
    public void Evaluate_PoisonDeadLetteredOnce_IsNotAProblem()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(letters: PoisonLetters()));

        Assert.Empty(outcome.Problems);
        Assert.Equal((3, 0), (outcome.DeadLettered, outcome.WronglyDeadLettered));
    }

    [Fact]
    public void Evaluate_PoisonNotDeadLettered_ReportsIt()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(letters: PoisonLetters().Where(l => l.Body != NotJson).ToList()));

        Assert.Equal($"1 poison not dead-lettered: {NotJson}", Assert.Single(outcome.Problems));
        Assert.Equal((0, 0, 0), (outcome.Lost, outcome.Duplicated, outcome.WronglyDeadLettered));
    }

    [Fact]
    public void Evaluate_PoisonDeadLetteredTwice_ReportsIt()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(letters: [.. PoisonLetters(), Letter(Event(CorruptPdf), "corrupt-file")]));

        Assert.Equal($"1 dead-lettered twice: {CorruptPdf}", Assert.Single(outcome.Problems));
        Assert.Equal(0, outcome.WronglyDeadLettered);
    }

    [Fact]
    public void Evaluate_QueueNotDrainedAndTempFileLeft_ReportsBoth()
    {
        var outcome = SoakVerifier.Evaluate(Files, CreateObservation(temp: ["/w/tmp/1-a/page.png"], queue: new QueueCounts(2, 1, 0)));

        Assert.Equal(["1 temp files left: /w/tmp/1-a/page.png", "queue not drained: 2 visible, 1 in flight"], outcome.Problems);
    }

    private static SoakObservation CreateObservation(
        Dictionary<string, int>? index = null,
        Dictionary<string, IReadOnlyList<DocumentStatus>>? records = null,
        IReadOnlyList<DeadLetter>? letters = null,
        IReadOnlyList<string>? temp = null,
        QueueCounts? queue = null) =>
        new(index ?? Index((Text, 1), (Pdf, 1)),
            records ?? Records((Text, [DocumentStatus.Indexed]), (Pdf, [DocumentStatus.Indexed])),
            letters ?? PoisonLetters(),
            temp ?? [],
            queue ?? new QueueCounts(0, 0, 3));

    private static Dictionary<string, int> Index(params (string Key, int Count)[] entries) =>
        entries.ToDictionary(e => e.Key, e => e.Count, StringComparer.Ordinal);

    private static Dictionary<string, IReadOnlyList<DocumentStatus>> Records(params (string Key, DocumentStatus[] Statuses)[] records) =>
        records.ToDictionary(r => r.Key, r => (IReadOnlyList<DocumentStatus>)r.Statuses, StringComparer.Ordinal);

    private static List<DeadLetter> PoisonLetters() =>
        [Letter(Event(CorruptPdf), "corrupt-file"), Letter(Event(EmptyFile), "empty-file"), Letter(NotJson, "bad-message")];

    private static DeadLetter Letter(string body, string reason) => new(Guid.NewGuid().ToString(), body, reason, 1, At, At);

    private static string Event(string key) => JsonSerializer.Serialize(new { eventType = "FILE_UPLOADED", s3Bucket = SoakSettings.Bucket, s3Key = key });
}
