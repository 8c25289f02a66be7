using System.Runtime.InteropServices;

namespace FileSearch.Ocr.Tesseract.Internals;

/// <summary>Owns one <c>TessBaseAPI*</c>: released with <c>TessBaseAPIEnd</c> + <c>TessBaseAPIDelete</c> exactly once.</summary>
internal sealed class TessBaseApiHandle : SafeHandle
{
    public TessBaseApiHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        TessApi.TessBaseAPIEnd(handle);
        TessApi.TessBaseAPIDelete(handle);
        return true;
    }
}
