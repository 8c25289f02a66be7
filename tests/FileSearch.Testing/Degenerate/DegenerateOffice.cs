using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace FileSearch.Testing.Degenerate;

/// <summary>
/// Office Open XML files written part by part (ECMA-376 part 2 packaging): empty bodies, no sheets or slides, hundreds of
/// thousands of cells, tables nested deeper than any editor writes, paragraphs of megabytes.
/// </summary>
internal static class DegenerateOffice
{
    private const string Rels = "http://schemas.openxmlformats.org/package/2006/relationships";
    private const string OfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument";
    private const string W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    private const string S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string P = "http://schemas.openxmlformats.org/presentationml/2006/main";
    private const string A = "http://schemas.openxmlformats.org/drawingml/2006/main";
    private const string R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    public static void Write(DegenerateCorpus corpus, bool heavy)
    {
        Docx(corpus, "office/empty-body.docx", "<w:body/>", DegenerateExpectation.Indexed);
        Docx(corpus, "office/only-section.docx", "<w:body><w:sectPr/></w:body>", DegenerateExpectation.Indexed);
        Docx(corpus, "office/empty-paragraphs.docx", "<w:body>" + string.Concat(Enumerable.Repeat("<w:p/>", 50_000)) + "</w:body>", DegenerateExpectation.Indexed);
        foreach (var depth in new[] { 10, 60, heavy ? 400 : 150 })
        {
            var word = "入れ子表" + Ordinal(depth);
            var nested = new StringBuilder();
            for (var i = 0; i < depth; i++)
            {
                nested.Append("<w:tbl><w:tr><w:tc>");
            }

            nested.Append(CultureInfo.InvariantCulture, $"<w:p><w:r><w:t>{word}</w:t></w:r></w:p>");
            for (var i = 0; i < depth; i++)
            {
                nested.Append("</w:tc></w:tr></w:tbl><w:p/>");
            }

            Docx(corpus, string.Create(CultureInfo.InvariantCulture, $"office/nested-tables-{depth}.docx"), $"<w:body>{nested}</w:body>", DegenerateExpectation.Indexed, word);
        }

        var longWord = "巨大段落" + Ordinal(1);
        Docx(corpus, "office/one-paragraph-2mb.docx",
            $"<w:body><w:p><w:r><w:t>{longWord}{new string('字', 700_000)}</w:t></w:r></w:p></w:body>", DegenerateExpectation.Indexed, longWord);

        Xlsx(corpus, "office/empty-sheet.xlsx", "<sheetData/>", DegenerateExpectation.Indexed);
        Xlsx(corpus, "office/no-sheet-data.xlsx", string.Empty, DegenerateExpectation.Indexed);
        var (rows, columns) = heavy ? (2000, 250) : (1000, 200);
        var cells = new StringBuilder("<sheetData>");
        for (var r = 1; r <= rows; r++)
        {
            cells.Append(CultureInfo.InvariantCulture, $"<row r=\"{r}\">");
            for (var c = 0; c < columns; c++)
            {
                cells.Append(CultureInfo.InvariantCulture, $"<c r=\"{Column(c)}{r}\"><v>{(r * 31) + c}</v></c>");
            }

            cells.Append("</row>");
        }

        cells.Append("<row r=\"1048576\"><c r=\"XFD1048576\" t=\"inlineStr\"><is><t>最終セル</t></is></c></row></sheetData>");
        Xlsx(corpus, string.Create(CultureInfo.InvariantCulture, $"office/cells-{rows * columns}.xlsx"), cells.ToString(), DegenerateExpectation.Indexed);

        Pptx(corpus, "office/no-slides.pptx", [], DegenerateExpectation.Indexed);
        Pptx(corpus, "office/empty-slide.pptx", ["<p:sld xmlns:p=\"" + P + "\"><p:cSld><p:spTree/></p:cSld></p:sld>"], DegenerateExpectation.Indexed);
        var slideWord = "空白スライド" + Ordinal(2);
        Pptx(corpus, "office/300-slides.pptx",
            [.. Enumerable.Range(0, 300).Select(i => Slide(i == 299 ? slideWord : string.Empty))], DegenerateExpectation.Indexed, slideWord);
    }

    /// <summary><paramref name="n"/> in kanji digits, so each file's word is its own.</summary>
    private static string Ordinal(int n) => string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(d => "〇一二三四五六七八九"[d - '0']));

    private static string Column(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    private static void Docx(DegenerateCorpus corpus, string relative, string body, DegenerateExpectation expectation, string? word = null) =>
        Package(corpus, relative, "docx", word, expectation,
            ("word/document.xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                $"<w:document xmlns:w=\"{W}\">{body}</w:document>"));

    private static void Xlsx(DegenerateCorpus corpus, string relative, string sheetData, DegenerateExpectation expectation) =>
        Package(corpus, relative, "xlsx", null, expectation,
            ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                $"<workbook xmlns=\"{S}\" xmlns:r=\"{R}\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
            ("xl/_rels/workbook.xml.rels", null,
                $"<Relationships xmlns=\"{Rels}\"><Relationship Id=\"rId1\" Type=\"{R}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
            ("xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
                $"<worksheet xmlns=\"{S}\">{sheetData}</worksheet>"));

    private static void Pptx(DegenerateCorpus corpus, string relative, IReadOnlyList<string> slides, DegenerateExpectation expectation, string? word = null)
    {
        var ids = string.Concat(slides.Select((_, i) => string.Create(CultureInfo.InvariantCulture, $"<p:sldId id=\"{256 + i}\" r:id=\"rId{i + 1}\"/>")));
        var parts = new List<(string, string?, string)>
        {
            ("ppt/presentation.xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                $"<p:presentation xmlns:p=\"{P}\" xmlns:r=\"{R}\">{(slides.Count == 0 ? string.Empty : $"<p:sldIdLst>{ids}</p:sldIdLst>")}</p:presentation>"),
            ("ppt/_rels/presentation.xml.rels", null,
                $"<Relationships xmlns=\"{Rels}\">" + string.Concat(slides.Select((_, i) => string.Create(CultureInfo.InvariantCulture,
                    $"<Relationship Id=\"rId{i + 1}\" Type=\"{R}/slide\" Target=\"slides/slide{i + 1}.xml\"/>"))) + "</Relationships>"),
        };
        parts.AddRange(slides.Select((xml, i) => (string.Create(CultureInfo.InvariantCulture, $"ppt/slides/slide{i + 1}.xml"),
            (string?)"application/vnd.openxmlformats-officedocument.presentationml.slide+xml", xml)));
        Package(corpus, relative, "pptx", word, expectation, [.. parts]);
    }

    private static string Slide(string text) =>
        $"<p:sld xmlns:p=\"{P}\" xmlns:a=\"{A}\"><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>";

    private static void Package(DegenerateCorpus corpus, string relative, string family, string? word, DegenerateExpectation expectation,
        params (string Name, string? ContentType, string Xml)[] parts)
    {
        var types = new StringBuilder("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            .Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            .Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>");
        foreach (var part in parts.Where(p => p.ContentType is not null))
        {
            types.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/{part.Name}\" ContentType=\"{part.ContentType}\"/>");
        }

        types.Append("</Types>");
        var main = parts[0].Name;
        var all = new List<(string Name, string Xml)>
        {
            ("[Content_Types].xml", types.ToString()),
            ("_rels/.rels", $"<Relationships xmlns=\"{Rels}\"><Relationship Id=\"rId1\" Type=\"{OfficeDocument}\" Target=\"{main}\"/></Relationships>"),
        };
        all.AddRange(parts.Select(p => (p.Name, p.Xml)));
        using (var zip = ZipFile.Open(corpus.PathOf(relative), ZipArchiveMode.Create))
        {
            foreach (var (name, xml) in all)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
                writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
                writer.Write(xml);
            }
        }

        corpus.Add(relative, family, expectation, word);
    }
}
