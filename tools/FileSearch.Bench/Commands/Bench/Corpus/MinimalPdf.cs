using System.Globalization;
using System.Text;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>
/// Writes small, valid PDF 1.7 files without a PDF library: text pages in a non-embedded Japanese CID font
/// (Adobe-Japan1, <c>UniJIS-UCS2-H</c>, with a ToUnicode map so the text layer extracts exactly) and image pages
/// (one grayscale JPEG per page, as scanners write them). Readers substitute the font (poppler through poppler-data
/// and fontconfig), as they do for the many Japanese office PDFs that do not embed MS Mincho.
/// </summary>
internal sealed class MinimalPdf
{
    private const double A4Width = 595.28;
    private const double A4Height = 841.89;

    private readonly List<byte[]> _objects = [];
    private readonly List<int> _pages = [];
    private readonly int _pagesId;
    private int _fontId;

    public MinimalPdf()
    {
        _pagesId = Reserve();
    }

    /// <summary>A text page: one line per entry, <paramref name="fontSize"/> points, from the top-left margin.</summary>
    public void AddTextPage(IReadOnlyList<string> lines, double fontSize)
    {
        var content = new StringBuilder("BT\n");
        content.Append(Invariant($"/F1 {fontSize:0.##} Tf {fontSize * 1.6:0.##} TL 56.7 {A4Height - 70:0.##} Td\n"));
        foreach (var line in lines)
        {
            content.Append('<').Append(Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(line))).Append("> Tj T*\n");
        }

        content.Append("ET\n");
        var stream = AddStream(string.Empty, Encoding.ASCII.GetBytes(content.ToString()));
        AddPage(Invariant($"/Font << /F1 {Font()} 0 R >>"), stream);
    }

    /// <summary>A page filled by one grayscale JPEG (baseline, 8 bits) of <paramref name="width"/> x <paramref name="height"/> pixels.</summary>
    public void AddJpegPage(byte[] jpeg, int width, int height)
    {
        var image = AddStream(Invariant($"/Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode "), jpeg);
        var content = AddStream(string.Empty, Encoding.ASCII.GetBytes(Invariant($"q {A4Width} 0 0 {A4Height} 0 0 cm /Im0 Do Q\n")));
        AddPage(Invariant($"/XObject << /Im0 {image} 0 R >>"), content);
    }

    /// <summary>Writes the document; <paramref name="title"/> goes to the document information.</summary>
    public void Save(string path, string title)
    {
        Set(_pagesId, Invariant($"<< /Type /Pages /Count {_pages.Count} /Kids [{string.Join(' ', _pages.Select(p => Invariant($"{p} 0 R")))}] >>"));
        var catalog = Add(Invariant($"<< /Type /Catalog /Pages {_pagesId} 0 R >>"));
        var info = Add(Invariant($"<< /Title <FEFF{Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(title))}> /Producer (FileSearch bench corpus) /CreationDate (D:20250401090000Z) >>"));

        using var output = new MemoryStream();
        output.Write("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"u8);
        var offsets = new long[_objects.Count];
        for (var i = 0; i < _objects.Count; i++)
        {
            offsets[i] = output.Position;
            output.Write(Encoding.ASCII.GetBytes(Invariant($"{i + 1} 0 obj\n")));
            output.Write(_objects[i]);
            output.Write("\nendobj\n"u8);
        }

        var xref = output.Position;
        var table = new StringBuilder(Invariant($"xref\n0 {_objects.Count + 1}\n0000000000 65535 f \n"));
        foreach (var offset in offsets)
        {
            table.Append(Invariant($"{offset:D10} 00000 n \n"));
        }

        table.Append(Invariant($"trailer\n<< /Size {_objects.Count + 1} /Root {catalog} 0 R /Info {info} 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
        output.Write(Encoding.ASCII.GetBytes(table.ToString()));
        File.WriteAllBytes(path, output.ToArray());
    }

    private void AddPage(string resources, int content) =>
        _pages.Add(Add(Invariant($"<< /Type /Page /Parent {_pagesId} 0 R /MediaBox [0 0 {A4Width} {A4Height}] /Resources << {resources} >> /Contents {content} 0 R >>")));

    private int Font()
    {
        if (_fontId != 0)
        {
            return _fontId;
        }

        const string name = "/NotoSansCJKjp-Regular";
        var descriptor = Add($"<< /Type /FontDescriptor /FontName {name} /Flags 4 /FontBBox [-1002 -1048 2928 1808] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 733 /StemV 80 >>");
        // Adobe-Japan1 CIDs 1-95 are proportional Latin, 231-325 half-width; the rest of what we write is full-width.
        var cidFont = Add(Invariant($"<< /Type /Font /Subtype /CIDFontType0 /BaseFont {name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Japan1) /Supplement 6 >> /FontDescriptor {descriptor} 0 R /DW 1000 /W [1 95 500 231 325 500] >>"));
        var toUnicode = AddStream(string.Empty, Encoding.ASCII.GetBytes(IdentityToUnicode()));
        _fontId = Add(Invariant($"<< /Type /Font /Subtype /Type0 /BaseFont {name} /Encoding /UniJIS-UCS2-H /DescendantFonts [{cidFont} 0 R] /ToUnicode {toUnicode} 0 R >>"));
        return _fontId;
    }

    /// <summary>Codes are UCS-2 code units, so the ToUnicode map is the identity, one range per high byte (a range may not cross one).</summary>
    private static string IdentityToUnicode()
    {
        var map = new StringBuilder("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
        for (var block = 0; block < 256; block += 100)
        {
            var count = Math.Min(100, 256 - block);
            map.Append(Invariant($"{count} beginbfrange\n"));
            for (var high = block; high < block + count; high++)
            {
                map.Append(Invariant($"<{high:X2}00> <{high:X2}FF> <{high:X2}00>\n"));
            }

            map.Append("endbfrange\n");
        }

        return map.Append("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").ToString();
    }

    private int Reserve()
    {
        _objects.Add([]);
        return _objects.Count;
    }

    private int Add(string body)
    {
        var id = Reserve();
        Set(id, body);
        return id;
    }

    private void Set(int id, string body) => _objects[id - 1] = Encoding.ASCII.GetBytes(body);

    private int AddStream(string dictionary, byte[] data)
    {
        var id = Reserve();
        var head = Encoding.ASCII.GetBytes(Invariant($"<< {dictionary}/Length {data.Length} >>\nstream\n"));
        _objects[id - 1] = [.. head, .. data, .. "\nendstream"u8];
        return id;
    }

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
