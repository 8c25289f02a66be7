using System.Text;
using FileSearch.Extraction.Internals;

namespace FileSearch.Extraction.Tests;

[Trait("Category", "Unit")]
public sealed class TextSnifferTests
{
    [Fact]
    public void Detect_ControlCharactersWithoutNul_NotText()
    {
        var bytes = Enumerable.Range(0, 2000).Select(i => (byte)(1 + (i % 8))).ToArray();

        Assert.False(TextSniffer.Detect(bytes, isComplete: true).LooksLikeText);
    }

    [Fact]
    public void Detect_HighBytesWithoutNul_NotText()
    {
        var random = new Random(7);
        var bytes = Enumerable.Range(0, 4096).Select(_ => (byte)random.Next(0x80, 0x100)).ToArray();

        Assert.False(TextSniffer.Detect(bytes, isComplete: true).LooksLikeText);
    }

    [Fact]
    public void Detect_NulsOnBothSides_NotText()
    {
        var bytes = TestSupport.RandomBytes(4096);
        for (var i = 0; i < bytes.Length; i += 3)
        {
            bytes[i] = 0;
        }

        Assert.False(TextSniffer.Detect(bytes, isComplete: true).LooksLikeText);
    }

    [Fact]
    public void Detect_Utf16WithoutBomWithUnpairedSurrogate_NotText()
    {
        byte[] bytes = [.. Encoding.Unicode.GetBytes("abc def "), 0x00, 0xD8, .. Encoding.Unicode.GetBytes(" ghi")];

        var guess = TextSniffer.Detect(bytes, isComplete: true);

        Assert.Equal("utf-16", guess.Name);
        Assert.False(guess.LooksLikeText);
    }

    [Fact]
    public void Detect_KoreanUtf8_IsTextWhateverTheScript()
    {
        var guess = TextSniffer.Detect(Encoding.UTF8.GetBytes("안녕하세요. 회의록입니다."), isComplete: true);

        Assert.Equal("utf-8", guess.Name);
        Assert.True(guess.LooksLikeText);
    }

    [Fact]
    public void Score_EucJpReadAsShiftJis_ScoresBelowRightReading()
    {
        var bytes = EncodedText.Encode(JapaneseSamples.Contract, "euc-jp");

        var wrong = CharacterScore.Of(JapaneseEncodings.Decode(JapaneseEncodings.ShiftJis, bytes, isComplete: true));
        var right = CharacterScore.Of(JapaneseEncodings.Decode(JapaneseEncodings.EucJp, bytes, isComplete: true));

        Assert.True(right.Score > wrong.Score, $"right {right.Score} <= wrong {wrong.Score}");
        Assert.True(right.LooksLikeJapanese);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE })]
    [InlineData(new byte[] { 0xFE, 0xFF })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    public void Detect_ByteOrderMarkBeforeBinary_NotText(byte[] bom)
    {
        var random = new Random(11);
        var body = Enumerable.Range(0, 4000).Select(_ => (byte)random.Next(0x01, 0x100)).ToArray();

        Assert.False(TextSniffer.Detect([.. bom, .. body], isComplete: true).LooksLikeText);
    }

    [Fact]
    public void Detect_Utf8WithDamagedByteAfterLongAsciiPrefix_StillUtf8()
    {
        var bytes = Encoding.UTF8.GetBytes(new string('-', 300_000) + JapaneseSamples.Contract);
        bytes[300_005] = 0xFF;

        var guess = TextSniffer.Detect(bytes, isComplete: true);

        Assert.Equal("utf-8", guess.Name);
        Assert.True(guess.LooksLikeText);
    }
}
