using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using FileSearch.Core.Ports;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// PPTX text, one page per slide in presentation order: every paragraph of the slide (shapes,
/// tables, groups), then a blank line and the speaker notes (the notes body and text boxes of the notes page, not
/// the slide image or slide number placeholders). Parts are streamed, never loaded whole.
/// </summary>
internal static class PptxReader
{
    public static ExtractionResult Read(PresentationDocument document, TextBudget budget, CancellationToken cancellationToken)
    {
        var presentation = OpenXmlStreaming.RequireRoot<PresentationPart, P.Presentation>(document.PresentationPart);
        var slideIds = OpenXmlStreaming.Elements<P.SlideId>(presentation).ToList();
        var pages = new List<PageText>(slideIds.Count);
        foreach (var slideId in slideIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (budget.Truncated)
            {
                break;
            }

            var page = new StringBuilder();
            if (slideId.RelationshipId?.Value is { } id && presentation.TryGetPartById(id, out var part) && part is SlidePart slide)
            {
                AppendParagraphs(OpenXmlStreaming.Elements<A.Paragraph>(slide), page, budget);
                var notes = new StringBuilder();
                AppendParagraphs(NotesBody(slide.NotesSlidePart).SelectMany(shape => shape.Descendants<A.Paragraph>()), notes, budget);
                if (notes.Length > 0)
                {
                    page.Append('\n').Append(notes);
                }
            }

            pages.Add(new PageText(pages.Count + 1, page.ToString().TrimEnd()));
        }

        return new ExtractionResult(PageTexts.Join(pages), "openxml", slideIds.Count, Pages: pages, Properties: PageTexts.Properties(budget));
    }

    /// <summary>
    /// The notes body placeholder, and text boxes a person added to the notes page (LibreOffice writes the notes of a
    /// converted .ppt that way); not the slide image, slide number, header, footer or date placeholders.
    /// </summary>
    private static IEnumerable<P.Shape> NotesBody(NotesSlidePart? notes) =>
        OpenXmlStreaming.Elements<P.Shape>(notes).Where(shape =>
            shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape is not { } placeholder
            || placeholder.Type?.Value == P.PlaceholderValues.Body);

    private static void AppendParagraphs(IEnumerable<A.Paragraph> paragraphs, StringBuilder sb, TextBudget budget)
    {
        foreach (var paragraph in paragraphs)
        {
            var line = new StringBuilder();
            foreach (var element in paragraph.Descendants())
            {
                if (element is A.Text text)
                {
                    line.Append(text.Text);
                }
                else if (element is A.Break)
                {
                    line.Append('\n');
                }
            }

            if (line.Length > 0 && !(budget.Append(sb, line.ToString()) && budget.Append(sb, '\n')))
            {
                return;
            }
        }
    }
}
