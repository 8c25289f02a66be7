using FileSearch.Core.Similarity;

namespace FileSearch.Core.Tests.Similarity;

[Trait("Category", "Unit")]
public sealed class VersionNameTests
{
    [Theory]
    [InlineData("見積書.xlsx")]
    [InlineData("見積書_v2.xlsx")]
    [InlineData("見積書_v3_最終.xlsx")]
    [InlineData("見積書ｖ２.xlsx")]
    [InlineData("見積書_Ver.2.1.xlsx")]
    [InlineData("見積書_rev3.xlsx")]
    [InlineData("見積書_第2版.xlsx")]
    [InlineData("見積書 第二版.xlsx")]
    [InlineData("見積書_改訂版.xlsx")]
    [InlineData("見積書(改).xlsx")]
    [InlineData("見積書_改2.xlsx")]
    [InlineData("見積書_最終_修正.xlsx")]
    [InlineData("見積書最終版.xlsx")]
    [InlineData("【最終】見積書.xlsx")]
    [InlineData("見積書 - コピー.xlsx")]
    [InlineData("見積書 - コピー (2).xlsx")]
    [InlineData("見積書のコピー.xlsx")]
    [InlineData("コピー ～ 見積書.xlsx")]
    [InlineData("Copy of 見積書.xlsx")]
    [InlineData("見積書 (1).xlsx")]
    [InlineData("見積書_2.xlsx")]
    [InlineData("旧_見積書.xlsx")]
    [InlineData("旧見積書.xlsx")]
    [InlineData("見積書(旧).xlsx")]
    [InlineData("見積書_old.xlsx")]
    [InlineData("new_見積書.xlsx")]
    [InlineData("見積書_20240131.xlsx")]
    [InlineData("見積書20240131.xlsx")]
    [InlineData("見積書_2024-01-31.xlsx")]
    [InlineData("2024年1月31日_見積書.xlsx")]
    [InlineData("令和6年1月31日見積書.xlsx")]
    [InlineData("見積書_240131.xlsx")]
    [InlineData("見積書_提出用.xlsx")]
    [InlineData("見積書_draft.xlsx")]
    [InlineData("/nas/営業/見積書_final2.xlsx")]
    [InlineData("ＭＩＴＳＵＭＯＲＩ.xlsx", "mitsumori")]
    [InlineData("Report - Copy.docx", "report")]
    [InlineData("report (1).docx", "report")]
    [InlineData("report_draft_v1.docx", "report")]
    public void Stem_VersionMarkers_Removed(string name, string expected = "見積書") =>
        Assert.Equal(expected, VersionName.Stem(name));

    [Theory]
    [InlineData("新規顧客リスト.xlsx", "新規顧客リスト")]
    [InlineData("新聞記事.pdf", "新聞記事")]
    [InlineData("改善計画書.docx", "改善計画書")]
    [InlineData("server2.conf", "server2")]
    [InlineData("2024年度報告書.docx", "2024年度報告書")]
    [InlineData("第3回営業会議議事録.docx", "第3回営業会議議事録")]
    [InlineData("01.txt", "01")]
    [InlineData("01_v2.txt", "01")]
    [InlineData("v2.docx", "v2")]
    public void Stem_WordsThatLookLikeMarkers_Kept(string name, string expected) =>
        Assert.Equal(expected, VersionName.Stem(name));

    [Theory]
    [InlineData("見積書", "見積書", 1.0)]
    [InlineData("見積書", "見積書田中", 0.9)]
    [InlineData("2023年度報告書", "2024年度報告書", 0.0)]
    [InlineData("第3回営業会議議事録", "第4回営業会議議事録", 0.0)]
    [InlineData("見積書", "議事録", 0.0)]
    public void Similarity_Stems_Expected(string a, string b, double expected) =>
        Assert.Equal(expected, VersionName.Similarity(a, b), 3);

    [Fact]
    public void Rank_StatedVersions_FinalAboveNumbersOldBelow()
    {
        Assert.True(VersionName.Rank("見積書_v3.xlsx") > VersionName.Rank("見積書_v2.xlsx"));
        Assert.True(VersionName.Rank("見積書_最終.xlsx") > VersionName.Rank("見積書_v9.xlsx"));
        Assert.True(VersionName.Rank("旧_見積書.xlsx") < VersionName.Rank("見積書.xlsx"));
        Assert.Equal(0, VersionName.Rank("見積書_2024-01-31.xlsx"));
    }
}
