using System.Security;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace FileSearch.Bench.Commands.Bench.Corpus;

/// <summary>
/// A minimal but complete PPTX (presentation, one master with a blank layout and a theme, text-box slides) written
/// as part XML through the OpenXml SDK's packaging; the typed API would need several times the code for the theme alone.
/// </summary>
internal static class SlideDeck
{
    private const string Ns = "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:p=\"http://schemas.openxmlformats.org/presentationml/2006/main\"";
    private const string EmptyTree = "<p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>";

    public static void Write(string path, IReadOnlyList<(string Title, IReadOnlyList<string> Lines)> slides)
    {
        using var document = PresentationDocument.Create(path, PresentationDocumentType.Presentation);
        var presentation = document.AddNewPart<PresentationPart>("application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", "rId1");
        var master = presentation.AddNewPart<SlideMasterPart>("rIdMaster");
        var layout = master.AddNewPart<SlideLayoutPart>("rIdLayout");
        layout.AddPart(master, "rIdMaster");
        var theme = master.AddNewPart<ThemePart>("rIdTheme");
        presentation.AddPart(theme, "rIdTheme");
        Feed(theme, Theme());
        Feed(layout, $"<p:sldLayout {Ns} type=\"blank\"><p:cSld name=\"Blank\"><p:spTree>{EmptyTree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>");
        Feed(master, $"<p:sldMaster {Ns}><p:cSld><p:spTree>{EmptyTree}</p:spTree></p:cSld>"
            + "<p:clrMap bg1=\"lt1\" tx1=\"dk1\" bg2=\"lt2\" tx2=\"dk2\" accent1=\"accent1\" accent2=\"accent2\" accent3=\"accent3\" accent4=\"accent4\" accent5=\"accent5\" accent6=\"accent6\" hlink=\"hlink\" folHlink=\"folHlink\"/>"
            + "<p:sldLayoutIdLst><p:sldLayoutId id=\"2147483649\" r:id=\"rIdLayout\"/></p:sldLayoutIdLst></p:sldMaster>");

        var ids = new StringBuilder();
        for (var i = 0; i < slides.Count; i++)
        {
            var relationship = $"rIdSlide{i + 1}";
            var slide = presentation.AddNewPart<SlidePart>(relationship);
            slide.AddPart(layout, "rIdLayout");
            Feed(slide, Slide(slides[i].Title, slides[i].Lines));
            ids.Append($"<p:sldId id=\"{256 + i}\" r:id=\"{relationship}\"/>");
        }

        Feed(presentation, $"<p:presentation {Ns}><p:sldMasterIdLst><p:sldMasterId id=\"2147483648\" r:id=\"rIdMaster\"/></p:sldMasterIdLst>"
            + $"<p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx=\"9144000\" cy=\"6858000\"/><p:notesSz cx=\"6858000\" cy=\"9144000\"/></p:presentation>");
    }

    private static string Slide(string title, IReadOnlyList<string> lines) =>
        $"<p:sld {Ns}><p:cSld><p:spTree>{EmptyTree}"
        + TextBox(2, "Title", 457200, 274638, 1143000, 3200, [title])
        + TextBox(3, "Body", 457200, 1600200, 4525963, 2000, lines)
        + "</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>";

    private static string TextBox(int id, string name, int x, int y, int height, int size, IEnumerable<string> paragraphs) =>
        $"<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"{name}\"/><p:cNvSpPr txBox=\"1\"/><p:nvPr/></p:nvSpPr>"
        + $"<p:spPr><a:xfrm><a:off x=\"{x}\" y=\"{y}\"/><a:ext cx=\"8229600\" cy=\"{height}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr>"
        + "<p:txBody><a:bodyPr wrap=\"square\"/><a:lstStyle/>"
        + string.Concat(paragraphs.Select(p => $"<a:p><a:r><a:rPr lang=\"ja-JP\" altLang=\"en-US\" sz=\"{size}\"/><a:t>{SecurityElement.Escape(p)}</a:t></a:r></a:p>"))
        + "</p:txBody></p:sp>";

    private static string Theme()
    {
        static string Srgb(string name, string rgb) => $"<a:{name}><a:srgbClr val=\"{rgb}\"/></a:{name}>";
        const string fill = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
        const string font = "<a:latin typeface=\"Calibri\"/><a:ea typeface=\"Noto Sans CJK JP\"/><a:cs typeface=\"\"/>";
        var colours = "<a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1><a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1>"
            + Srgb("dk2", "1F497D") + Srgb("lt2", "EEECE1") + Srgb("accent1", "4F81BD") + Srgb("accent2", "C0504D") + Srgb("accent3", "9BBB59")
            + Srgb("accent4", "8064A2") + Srgb("accent5", "4BACC6") + Srgb("accent6", "F79646") + Srgb("hlink", "0000FF") + Srgb("folHlink", "800080");
        return "<a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"Office\"><a:themeElements>"
            + $"<a:clrScheme name=\"Office\">{colours}</a:clrScheme>"
            + $"<a:fontScheme name=\"Office\"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme>"
            + $"<a:fmtScheme name=\"Office\"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst>"
            + $"<a:lnStyleLst><a:ln w=\"9525\">{fill}</a:ln><a:ln w=\"25400\">{fill}</a:ln><a:ln w=\"38100\">{fill}</a:ln></a:lnStyleLst>"
            + "<a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst>"
            + $"<a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>";
    }

    private static void Feed(OpenXmlPart part, string xml)
    {
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        var bytes = Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + xml);
        stream.Write(bytes);
    }
}
