using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace FileSearch.Extraction.Internals;

/// <summary>
/// Reads parts with <see cref="OpenXmlReader"/> instead of loading their whole DOM: only one
/// element (a paragraph, a table, a row, a shape) is in memory at a time, so a huge part cannot
/// exhaust memory.
/// </summary>
internal static class OpenXmlStreaming
{
    /// <summary>
    /// Returns <paramref name="part"/> when its root element is a <typeparamref name="TRoot"/>; a package
    /// of another kind (an XLSX read as DOCX) has a main part of another root.
    /// </summary>
    public static TPart RequireRoot<TPart, TRoot>(TPart? part)
        where TPart : OpenXmlPart
        where TRoot : OpenXmlElement
    {
        if (part is not null)
        {
            using var reader = OpenXmlReader.Create(part);
            if (reader.Read() && reader.ElementType == typeof(TRoot))
            {
                return part;
            }
        }

        throw new InvalidDataException($"The package has no {typeof(TRoot).Name} main part");
    }

    public static IEnumerable<T> Elements<T>(OpenXmlPart? part)
        where T : OpenXmlElement => Elements(part, typeof(T)).Cast<T>();

    /// <summary>
    /// The outermost elements of the given types, in document order. An element's own descendants
    /// are inside the loaded element and not returned again.
    /// </summary>
    public static IEnumerable<OpenXmlElement> Elements(OpenXmlPart? part, params Type[] types)
    {
        if (part is null)
        {
            yield break;
        }

        using var reader = OpenXmlReader.Create(part);
        if (!reader.Read())
        {
            yield break;
        }

        while (!reader.EOF)
        {
            if (reader.IsStartElement && Array.IndexOf(types, reader.ElementType) >= 0)
            {
                // Loading moves the reader past the element, so no Read() here.
                yield return reader.LoadCurrentElement()!;
            }
            else if (!reader.Read())
            {
                yield break;
            }
        }
    }
}
