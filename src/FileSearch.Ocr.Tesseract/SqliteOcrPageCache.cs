using FileSearch.Core.Ports;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace FileSearch.Ocr.Tesseract;

/// <summary>
/// <see cref="IOcrPageCache"/> in a SQLite file (<see cref="OcrOptions.PageCacheFile"/>; the CLI puts it in the data
/// directory as <c>ocr-pages.db</c>). One row per (page hash, settings version) with the cleaned text and confidence;
/// WAL journal so parallel pages and workers write without blocking readers. Every page is its own committed
/// transaction (synchronous=FULL, the WAL default); <see cref="FlushAsync"/> also checkpoints the journal into the database
/// file before the machine goes away.
/// </summary>
public sealed class SqliteOcrPageCache : IOcrPageCache, IShutdownFlush
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS ocr_pages (
            page_hash TEXT NOT NULL,
            settings_version TEXT NOT NULL,
            text TEXT NOT NULL,
            confidence REAL NOT NULL,
            weak INTEGER NOT NULL,
            retried INTEGER NOT NULL,
            operations TEXT NOT NULL,
            PRIMARY KEY (page_hash, settings_version));
        """;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;

    public SqliteOcrPageCache(IOptions<OcrOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var file = options.Value.PageCacheFile ?? throw new InvalidOperationException("Ocr:PageCacheFile is not set");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = file, DefaultTimeout = 30, Pooling = true }.ToString();
    }

    /// <inheritdoc />
    public async Task<OcrResult?> TryGetAsync(string pageHash, string settingsVersion, CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT text, confidence, weak, retried, operations FROM ocr_pages WHERE page_hash = $h AND settings_version = $v";
            command.Parameters.AddWithValue("$h", pageHash);
            command.Parameters.AddWithValue("$v", settingsVersion);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return null;
                }

                return new OcrResult(reader.GetString(0), reader.GetDouble(1))
                {
                    Weak = reader.GetInt64(2) != 0,
                    Retried = reader.GetInt64(3) != 0,
                    Operations = reader.GetString(4),
                    Reused = true,
                };
            }
        }
    }

    /// <inheritdoc />
    public async Task SetAsync(string pageHash, string settingsVersion, OcrResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = """
                INSERT OR REPLACE INTO ocr_pages (page_hash, settings_version, text, confidence, weak, retried, operations)
                VALUES ($h, $v, $t, $c, $w, $r, $o)
                """;
            command.Parameters.AddWithValue("$h", pageHash);
            command.Parameters.AddWithValue("$v", settingsVersion);
            command.Parameters.AddWithValue("$t", result.Text);
            command.Parameters.AddWithValue("$c", result.MeanConfidence);
            command.Parameters.AddWithValue("$w", result.Weak ? 1 : 0);
            command.Parameters.AddWithValue("$r", result.Retried ? 1 : 0);
            command.Parameters.AddWithValue("$o", result.Operations);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_initialized)
            {
                await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    if (!_initialized)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = Schema;
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                        _initialized = true;
                    }
                }
                finally
                {
                    _initLock.Release();
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
