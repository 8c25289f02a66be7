using System.Globalization;
using System.Text;

namespace FileSearch.Testing;

/// <summary>Assembles a PDF from its numbered objects (1 = catalog), with a correct cross-reference table and trailer.</summary>
public static class PdfFile
{
    /// <summary>Object <c>i + 1</c> is <paramref name="objects"/>[i] (the bytes between <c>obj</c> and <c>endobj</c>).</summary>
    public static byte[] Build(IReadOnlyList<byte[]> objects)
    {
        ArgumentNullException.ThrowIfNull(objects);
        using var output = new MemoryStream();
        output.Write(Ascii("%PDF-1.4\n"));
        var offsets = new List<long>();
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(output.Position);
            output.Write(Ascii($"{i + 1} 0 obj\n"));
            output.Write(objects[i]);
            output.Write(Ascii("\nendobj\n"));
        }

        var xref = output.Position;
        var table = new StringBuilder($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(offset.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Ascii(table.ToString()));
        return output.ToArray();
    }

    /// <summary>The ASCII bytes of <paramref name="text"/>.</summary>
    public static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);
}
