using System.Globalization;
using System.Threading.Channels;
using FileSearch.Core.Errors;
using FileSearch.Extraction.Internals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Extraction.LibreOffice;

/// <summary>
/// Converts documents with a small pool of warm, supervised LibreOffice instances
/// (<see cref="LibreOfficeOptions.Instances"/>, which is also the concurrency cap). Each instance is a headless
/// <c>soffice</c> with its own profile, driven over UNO by a Python helper (<c>lo_convert.py</c>) that stays connected:
/// a document costs a load and a save in a running office, not an office start. <c>soffice --convert-to</c> started
/// per file costs about a second more, and handing it to a running instance through the same profile makes that
/// instance exit after the job, so it does not stay warm. A conversion past <see cref="LibreOfficeOptions.ConversionTimeout"/>
/// or a crash kills the instance's process tree, and the next document starts it again. Every document is copied into a
/// private folder with the extension LibreOffice's type detection expects, and that folder is removed on every path.
/// </summary>
public sealed class LibreOfficeConverter : IDisposable
{
    private readonly LibreOfficeOptions _options;
    private readonly ILogger<LibreOfficeConverter> _logger;
    private readonly Channel<LibreOfficeInstance> _idle;
    private readonly List<LibreOfficeInstance> _instances = [];
    private readonly string _workDirectory;
    private readonly Lazy<string> _script;
    private long _loads;

    public LibreOfficeConverter(IOptions<LibreOfficeOptions> options, TimeProvider timeProvider, ILogger<LibreOfficeConverter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        _workDirectory = Path.GetFullPath(_options.WorkDirectory ?? Path.Combine(Path.GetTempPath(), "filesearch-libreoffice"));
        _script = new Lazy<string>(WriteScript, LazyThreadSafetyMode.ExecutionAndPublication);
        _idle = Channel.CreateBounded<LibreOfficeInstance>(_options.Instances);
        for (var i = 1; i <= _options.Instances; i++)
        {
            var instance = new LibreOfficeInstance(i, _options, _workDirectory, ScriptPath, timeProvider, logger);
            _instances.Add(instance);
            _idle.Writer.TryWrite(instance);
        }
    }

    /// <summary>
    /// Documents handed to LibreOffice to load since this converter was made (one per request, however many outputs it
    /// writes): what a document costs in LibreOffice loads.
    /// </summary>
    public long Loads => Interlocked.Read(ref _loads);

    /// <summary>The options this converter runs with.</summary>
    internal LibreOfficeOptions Options => _options;

    /// <summary>The soffice process of each instance, null where it is not running.</summary>
    internal IReadOnlyList<int?> OfficeProcessIds => [.. _instances.Select(i => i.OfficeProcessId)];

    private string ScriptPath => Path.Combine(_workDirectory, "lo_convert.py");

    /// <summary>
    /// Converts <paramref name="inputPath"/>; the caller disposes the result, which removes the converted file.
    /// Waits for a free instance; <see cref="LibreOfficeOptions.ConversionTimeout"/> bounds the conversion itself, not
    /// the wait. Throws a permanent <c>corrupt-office</c> when LibreOffice cannot read the file, a retryable
    /// <c>converter-unavailable</c>, <c>converter-crashed</c> or <c>conversion-timeout</c> otherwise.
    /// </summary>
    public Task<ConvertedFile> ConvertAsync(string inputPath, OfficeConversion conversion, CancellationToken cancellationToken) =>
        ConvertAsync(inputPath, conversion, _options.ConversionTimeout, cancellationToken);

    /// <summary>As <see cref="ConvertAsync(string, OfficeConversion, CancellationToken)"/>, the conversion bounded by <paramref name="timeout"/>.</summary>
    public Task<ConvertedFile> ConvertAsync(string inputPath, OfficeConversion conversion, TimeSpan timeout, CancellationToken cancellationToken) =>
        ConvertAsync(inputPath, [conversion], timeout, cancellationToken);

    /// <summary>
    /// Loads <paramref name="inputPath"/> once and writes one file per conversion (all of one
    /// <see cref="OfficeConversion.SourceExtension"/>), the whole request bounded by <paramref name="timeout"/>. The first
    /// conversion decides the outcome, with the errors of <see cref="ConvertAsync(string, OfficeConversion, CancellationToken)"/>;
    /// a later one that LibreOffice cannot write is logged and its path in <see cref="ConvertedFile.Outputs"/> is null.
    /// </summary>
    public async Task<ConvertedFile> ConvertAsync(
        string inputPath, IReadOnlyList<OfficeConversion> conversions, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentNullException.ThrowIfNull(conversions);
        if (conversions.Count == 0 || conversions.Any(c => c.SourceExtension != conversions[0].SourceExtension))
        {
            throw new ArgumentException("One or more conversions of one source extension are needed", nameof(conversions));
        }

        _ = _script.Value;
        var instance = await _idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var job = ConversionDirectories.Create(_workDirectory, "job");
        try
        {
            var source = Path.Combine(job, "source" + conversions[0].SourceExtension);
            var targets = conversions
                .Select((c, i) => (Path: Path.Combine(job, (i == 0 ? "converted" : "converted-" + i.ToString(CultureInfo.InvariantCulture)) + c.TargetExtension), Conversion: c))
                .ToArray();
            File.Copy(inputPath, source);
            var warm = instance.IsWarm;
            var started = Environment.TickCount64;
            Interlocked.Increment(ref _loads);
            var error = await instance.ConvertAsync(source, targets, timeout, cancellationToken).ConfigureAwait(false);
            if (error is not null || !File.Exists(targets[0].Path))
            {
                throw ProcessingException.Permanent("corrupt-office", $"LibreOffice cannot read the file: {error ?? "it wrote nothing"}");
            }

            Log.Converted(_logger, inputPath, string.Join('+', conversions.Select(c => c.TargetExtension)), Environment.TickCount64 - started, warm);
            File.Delete(source);
            return new ConvertedFile([.. targets.Select(t => File.Exists(t.Path) ? t.Path : null)], job);
        }
        catch
        {
            ConversionDirectories.Delete(job);
            throw;
        }
        finally
        {
            _idle.Writer.TryWrite(instance);
        }
    }

    /// <summary>Writes the helper script (embedded in this assembly) once, and removes what dead processes left.</summary>
    private string WriteScript()
    {
        Directory.CreateDirectory(_workDirectory);
        ConversionDirectories.RemoveStale(_workDirectory);
        using var resource = typeof(LibreOfficeConverter).Assembly.GetManifestResourceStream("FileSearch.Extraction.LibreOffice.lo_convert.py")
            ?? throw new InvalidOperationException("lo_convert.py is not embedded in FileSearch.Extraction");
        var path = ScriptPath;
        var temporary = path + "." + Environment.ProcessId;
        using (var file = File.Create(temporary))
        {
            resource.CopyTo(file);
        }

        File.Move(temporary, path, overwrite: true);
        return path;
    }

    public void Dispose()
    {
        _idle.Writer.TryComplete();
        foreach (var instance in _instances)
        {
            instance.Dispose();
        }
    }
}
