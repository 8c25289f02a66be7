using System.Runtime.Intrinsics.X86;
using FileSearch.Core.Similarity;

namespace FileSearch.Core.Tests.Similarity;

[Trait("Category", "Unit")]
public sealed class MinHashSignatureTests
{
    private const string Contract = "第1条（目的）本契約は、甲が乙に委託するソフトウェア保守業務の内容および条件を定めることを目的とする。" +
        "第2条（委託料）甲は乙に対し、委託料として月額金三十五万円（消費税別）を、翌月末日までに乙の指定する口座に振り込む。";

    [Fact]
    public void MinimaAvx2_TextsOfEveryKind_SameValuesAsOneSeedAtATime()
    {
        if (!Avx2.IsSupported)
        {
            return; // only the scalar path runs on this CPU
        }

        // Kana, kanji, Latin, digits, a surrogate pair and punctuation, in texts of 1 to 3,000 characters.
        const string Alphabet = "あいうえおかきくけこアイウエオ契約書見積請求議事録甲乙第条ABCxyz0123456789。、（）「」🗾";
        var random = new Random(20261207);
        var texts = new List<string> { Contract, "a", "ab", "abcd", "abcde", "契約" };
        for (var i = 0; i < 300; i++)
        {
            var length = random.Next(1, i < 200 ? 40 : 3000);
            texts.Add(string.Concat(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)])));
        }

        foreach (var normal in texts.Select(MinHashSignature.Normalize).Where(n => n.Length > 0))
        {
            Assert.Equal(MinHashSignature.MinimaScalar(normal), MinHashSignature.MinimaAvx2(normal));
        }
    }

    [Fact]
    public void Compute_WidthAndSpacingDiffer_SameSignature()
    {
        var wrapped = "第1条（目的）本契約は、甲が乙に委託する\nソフトウェア保守業務の内容　および条件を定めることを目的とする。" +
            "第２条（委託料）甲は乙に対し、委託料として月額金三十五万円（消費税別）を、翌月末日までに乙の指定する口座に振り込む。";

        Assert.Equal(MinHashSignature.Compute(Contract), MinHashSignature.Compute(wrapped));
    }

    [Fact]
    public void Similarity_FewCharactersChanged_HighButBelowOne()
    {
        var edited = Contract.Replace("三十五万円", "四十万円", StringComparison.Ordinal);

        var similarity = MinHashSignature.Compute(Contract)!.Similarity(MinHashSignature.Compute(edited)!);

        Assert.InRange(similarity, 0.75, 0.99);
    }

    [Fact]
    public void Similarity_UnrelatedText_Low()
    {
        var other = "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。";

        Assert.InRange(MinHashSignature.Compute(Contract)!.Similarity(MinHashSignature.Compute(other)!), 0, 0.1);
    }

    [Fact]
    public void FromBase64_RoundTrip_Equal()
    {
        var signature = MinHashSignature.Compute(Contract)!;

        var text = signature.ToBase64();

        Assert.Equal(signature, MinHashSignature.FromBase64(text));
        Assert.Equal(684, text.Length);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void FromBase64_MalformedOrOtherLength_Null(string? text) => Assert.Null(MinHashSignature.FromBase64(text));

    [Theory]
    [InlineData(null)]
    [InlineData(" \n\t　")]
    public void Compute_NoText_Null(string? text) => Assert.Null(MinHashSignature.Compute(text));
}

[Trait("Category", "Performance")]
public sealed class MinHashSignaturePerformanceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    /// <summary>
    /// Signing grows linearly with the text: four times the text takes about four times as long (a quadratic shingling
    /// would take sixteen). A ratio, not an absolute time, so coverage instrumentation and a loaded machine, which slow
    /// both sizes alike, do not decide the result; the absolute times are printed.
    /// </summary>
    [Fact]
    public void Compute_FourTimesTheText_AboutFourTimesTheTime()
    {
        var prose = string.Concat(Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "prose"), "*.gt.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        _ = MinHashSignature.Compute(prose); // warm-up
        var small = Time(Text(prose, 50_000));
        var large = Time(Text(prose, 200_000));

        output.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"MinHash of 50,000 characters: {small.TotalMilliseconds:F0} ms; of 200,000: {large.TotalMilliseconds:F0} ms; ratio {large / small:F2}"));
        Assert.True(large / small < 8, $"ratio {large / small:F2}");
    }

    private static string Text(string prose, int length)
    {
        var text = new System.Text.StringBuilder(length + prose.Length);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append(prose).Append(i); // the number keeps the shingles of each round partly new
        }

        return text.ToString(0, length);
    }

    private static TimeSpan Time(string input)
    {
        // The best of three: a pause of the machine or the collector lengthens one run, not the work.
        var best = TimeSpan.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Assert.NotNull(MinHashSignature.Compute(input));
            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return best;
    }
}
