using BenchmarkDotNet.Attributes;
using FileSearch.Core.Domain;
using FileSearch.Extraction;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FileSearch.Benchmarks;

/// <summary>Type detection of all eight samples: our signature table + ZIP directory vs libmagic in-process.</summary>
[BenchmarkCategory("detect")]
public class TypeDetectionBenchmarks : IDisposable
{
    private readonly MagicFileTypeDetector _detector = new(Options.Create(new ExtractionOptions()), NullLogger<MagicFileTypeDetector>.Instance);
    private string[] _files = [];
    private LibMagic? _libMagic;

    [GlobalSetup]
    public void Setup()
    {
        _files = Samples.All();
        _libMagic = new LibMagic();
    }

    [Benchmark(Baseline = true, Description = "libmagic (file --mime-type)")]
    public int LibMagic()
    {
        var found = 0;
        foreach (var file in _files)
        {
            found += _libMagic!.Detect(file).Length;
        }

        return found;
    }

    [Benchmark(Description = "MagicFileTypeDetector")]
    public async Task<int> Ours()
    {
        var found = 0;
        foreach (var file in _files)
        {
            var type = await _detector.DetectAsync(file, Path.GetFileName(file), CancellationToken.None).ConfigureAwait(false);
            found += type.Kind == FileKind.Unknown ? 0 : 1;
        }

        return found;
    }

    public void Dispose()
    {
        _libMagic?.Dispose();
        GC.SuppressFinalize(this);
    }
}
