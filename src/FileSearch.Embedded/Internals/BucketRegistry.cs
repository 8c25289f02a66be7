namespace FileSearch.Embedded.Internals;

/// <summary>Registered buckets in <c>{DataDirectory}/buckets.db</c>, shared by every process on the data directory.</summary>
internal sealed class BucketRegistry(SqliteDatabase db) : IDisposable
{
    public static readonly IReadOnlyList<string> Migrations =
    [
        """
        CREATE TABLE buckets (
            name      TEXT    NOT NULL PRIMARY KEY,
            root_path TEXT    NOT NULL,
            read_only INTEGER NOT NULL
        );
        """,
    ];

    public async Task UpsertAsync(BucketRegistration registration, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var upsert = connection.Sql(
                "INSERT INTO buckets (name, root_path, read_only) VALUES ($name, $root, $readOnly) " +
                "ON CONFLICT (name) DO UPDATE SET root_path = excluded.root_path, read_only = excluded.read_only;")
            .With("$name", registration.Bucket).With("$root", registration.RootPath).With("$readOnly", registration.ReadOnly);
        await upsert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> RemoveAsync(string bucket, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = connection.Sql("DELETE FROM buckets WHERE name = $name;").With("$name", bucket);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<BucketRegistration?> FindAsync(string bucket, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE name = $name", bucket, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public Task<List<BucketRegistration>> ListAsync(CancellationToken cancellationToken) =>
        QueryAsync(string.Empty, null, cancellationToken);

    public void Dispose() => db.Dispose();

    private async Task<List<BucketRegistration>> QueryAsync(string where, string? name, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var select = connection.Sql($"SELECT name, root_path, read_only FROM buckets {where} ORDER BY name;")
            .With("$name", name);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var found = new List<BucketRegistration>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            found.Add(new BucketRegistration(reader.GetString(0), reader.GetString(1), reader.GetBoolean(2), IsRegistered: true));
        }

        return found;
    }
}
