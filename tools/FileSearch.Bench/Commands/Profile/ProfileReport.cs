using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using FileSearch.Bench.Commands.Bench.Pipeline;

namespace FileSearch.Bench.Commands.Profile;

/// <summary>The Markdown report of <c>profile pipeline</c>: the run's figures, then the top methods by inclusive and exclusive CPU samples.</summary>
internal static class ProfileReport
{
    public static string Markdown(CpuProfile profile, RunFigures run, string command, int top, DateTimeOffset date)
    {
        var text = new StringBuilder();
        text.AppendLine("# CPU profile: pipeline").AppendLine()
            .AppendLine(Invariant($"- date: {date:yyyy-MM-dd HH:mm} UTC; machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}"))
            .AppendLine($"- command: `{command}`")
            .AppendLine(Invariant($"- run: {run.Files.Count} files, {run.Pages} pages, {run.Wall.TotalSeconds:F1} s wall, {run.FilesPerMinute:F2} files/min, {run.Cpu.TotalSeconds:F1} CPU s (process + children)"))
            .AppendLine(Invariant($"- samples: {profile.Samples} running, {profile.IdleSamples} idle (top frame a wait; left out of the percentages)"))
            .AppendLine()
            .AppendLine("EventPipe's sample profiler takes each managed thread's stack every millisecond. Time spent in native code")
            .AppendLine("(Tesseract, libvips, SQLite) is charged to the managed method that called it; child processes (pdftoppm) are not sampled.")
            .AppendLine();
        Table(text, $"Top {top} methods by inclusive time (thread-pool and async plumbing frames left out)", profile.Top(top, m => !CpuProfile.IsPlumbing(m)), profile.Samples);
        Table(text, $"Top {top} FileSearch methods by inclusive time", profile.Top(top, m => m.StartsWith("FileSearch.", StringComparison.Ordinal)), profile.Samples);
        Table(text, $"Top {top} methods by exclusive time", profile.Top(top, byExclusive: true), profile.Samples);
        return text.ToString();
    }

    private static void Table(StringBuilder text, string title, IReadOnlyList<MethodTime> methods, long samples)
    {
        text.AppendLine($"## {title}").AppendLine()
            .AppendLine("| # | method | inclusive | exclusive |")
            .AppendLine("|---:|---|---:|---:|");
        for (var i = 0; i < methods.Count; i++)
        {
            var m = methods[i];
            var name = m.Method.Length > 160 ? m.Method[..157] + "..." : m.Method;
            text.AppendLine(Invariant($"| {i + 1} | `` {name.Replace("|", "\\|", StringComparison.Ordinal)} `` | {Percent(m.Inclusive, samples)} | {Percent(m.Exclusive, samples)} |"));
        }

        text.AppendLine();
    }

    private static string Percent(long part, long total) => total == 0 ? "-" : (100.0 * part / total).ToString("F1", CultureInfo.InvariantCulture) + " %";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
