using System.Globalization;
using System.Text;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// The text of an RTF document (RTF 1.9.1 specification): groups, control words, hex escapes <c>\'hh</c> decoded
/// in the code page of the current font (<c>\fcharset128</c> is Shift_JIS) or the document's <c>\ansicpgN</c>, so a
/// Japanese double-byte character written as two escapes is decoded as one; <c>\uN</c> Unicode characters with their
/// <c>\ucN</c> fallback skipped. Destinations that are not text (font, colour and style tables, document info,
/// pictures, objects, field instructions, unknown <c>\*</c> destinations) are skipped; paragraphs, lines, rows and
/// page breaks become line breaks, tabs and table cells tabs.
/// </summary>
internal sealed class RtfReader
{
    private static readonly HashSet<string> SkippedDestinations = new(StringComparer.Ordinal)
    {
        "colortbl", "stylesheet", "info", "pict", "objdata", "themedata", "colorschememapping", "datastore", "latentstyles",
        "listtable", "listoverridetable", "rsidtbl", "generator", "xmlnstbl", "mmathPr", "pgdsctbl", "fldinst", "bkmkstart",
        "bkmkend", "filetbl", "revtbl", "xe", "tc", "bliptag", "blipuid", "shppict", "nonshppict", "panose", "falt",
        "template", "userprops", "docvar", "operator", "wgrffmtfilter", "listtext", "pntext", "fchars", "lchars",
    };

    private readonly byte[] _rtf;
    private readonly TextBudget _budget;
    private readonly StringBuilder _text = new();
    private readonly List<byte> _pending = [];
    private readonly Dictionary<int, int> _fontCodePages = [];
    private readonly Stack<GroupState> _groups = new();
    private GroupState _state = new(Skip: false, InFontTable: false, UnicodeSkip: 1, CodePage: 1252);
    private int _defaultCodePage = 1252;
    private int _position;
    private int _fontBeingDefined = -1;
    private int _skipAfterUnicode;

    private RtfReader(byte[] rtf, TextBudget budget)
    {
        _rtf = rtf;
        _budget = budget;
    }

    public static string Read(byte[] rtf, TextBudget budget, CancellationToken cancellationToken) =>
        new RtfReader(rtf, budget).Run(cancellationToken);

    private string Run(CancellationToken cancellationToken)
    {
        while (_position < _rtf.Length && !_budget.Truncated)
        {
            if ((_position & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var b = _rtf[_position++];
            switch (b)
            {
                case (byte)'{':
                    Flush();
                    _groups.Push(_state);
                    break;
                case (byte)'}':
                    Flush();
                    if (_state.InFontTable && !(_groups.TryPeek(out var outer) && outer.InFontTable))
                    {
                        _fontBeingDefined = -1;
                    }

                    _state = _groups.Count > 0 ? _groups.Pop() : _state;
                    break;
                case (byte)'\\':
                    ReadControl();
                    break;
                case (byte)'\r' or (byte)'\n' or 0:
                    break;
                default:
                    AddByte(b);
                    break;
            }
        }

        Flush();
        return _text.ToString();
    }

    private void ReadControl()
    {
        if (_position >= _rtf.Length)
        {
            return;
        }

        var c = _rtf[_position];
        if (!IsLetter(c))
        {
            _position++;
            ReadSymbol(c);
            return;
        }

        var start = _position;
        while (_position < _rtf.Length && IsLetter(_rtf[_position]))
        {
            _position++;
        }

        var word = Encoding.ASCII.GetString(_rtf, start, _position - start);
        int? parameter = null;
        var numberStart = _position;
        if (_position < _rtf.Length && (_rtf[_position] == '-' || IsDigit(_rtf[_position])))
        {
            _position++;
            while (_position < _rtf.Length && IsDigit(_rtf[_position]))
            {
                _position++;
            }

            if (int.TryParse(Encoding.ASCII.GetString(_rtf, numberStart, _position - numberStart), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
            {
                parameter = n;
            }
        }

        if (_position < _rtf.Length && _rtf[_position] == ' ')
        {
            _position++; // the delimiter belongs to the control word
        }

        ControlWord(word, parameter);
    }

    private void ReadSymbol(byte c)
    {
        switch (c)
        {
            case (byte)'\'':
                if (_position + 2 <= _rtf.Length && byte.TryParse(Encoding.ASCII.GetString(_rtf, _position, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
                {
                    _position += 2;
                    AddByte(value);
                }

                break;
            case (byte)'*':
                // An ignorable destination: skipped unless it is one whose text we know (none besides those handled by name).
                _state = _state with { Skip = true };
                break;
            case (byte)'~':
                AddChar('\u00A0');
                break;
            case (byte)'_':
                AddChar('\u2011');
                break;
            case (byte)'-':
                break; // optional hyphen
            case (byte)'\r' or (byte)'\n':
                AddChar('\n'); // a backslash before a line end is \par
                break;
            case (byte)'\\' or (byte)'{' or (byte)'}':
                AddByte(c);
                break;
            default:
                break;
        }
    }

    private void ControlWord(string word, int? parameter)
    {
        if (_skipAfterUnicode > 0)
        {
            _skipAfterUnicode--;
            return;
        }

        switch (word)
        {
            case "ansicpg":
                _defaultCodePage = parameter ?? 1252;
                _state = _state with { CodePage = _defaultCodePage };
                return;
            case "fonttbl":
                Flush();
                _state = _state with { InFontTable = true };
                return;
            case "f" when _state.InFontTable:
                _fontBeingDefined = parameter ?? -1;
                return;
            case "fcharset" when _state.InFontTable && _fontBeingDefined >= 0:
                _fontCodePages[_fontBeingDefined] = CodePageOf(parameter ?? 0);
                return;
            case "f":
                Flush();
                _state = _state with { CodePage = _fontCodePages.GetValueOrDefault(parameter ?? 0, _defaultCodePage) };
                return;
            case "uc":
                _state = _state with { UnicodeSkip = Math.Max(parameter ?? 1, 0) };
                return;
            case "u" when parameter is { } code:
                AddChar((char)(code < 0 ? code + 65536 : code));
                _skipAfterUnicode = _state.UnicodeSkip;
                return;
            case "bin" when parameter is > 0:
                _position = Math.Min(_rtf.Length, _position + parameter.Value);
                return;
        }

        if (SkippedDestinations.Contains(word))
        {
            Flush();
            _state = _state with { Skip = true };
            return;
        }

        var text = word switch
        {
            "par" or "line" or "sect" or "page" or "row" => "\n",
            "tab" or "cell" => "\t",
            "emdash" => "\u2014",
            "endash" => "\u2013",
            "lquote" => "\u2018",
            "rquote" => "\u2019",
            "ldblquote" => "\u201C",
            "rdblquote" => "\u201D",
            "bullet" => "\u2022",
            "emspace" or "enspace" or "qmspace" => " ",
            _ => null,
        };
        if (text is not null)
        {
            foreach (var ch in text)
            {
                AddChar(ch);
            }
        }
    }

    private void AddByte(byte b)
    {
        if (_skipAfterUnicode > 0)
        {
            _skipAfterUnicode--;
            return;
        }

        if (!_state.Skip && !_state.InFontTable)
        {
            _pending.Add(b);
        }
    }

    private void AddChar(char c)
    {
        Flush();
        if (!_state.Skip && !_state.InFontTable)
        {
            _budget.Append(_text, c);
        }
    }

    /// <summary>Decodes the bytes gathered so far together: a double-byte character may arrive as two escapes.</summary>
    private void Flush()
    {
        if (_pending.Count == 0)
        {
            return;
        }

        var bytes = _pending.ToArray();
        _pending.Clear();
        _budget.Append(_text, EncodingFor(_state.CodePage).GetString(bytes));
    }

    private static Encoding EncodingFor(int codePage) => JapaneseEncodings.ForCodePage(codePage) ?? Encoding.Latin1;

    /// <summary>Font charsets (<c>\fcharsetN</c>) to Windows code pages.</summary>
    private int CodePageOf(int charset) => charset switch
    {
        128 => 932,
        129 => 949,
        134 => 936,
        136 => 950,
        161 => 1253,
        162 => 1254,
        163 => 1258,
        177 => 1255,
        178 => 1256,
        186 => 1257,
        204 => 1251,
        222 => 874,
        238 => 1250,
        _ => _defaultCodePage,
    };

    private static bool IsLetter(byte b) => b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z';

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private readonly record struct GroupState(bool Skip, bool InFontTable, int UnicodeSkip, int CodePage);
}
