using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using NetVips;

namespace FileSearch.Imaging.Tests;

/// <summary>Images made for the tests with libvips itself, so no binary fixtures are committed.</summary>
internal static class TestImages
{
    /// <summary>A grey RGB image whose left half is black and right half white.</summary>
    public static Image HalfBlackHalfWhite(int width, int height)
    {
        using var left = Image.Black(width / 2, height, bands: 3);
        using var right = Image.Black(width - (width / 2), height, bands: 3) + 255;
        using var joined = left.Join(right, Enums.Direction.Horizontal);
        return joined.Cast(Enums.BandFormat.Uchar);
    }

    public static Image Solid(int width, int height, double value, int bands = 3)
    {
        using var black = Image.Black(width, height, bands: bands);
        using var filled = black + value;
        return filled.Cast(Enums.BandFormat.Uchar);
    }

    /// <summary>Writes pages of the given grey values as one multi-page image (TIFF, GIF ...).</summary>
    public static void SaveMultiPage(string path, int width, int height, params double[] greyValues)
    {
        var pages = greyValues.Select(v => Solid(width, height, v)).ToArray();
        try
        {
            using var stacked = Image.Arrayjoin(pages, across: 1);
            using var tagged = stacked.Mutate(m => m.Set(GValue.GIntType, "page-height", height));
            tagged.WriteToFile(path);
        }
        finally
        {
            foreach (var page in pages)
            {
                page.Dispose();
            }
        }
    }

    /// <summary>Saves a JPEG whose EXIF orientation tag says "rotate 90 degrees clockwise to view" (6).</summary>
    public static void SaveJpegWithOrientation(Image image, string path, int orientation)
    {
        using var tagged = image.Mutate(m => m.Set(GValue.GIntType, "orientation", orientation));
        tagged.Jpegsave(path, q: 90);
    }

    /// <summary>A syntactically valid PNG claiming huge dimensions whose only pixel data is 1,000 zero bytes.</summary>
    public static byte[] PngHeaderOnly(int width, int height)
    {
        using var ms = new MemoryStream();
        ms.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type RGB
        WriteChunk(ms, "IHDR", ihdr);
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(new byte[1000]);
            }

            WriteChunk(ms, "IDAT", compressed.ToArray());
        }

        WriteChunk(ms, "IEND", []);
        return ms.ToArray();
    }

    /// <summary>
    /// An HEVC-coded HEIC (as iPhones write) made with ImageMagick's libheif, which has the encoder: plain grey, or
    /// the picture in <paramref name="sourcePng"/>.
    /// </summary>
    public static async Task<string> SaveHevcHeicAsync(string path, string? sourcePng = null)
    {
        string[] input = sourcePng is null ? ["-size", "64x48", "xc:gray"] : [sourcePng];
        var psi = new ProcessStartInfo("/usr/bin/convert", [.. input, "heic:" + path])
        {
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0 && File.Exists(path), $"convert failed: {stderr}");
        return path;
    }

    /// <summary>A deflate TIFF whose compressed strip is overwritten with garbage; the header stays valid.</summary>
    public static string SaveDamagedTiff(string path)
    {
        using (var image = HalfBlackHalfWhite(300, 300))
        {
            image.Tiffsave(path, compression: Enums.ForeignTiffCompression.Deflate);
        }

        var bytes = File.ReadAllBytes(path);
        bytes.AsSpan(16, 180).Fill(0xFF);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public static double Mean(ReadOnlySpan<byte> pixels)
    {
        long sum = 0;
        foreach (var b in pixels)
        {
            sum += b;
        }

        return pixels.Length == 0 ? 0 : (double)sum / pixels.Length;
    }

    private static void WriteChunk(Stream stream, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }
}
