using System.Data;
using System.Globalization;
using FileSearch.Core.Errors;
using Microsoft.Data.Sqlite;

namespace FileSearch.Embedded.Internals;

/// <summary>
/// One SQLite database file shared by any number of processes: opens pooled connections with the
/// pragmas every connection needs, and brings the schema up to date once (PRAGMA user_version).
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly IReadOnlyList<string> _migrations;
    private readonly string _connectionPragmas;
    private readonly SemaphoreSlim _initLock = new(1, 1);
    private volatile bool _initialized;
    private int _disposed;

    /// <param name="path">Database file; its folder is created on first use.</param>
    /// <param name="storeName">What the database holds, for messages ("queue", "metadata store").</param>
    /// <param name="busyTimeout">How long to wait for another connection's write lock.</param>
    /// <param name="migrations">Script <c>i</c> moves the schema from version <c>i</c> to <c>i + 1</c>.</param>
    public SqliteDatabase(string path, string storeName, TimeSpan busyTimeout, IReadOnlyList<string> migrations)
    {
        Path = path;
        StoreName = storeName;
        _migrations = migrations;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = (int)Math.Ceiling(busyTimeout.TotalSeconds),
        }.ToString();

        // synchronous=NORMAL in WAL mode survives a killed process (only power loss can drop the last commits).
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
    }

    public string Path { get; }

    /// <summary>What the database holds, for messages ("queue", "metadata store").</summary>
    public string StoreName { get; }

    /// <summary>
    /// <c>PRAGMA quick_check</c>: reads every page's structure (not the indexes' agreement with their tables, which
    /// <c>integrity_check</c> adds at several times the cost); null when sound, else the first problem.
    /// </summary>
    public async Task<string?> FindDamageAsync(bool thorough, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return null;
        }

        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!thorough)
            {
                // Opening read the header and the schema version; this reads the schema's pages.
                await using var schema = connection.Sql("SELECT COUNT(*) FROM sqlite_schema;");
                await schema.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                return null;
            }

            await using var check = connection.Sql("PRAGMA quick_check(1);");
            var result = Convert.ToString(await check.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            return string.Equals(result, "ok", StringComparison.Ordinal) ? null : result;
        }
        catch (StorageDamagedException damaged)
        {
            return damaged.InnerException?.Message ?? damaged.Message;
        }
        catch (SqliteException ex) when (IsDamage(ex))
        {
            return ex.Message;
        }
    }

    /// <summary>The file beside the database that says the last worker using it stopped cleanly.</summary>
    private string CleanStopMarkPath => Path + ".clean-stop";

    /// <summary>True when the mark of a clean stop was there; removes it (a worker is now using the database).</summary>
    public bool TakeCleanStopMark()
    {
        if (!File.Exists(CleanStopMarkPath))
        {
            return false;
        }

        File.Delete(CleanStopMarkPath);
        return true;
    }

    /// <summary>Leaves the mark of a clean stop.</summary>
    public void MarkCleanStop() => File.WriteAllText(CleanStopMarkPath, "The last worker using this database stopped cleanly.\n");

    /// <summary>SQLITE_CORRUPT (11) and SQLITE_NOTADB (26): the file does not read as a database.</summary>
    public static bool IsDamage(SqliteException exception) => exception?.SqliteErrorCode is 11 or 26;

    /// <summary>The schema version this build writes.</summary>
    public int SchemaVersion => _migrations.Count;

    /// <summary>Opens a connection; the caller disposes it (which returns it to the pool).</summary>
    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!_initialized)
        {
            await InitializeAsync(cancellationToken).ConfigureAwait(false);
        }

        return await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Starts a write transaction now (BEGIN IMMEDIATE), so two writers never interleave.</summary>
    public static async Task<SqliteTransaction> BeginWriteAsync(SqliteConnection connection, CancellationToken cancellationToken) =>
        (SqliteTransaction)await connection.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Pooled connections keep the file (and its WAL) open; release them so the folder can be removed.
        using (var connection = new SqliteConnection(_connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        _initLock.Dispose();
    }

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var pragmas = connection.Sql(_connectionPragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _initLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_initialized)
            {
                return;
            }

            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (var wal = connection.Sql("PRAGMA journal_mode = WAL;"))
            {
                await wal.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            }

            await MigrateAsync(connection, cancellationToken).ConfigureAwait(false);
            _initialized = true;
        }
        catch (SqliteException ex) when (IsDamage(ex))
        {
            throw new StorageDamagedException(StoreName, Path, ex.Message, ex);
        }
        finally
        {
            _initLock.Release();
        }
    }

    private async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var transaction = await BeginWriteAsync(connection, cancellationToken).ConfigureAwait(false);
        await using var read = connection.Sql("PRAGMA user_version;", transaction);
        var version = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version > _migrations.Count)
        {
            // Not permanent: an older binary must not dead-letter work that a newer one can do.
            throw new InvalidOperationException(
                $"{Path} has schema version {version}, newer than this build supports ({_migrations.Count}); run a newer FileSearch.");
        }

        for (var i = version; i < _migrations.Count; i++)
        {
            await using var step = connection.Sql(_migrations[i], transaction);
            await step.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (version < _migrations.Count)
        {
            await using var write = connection.Sql(
                string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {_migrations.Count};"), transaction);
            await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }
}
