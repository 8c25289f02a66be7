using System.Security.Cryptography;
using System.Text.Json;
using FileSearch.Cli.Commands;
using FileSearch.Testing;
using Microsoft.Data.Sqlite;

namespace FileSearch.Cli.Tests.EndToEnd;

/// <summary>
/// Documents processed before hashes and text signatures were kept (their columns emptied in the real SQLite metadata
/// store after an ingest): <c>backfill hashes</c> records both from the stored originals and texts, resumes after a
/// partial run, changes nothing the second time, leaves a file changed since processing alone, and <c>duplicates</c>
/// then finds the exact copies again.
/// </summary>
[Collection(ConsoleCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BackfillHashesTests : IDisposable
{
    private readonly TempDirectory _temp = new("fs-cli-hashes");

    public void Dispose() => _temp.Dispose();

    private string DataDir => _temp.Combine("data");

    [Fact]
    public async Task BackfillHashes_OldRecords_HashedResumableIdempotentAndDuplicatesFound()
    {
        var docs = Directory.CreateDirectory(_temp.Combine("docs")).FullName;
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "prose", "01-clean-contract.gt.txt"));
        Directory.CreateDirectory(Path.Combine(docs, "原本"));
        Directory.CreateDirectory(Path.Combine(docs, "控え"));
        await File.WriteAllTextAsync(Path.Combine(docs, "原本/契約書.txt"), text);
        await File.WriteAllTextAsync(Path.Combine(docs, "控え/契約書.txt"), text);
        await File.WriteAllTextAsync(Path.Combine(docs, "メモ.txt"), "打ち合わせのメモです。来週の予定を確認する。");
        await File.WriteAllTextAsync(Path.Combine(docs, "変更.txt"), "変更前の本文です。");
        var ingest = await CliProcess.RunAsync(DataDir, TimeSpan.FromSeconds(120), "ingest", docs);
        Assert.True(ingest.ExitCode == ExitCodes.Success, ingest.Output);
        Assert.Equal(4, Forget());
        // Changed after processing and not processed again: its bytes are not the indexed text's.
        await File.WriteAllTextAsync(Path.Combine(docs, "変更.txt"), "変更後の本文は長さも違います。");

        var before = await JsonAsync("duplicates", "--json");
        var partial = await InProcessCli.RunAsync(DataDir, "backfill", "hashes", "--limit", "1");
        var afterPartial = Missing();
        var rest = await InProcessCli.RunAsync(DataDir, "backfill", "hashes");
        var afterRest = Missing();
        var again = await InProcessCli.RunAsync(DataDir, "backfill", "hashes");
        var after = await JsonAsync("duplicates", "--json");

        Assert.Equal(4, before.RootElement.GetProperty("withoutHash").GetInt32());
        Assert.DoesNotContain(before.RootElement.GetProperty("groups").EnumerateArray(), g => g.GetProperty("kind").GetString() == "exact");
        Assert.True(partial.ExitCode == ExitCodes.Success, partial.Output);
        // One document looked at: hashed, or the changed one left alone.
        Assert.InRange(afterPartial, 3, 4);
        Assert.True(rest.ExitCode == ExitCodes.Success, rest.Output);
        Assert.Equal(1, afterRest);
        // Only the changed file is left, and left alone again.
        Assert.True(again.ExitCode == ExitCodes.Success, again.Output);
        Assert.Contains("changed since processed", again.Output, StringComparison.Ordinal);
        Assert.Equal(1, Missing());
        var exact = Assert.Single(after.RootElement.GetProperty("groups").EnumerateArray(), g => g.GetProperty("kind").GetString() == "exact");
        var hash = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(docs, "原本/契約書.txt"))));
        Assert.All(exact.GetProperty("members").EnumerateArray(), m => Assert.Equal(hash, m.GetProperty("contentSha256").GetString()));
        Assert.Equal(1, after.RootElement.GetProperty("withoutHash").GetInt32());
        Assert.Equal(0, SignaturesMissing());
    }

    /// <summary>Empties the hash and signature columns, as records written before they existed; the number of rows.</summary>
    private int Forget()
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE documents SET content_sha256 = NULL, text_signature = NULL";
        return command.ExecuteNonQuery();
    }

    private int Missing() => Count("SELECT COUNT(*) FROM documents WHERE content_sha256 IS NULL");

    private int SignaturesMissing() => Count("SELECT COUNT(*) FROM documents WHERE text_signature IS NULL");

    private int Count(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(DataDir, "metadata.db"), Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private async Task<JsonDocument> JsonAsync(params string[] args)
    {
        var (exit, output) = await InProcessCli.RunAsync(DataDir, args);
        Assert.True(exit == ExitCodes.Success, output);
        return JsonDocument.Parse(output);
    }
}
