using FileSearch.Core.Domain;
using FileSearch.Core.Ports;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>The readings of the windows of one picture (<see cref="Imaging.ReadingWindow"/>) as the page's one result.</summary>
internal static class WindowReadings
{
    /// <summary>
    /// The texts in window order (top to bottom, then left to right), one window per paragraph; the confidence weighted
    /// by each window's characters; timed out when a window was; each window's operations separated by <c>;</c>.
    /// </summary>
    public static OcrResult Combine(IReadOnlyList<OcrResult> readings)
    {
        ArgumentOutOfRangeException.ThrowIfZero(readings.Count);
        if (readings.Count == 1)
        {
            return readings[0];
        }

        var texts = readings.Where(r => r.Text.Length > 0).ToList();
        var characters = texts.Sum(r => r.Text.Length);
        var confidence = characters > 0
            ? texts.Sum(r => r.MeanConfidence * r.Text.Length) / characters
            : readings.Average(r => r.MeanConfidence);
        var status = readings.Any(r => r.Status == OcrPageStatus.TimedOut) ? OcrPageStatus.TimedOut : OcrPageStatus.Recognized;
        return new OcrResult(string.Join('\n', texts.Select(r => r.Text)), confidence, status)
        {
            Weak = texts.Any(r => r.Weak),
            Retried = readings.Any(r => r.Retried),
            Reused = readings.All(r => r.Reused),
            Operations = string.Join(';', readings.Select(r => r.Operations)),
        };
    }
}
