using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// One field's tokens, analysed on whichever thread <see cref="Capture"/> ran on and replayed to the index writer on
/// another: what the writer's inverter reads of a token (term, offsets, position increment and length) and the final
/// offset and position increment after <see cref="TokenStream.End"/>. The analyser's per-thread components are used and
/// released on the capturing thread; the replay holds no reference to them.
/// </summary>
internal sealed class CapturedTokens
{
    private readonly Token[] _tokens;
    private readonly int _finalOffset;
    private readonly int _finalPositionIncrement;

    private CapturedTokens(Token[] tokens, int finalOffset, int finalPositionIncrement)
    {
        _tokens = tokens;
        _finalOffset = finalOffset;
        _finalPositionIncrement = finalPositionIncrement;
    }

    /// <summary>Analyses <paramref name="text"/> as <paramref name="analyzer"/> does for <paramref name="field"/>, to the end.</summary>
    public static CapturedTokens Capture(Analyzer analyzer, string field, string text)
    {
        var tokens = new List<Token>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var length = stream.AddAttribute<IPositionLengthAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            tokens.Add(new Token(term.ToString(), offset.StartOffset, offset.EndOffset, increment.PositionIncrement, length.PositionLength));
        }

        stream.End();
        return new CapturedTokens([.. tokens], offset.EndOffset, increment.PositionIncrement);
    }

    private readonly record struct Token(string Term, int Start, int End, int PositionIncrement, int PositionLength);

    /// <summary>Gives the tokens its source returns, asked for when the stream is reset (before its first token).</summary>
    internal sealed class ReplayStream : TokenStream
    {
        private readonly Func<CapturedTokens> _source;
        private CapturedTokens? _captured;
        private readonly ICharTermAttribute _term;
        private readonly IOffsetAttribute _offset;
        private readonly IPositionIncrementAttribute _increment;
        private readonly IPositionLengthAttribute _length;
        private int _next;

        public ReplayStream(Func<CapturedTokens> source)
        {
            _source = source;
            _term = AddAttribute<ICharTermAttribute>();
            _offset = AddAttribute<IOffsetAttribute>();
            _increment = AddAttribute<IPositionIncrementAttribute>();
            _length = AddAttribute<IPositionLengthAttribute>();
        }

        public override bool IncrementToken()
        {
            var tokens = (_captured ?? throw new InvalidOperationException("Reset before the first token."))._tokens;
            if (_next >= tokens.Length)
            {
                return false;
            }

            ClearAttributes();
            var token = tokens[_next++];
            _term.SetEmpty().Append(token.Term);
            _offset.SetOffset(token.Start, token.End);
            _increment.PositionIncrement = token.PositionIncrement;
            _length.PositionLength = token.PositionLength;
            return true;
        }

        public override void End()
        {
            base.End();
            var captured = _captured ?? throw new InvalidOperationException("Reset before the end.");
            _offset.SetOffset(captured._finalOffset, captured._finalOffset);
            _increment.PositionIncrement = captured._finalPositionIncrement;
        }

        public override void Reset()
        {
            base.Reset();
            _captured ??= _source();
            _next = 0;
        }
    }
}
