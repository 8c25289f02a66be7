using System.Runtime.InteropServices;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>
/// The subset of libtesseract's C API (<c>tesseract/capi.h</c>) the engine uses, bound with source-generated
/// marshalling. Every <c>TessBaseAPI*</c> call on one handle must come from one thread at a time.
/// </summary>
internal static unsafe partial class TessApi
{
    public const string LibraryName = "libtesseract.so.5";

    /// <summary><c>TessOcrEngineMode.OEM_LSTM_ONLY</c>.</summary>
    public const int OemLstmOnly = 1;

    /// <summary><c>TessOcrEngineMode.OEM_DEFAULT</c>: what <c>osd.traineddata</c> (a legacy model) needs for orientation detection.</summary>
    public const int OemDefault = 3;

    [LibraryImport(LibraryName)]
    public static partial IntPtr TessVersion();

    [LibraryImport(LibraryName)]
    public static partial void TessDeleteText(IntPtr text);

    [LibraryImport(LibraryName)]
    public static partial TessBaseApiHandle TessBaseAPICreate();

    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPIDelete(IntPtr handle);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPIInit2(TessBaseApiHandle handle, string dataPath, string language, int oem);

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TessBaseAPISetVariable(TessBaseApiHandle handle, string name, string value);

    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPISetPageSegMode(TessBaseApiHandle handle, int mode);

    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPISetImage(TessBaseApiHandle handle, byte* imageData, int width, int height, int bytesPerPixel, int bytesPerLine);

    /// <summary>Sets the page from a leptonica <c>Pix</c>, which Tesseract copies: the caller still owns and destroys it.</summary>
    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPISetImage2(TessBaseApiHandle handle, IntPtr pix);

    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPISetSourceResolution(TessBaseApiHandle handle, int ppi);

    [LibraryImport(LibraryName)]
    public static partial int TessBaseAPIRecognize(TessBaseApiHandle handle, IntPtr monitor);

    [LibraryImport(LibraryName)]
    public static partial IntPtr TessBaseAPIGetUTF8Text(TessBaseApiHandle handle);

    [LibraryImport(LibraryName)]
    public static partial int TessBaseAPIMeanTextConf(TessBaseApiHandle handle);

    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPIClear(TessBaseApiHandle handle);

    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPIEnd(IntPtr handle);

    [LibraryImport(LibraryName)]
    public static partial int TessBaseAPIDetectOrientationScript(TessBaseApiHandle handle, int* orientDeg, float* orientConf, IntPtr* scriptName, float* scriptConf);

    /// <summary><c>TessPageIteratorLevel.RIL_TEXTLINE</c>.</summary>
    public const int LevelTextLine = 2;

    /// <summary><c>TessPageIteratorLevel.RIL_WORD</c>.</summary>
    public const int LevelWord = 3;

    /// <summary><c>TessPageIteratorLevel.RIL_SYMBOL</c>.</summary>
    public const int LevelSymbol = 4;

    [LibraryImport(LibraryName)]
    public static partial void TessBaseAPISetRectangle(TessBaseApiHandle handle, int left, int top, int width, int height);

    /// <summary>The result iterator of the last recognition (null when there is none); free it with <see cref="TessResultIteratorDelete"/>.</summary>
    [LibraryImport(LibraryName)]
    public static partial IntPtr TessBaseAPIGetIterator(TessBaseApiHandle handle);

    [LibraryImport(LibraryName)]
    public static partial void TessResultIteratorDelete(IntPtr iterator);

    [LibraryImport(LibraryName)]
    public static partial int TessResultIteratorNext(IntPtr iterator, int level);

    /// <summary>The text of the element at <paramref name="level"/>; free it with <see cref="TessDeleteText"/> (<see cref="TakeText"/>).</summary>
    [LibraryImport(LibraryName)]
    public static partial IntPtr TessResultIteratorGetUTF8Text(IntPtr iterator, int level);

    [LibraryImport(LibraryName)]
    public static partial float TessResultIteratorConfidence(IntPtr iterator, int level);

    /// <summary>The page iterator inside a result iterator (owned by it, not to be freed).</summary>
    [LibraryImport(LibraryName)]
    public static partial IntPtr TessResultIteratorGetPageIteratorConst(IntPtr iterator);

    [LibraryImport(LibraryName)]
    public static partial int TessPageIteratorIsAtBeginningOf(IntPtr iterator, int level);

    [LibraryImport(LibraryName)]
    public static partial int TessPageIteratorBoundingBox(IntPtr iterator, int level, int* left, int* top, int* right, int* bottom);

    [LibraryImport(LibraryName)]
    public static partial IntPtr TessMonitorCreate();

    [LibraryImport(LibraryName)]
    public static partial void TessMonitorDelete(IntPtr monitor);

    [LibraryImport(LibraryName)]
    public static partial void TessMonitorSetCancelFunc(IntPtr monitor, delegate* unmanaged[Cdecl]<IntPtr, int, byte> cancelFunc);

    [LibraryImport(LibraryName)]
    public static partial void TessMonitorSetCancelThis(IntPtr monitor, IntPtr cancelThis);

    [LibraryImport(LibraryName)]
    public static partial void TessMonitorSetDeadlineMSecs(IntPtr monitor, int deadline);

    /// <summary>Copies a UTF-8 string owned by Tesseract, then frees it with <c>TessDeleteText</c>.</summary>
    public static string TakeText(IntPtr text)
    {
        if (text == IntPtr.Zero)
        {
            return string.Empty;
        }

        try
        {
            return Marshal.PtrToStringUTF8(text) ?? string.Empty;
        }
        finally
        {
            TessDeleteText(text);
        }
    }
}
