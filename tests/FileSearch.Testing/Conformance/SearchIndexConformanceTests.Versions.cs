using FileSearch.Core.Domain;
using FileSearch.Core.Ports;
using Xunit;
using static FileSearch.Testing.Conformance.TestDocuments;

namespace FileSearch.Testing.Conformance;

/// <summary>
/// Conditional writes: an entry is never replaced or deleted on behalf of an older version of its file, so instances that
/// finish two versions in the wrong order leave the newer one indexed.
/// </summary>
public abstract partial class SearchIndexConformanceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(9));

    private static IndexDocument Versioned(string key, string text, DocumentVersion version) =>
        Create(key, text) with { Version = version };

    private static DocumentVersion At(int minutes) => new(null, Monday.AddMinutes(minutes));

    private static DocumentVersion Sequencer(string hex) => new(hex, Monday);

    private async Task<IReadOnlyList<string>> KeysOfAsync(string words) => Keys(await Index.SearchAsync(new SearchQuery(words), Ct));

    [Fact]
    public async Task IndexAsync_OlderVersionAfterNewerInOneCommit_KeepsNewerText()
    {
        await Index.IndexAsync(Versioned("契約書.txt", "改訂版 第二版", At(10)), Ct);
        await Index.IndexAsync(Versioned("契約書.txt", "初版 第一版", At(5)), Ct);
        await Index.CommitAsync(Ct);

        Assert.Equal(["契約書.txt"], await KeysOfAsync("改訂版"));
        Assert.Empty(await KeysOfAsync("初版"));
    }

    [Fact]
    public async Task IndexAsync_OlderVersionAfterNewerWasCommitted_KeepsNewerText()
    {
        await IndexAndCommitAsync(Versioned("見積書.txt", "改訂版 第二版", At(10)));
        await IndexAndCommitAsync(Versioned("見積書.txt", "初版 第一版", At(5)));

        Assert.Equal(["見積書.txt"], await KeysOfAsync("改訂版"));
        Assert.Empty(await KeysOfAsync("初版"));
        Assert.Equal(1, await Index.CountAsync(Ct));
    }

    [Fact]
    public async Task IndexAsync_OlderVersionAfterReopen_KeepsNewerText()
    {
        await IndexAndCommitAsync(Versioned("報告書.txt", "改訂版 第二版", At(10)));
        await CloseIndexAsync(Index);
        _opened.Remove(Index);
        Index = await OpenIndexAsync();

        await IndexAndCommitAsync(Versioned("報告書.txt", "初版 第一版", At(5)));

        Assert.Equal(["報告書.txt"], await KeysOfAsync("改訂版"));
        Assert.Empty(await KeysOfAsync("初版"));
    }

    [Fact]
    public async Task IndexAsync_NewerAndEqualVersions_Replace()
    {
        await IndexAndCommitAsync(Versioned("議事録.txt", "初版 第一版", At(5)));
        await IndexAndCommitAsync(Versioned("議事録.txt", "改訂版 第二版", At(10)));
        Assert.Equal(["議事録.txt"], await KeysOfAsync("改訂版"));

        // Equal versions replace: a reindex or a permission update of the stored version.
        await IndexAndCommitAsync(Versioned("議事録.txt", "再索引 第二版", At(10)));
        Assert.Equal(["議事録.txt"], await KeysOfAsync("再索引"));
        Assert.Empty(await KeysOfAsync("改訂版"));
    }

    [Fact]
    public async Task IndexAsync_SequencersComparedAsHexNumbers_KeepsHigher()
    {
        // "0A" is ten, "9" is nine: compared as text the older one would win.
        await IndexAndCommitAsync(Versioned("仕様書.txt", "改訂版 第二版", Sequencer("0000000000000000000A")));
        await IndexAndCommitAsync(Versioned("仕様書.txt", "初版 第一版", Sequencer("9")));
        Assert.Equal(["仕様書.txt"], await KeysOfAsync("改訂版"));

        await IndexAndCommitAsync(Versioned("仕様書.txt", "第三版 最新", Sequencer("0B")));
        Assert.Equal(["仕様書.txt"], await KeysOfAsync("第三版"));
    }

    [Fact]
    public async Task IndexAsync_WithoutVersion_ReplacesAnyEntry()
    {
        await IndexAndCommitAsync(Versioned("手順書.txt", "初版 第一版", At(10)));
        await IndexAndCommitAsync(Create("手順書.txt", "無条件 上書き"));

        Assert.Equal(["手順書.txt"], await KeysOfAsync("無条件"));
    }

    [Fact]
    public async Task DeleteAsync_UpToOlderThanIndexed_KeepsEntry()
    {
        await IndexAndCommitAsync(Versioned("請求書.txt", "改訂版 第二版", At(10)));

        await Index.DeleteAsync(IdOf("請求書.txt"), At(5), Ct);
        await Index.CommitAsync(Ct);

        Assert.Equal(["請求書.txt"], await KeysOfAsync("改訂版"));
    }

    [Fact]
    public async Task DeleteAsync_UpToIndexedOrNewer_RemovesEntry()
    {
        await IndexAndCommitAsync(Versioned("請求書.txt", "初版 第一版", At(5)), Versioned("納品書.txt", "初版 第一版", At(5)));

        await Index.DeleteAsync(IdOf("請求書.txt"), At(5), Ct);
        await Index.DeleteAsync(IdOf("納品書.txt"), At(30), Ct);
        await Index.DeleteAsync(IdOf("存在しない.txt"), At(30), Ct);
        await Index.CommitAsync(Ct);

        Assert.Empty(await KeysOfAsync("初版"));
        Assert.Equal(0, await Index.CountAsync(Ct));
    }

    [Fact]
    public async Task IndexAsync_AfterConditionalDelete_WritesAnyVersion()
    {
        await IndexAndCommitAsync(Versioned("通知.txt", "改訂版 第二版", At(10)));
        await Index.DeleteAsync(IdOf("通知.txt"), At(10), Ct);
        await Index.CommitAsync(Ct);

        // Nothing is indexed any more, so nothing is newer: the index follows what the metadata store decides.
        await IndexAndCommitAsync(Versioned("通知.txt", "初版 第一版", At(5)));

        Assert.Equal(["通知.txt"], await KeysOfAsync("初版"));
    }
}
