using FileSearch.Core.Worker;

namespace FileSearch.Bench.Load;

/// <summary>Everything one <c>load</c> run needs besides the scenario.</summary>
/// <param name="Scenario">Users, spawn rate, duration.</param>
/// <param name="RepositoryRoot">The checkout: the stand-ins (tests/aws-standins) and sample files (samples/) come from it.</param>
/// <param name="ReportDirectory">Where report.md and the PNG charts go.</param>
/// <param name="DrainTimeout">After the users stop, how long the workers may take to empty the queue.</param>
/// <param name="Workers">In-process queue workers (each a <c>QueueWorker</c> of <see cref="Concurrency"/>).</param>
/// <param name="Concurrency">Messages each worker processes at once.</param>
/// <param name="Seed">Random seed of the users' choices and waits.</param>
/// <param name="Verbose">Worker logs at debug level.</param>
internal sealed record LoadSettings(
    LoadScenario Scenario,
    string RepositoryRoot,
    string ReportDirectory,
    TimeSpan DrainTimeout,
    int Workers,
    int Concurrency,
    int Seed,
    bool Verbose)
{
    /// <summary>Objects uploaded per sample file (distinct keys of the same content).</summary>
    public const int CopiesPerSample = 20;

    public const string PdfSample = "契約書_業務委託_2025.pdf";
    public const string ImageSample = "photo_office.jpg";

    public string StandInDirectory => Path.Combine(RepositoryRoot, "tests", "aws-standins");

    public string SamplesDirectory => Path.Combine(RepositoryRoot, "samples");

    /// <summary>The checkout containing <paramref name="start"/> (or the current directory), found by its FileSearch.slnx.</summary>
    /// <exception cref="InvalidOperationException">Not inside a FileSearch checkout.</exception>
    public static string FindRepositoryRoot(params string[] starts) =>
        Commands.RepositoryRoot.FindFrom(starts, "tests/aws-standins")
        ?? throw new InvalidOperationException("load needs a FileSearch checkout (tests/aws-standins, samples/): run it from the repository with ./filesearch-bench load");
}
