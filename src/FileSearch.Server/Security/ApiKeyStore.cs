using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace FileSearch.Server.Security;

/// <summary>An API key as stored: never the key itself, only a hash of its secret part.</summary>
public sealed record ApiKeyInfo(
    string Id,
    string Name,
    string User,
    IReadOnlyList<string> Groups,
    bool IsAdmin,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt);

/// <summary>
/// API keys for scripts, in <c>{data-dir}/apikeys.db</c>. A key reads <c>fsk_{id}_{secret}</c>: the id finds the row, the
/// secret (256 random bits) is compared by its SHA-256 in constant time. The key is shown once, when created.
/// </summary>
public sealed class ApiKeyStore(string path, TimeProvider time)
{
    private const string Prefix = "fsk_";
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS api_keys (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            user_name TEXT NOT NULL,
            groups_json TEXT NOT NULL,
            is_admin INTEGER NOT NULL,
            secret_sha256 BLOB NOT NULL,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER NULL,
            last_used_at INTEGER NULL);
        """;

    /// <summary>The database file.</summary>
    public string Path => path;

    /// <summary>Creates a key and returns it with its record: the only time the key is available.</summary>
    public async Task<(string Key, ApiKeyInfo Info)> CreateAsync(string name, string user, IReadOnlyList<string> groups, bool isAdmin, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentNullException.ThrowIfNull(groups);
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO api_keys (id, name, user_name, groups_json, is_admin, secret_sha256, created_at)
            VALUES ($id, $name, $user, $groups, $admin, $hash, $created)
            """;
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$name", name.Trim());
        command.Parameters.AddWithValue("$user", user.Trim());
        command.Parameters.AddWithValue("$groups", JsonSerializer.Serialize(groups));
        command.Parameters.AddWithValue("$admin", isAdmin ? 1 : 0);
        command.Parameters.AddWithValue("$hash", SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
        command.Parameters.AddWithValue("$created", now.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return ($"{Prefix}{id}_{secret}", new ApiKeyInfo(id, name.Trim(), user.Trim(), groups, isAdmin, now, null, null));
    }

    /// <summary>The key's record when <paramref name="key"/> is a live (not revoked) key; null otherwise.</summary>
    public async Task<ApiKeyInfo?> VerifyAsync(string key, CancellationToken cancellationToken)
    {
        if (!TrySplit(key, out var id, out var secret) || !File.Exists(path))
        {
            return null;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT secret_sha256, " + Columns + " FROM api_keys WHERE id = $id AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$id", id);
        ApiKeyInfo info;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            var stored = (byte[])reader.GetValue(0);
            if (!CryptographicOperations.FixedTimeEquals(stored, SHA256.HashData(Encoding.UTF8.GetBytes(secret))))
            {
                return null;
            }

            info = Read(reader, 1);
        }

        await using var touch = connection.CreateCommand();
        touch.CommandText = "UPDATE api_keys SET last_used_at = $now WHERE id = $id";
        touch.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        touch.Parameters.AddWithValue("$id", id);
        await touch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return info;
    }

    /// <summary>Every key, revoked ones included, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + Columns + " FROM api_keys ORDER BY created_at DESC, id";
        var keys = new List<ApiKeyInfo>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            keys.Add(Read(reader, 0));
        }

        return keys;
    }

    /// <summary>Revokes the key with this id or name; false when no live key matches.</summary>
    public async Task<bool> RevokeAsync(string idOrName, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idOrName);
        if (!File.Exists(path))
        {
            return false;
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE api_keys SET revoked_at = $now WHERE (id = $key OR name = $key) AND revoked_at IS NULL";
        command.Parameters.AddWithValue("$now", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$key", idOrName.Trim());
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    /// <summary>Whether a text looks like one of our keys (so a bearer token can be told from a JWT).</summary>
    public static bool LooksLikeKey(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    private const string Columns = "id, name, user_name, groups_json, is_admin, created_at, revoked_at, last_used_at";

    private static ApiKeyInfo Read(SqliteDataReader reader, int first) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        reader.GetString(first + 2),
        JsonSerializer.Deserialize<string[]>(reader.GetString(first + 3)) ?? [],
        reader.GetInt64(first + 4) != 0,
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 5)),
        reader.IsDBNull(first + 6) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 6)),
        reader.IsDBNull(first + 7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(first + 7)));

    private static bool TrySplit(string key, out string id, out string secret)
    {
        id = secret = string.Empty;
        if (!LooksLikeKey(key) || key.Length > 200)
        {
            return false;
        }

        var rest = key.AsSpan(Prefix.Length);
        var separator = rest.IndexOf('_');
        if (separator <= 0 || separator == rest.Length - 1)
        {
            return false;
        }

        id = rest[..separator].ToString();
        secret = rest[(separator + 1)..].ToString();
        return true;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 10,
        }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 10000; " + Schema;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            // Key hashes only, but still nobody else's business.
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return connection;
    }
}
