using System.Runtime.InteropServices;

namespace FileSearch.Search.Lucene.Internals.Mecab;

/// <summary>
/// The subset of libmecab's C API (<c>mecab.h</c>) used here: a model (thread-safe, shared), one tagger from
/// it (thread-safe with the lattice API) and lattices (one per concurrent parse).
/// </summary>
internal static unsafe partial class MecabApi
{
    public const string LibraryName = "libmecab.so.2";

    public const string InstallHint = "apt-get install libmecab2 mecab-ipadic-utf8";

    /// <summary>Debian ships UniDic as sources; the install script compiles them once.</summary>
    public const string UnidicInstallHint = "run scripts/install-prerequisites.sh (apt-get install unidic-mecab mecab-utils, then mecab-dict-index into /var/lib/mecab/dic/unidic)";

    /// <summary><c>MECAB_UNK_NODE</c>: a word the dictionary does not know.</summary>
    public const byte UnknownNode = 1;

    /// <summary><c>MECAB_BOS_NODE</c>.</summary>
    public const byte BeginNode = 2;

    /// <summary><c>MECAB_EOS_NODE</c>.</summary>
    public const byte EndNode = 3;

    [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr mecab_model_new(int argc, string[] argv);

    [LibraryImport(LibraryName)]
    public static partial void mecab_model_destroy(IntPtr model);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mecab_model_new_tagger(IntPtr model);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mecab_model_new_lattice(IntPtr model);

    [LibraryImport(LibraryName)]
    public static partial void mecab_destroy(IntPtr tagger);

    [LibraryImport(LibraryName)]
    public static partial void mecab_lattice_destroy(IntPtr lattice);

    [LibraryImport(LibraryName)]
    public static partial void mecab_lattice_set_sentence2(IntPtr lattice, byte* sentence, nuint length);

    [LibraryImport(LibraryName)]
    public static partial int mecab_parse_lattice(IntPtr tagger, IntPtr lattice);

    [LibraryImport(LibraryName)]
    public static partial MecabNode* mecab_lattice_get_bos_node(IntPtr lattice);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mecab_lattice_strerror(IntPtr lattice);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mecab_strerror(IntPtr tagger);

    [LibraryImport(LibraryName)]
    public static partial IntPtr mecab_version();
}

/// <summary><c>struct mecab_node_t</c>, field for field (only the leading fields are read).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct MecabNode
{
    public MecabNode* Prev;
    public MecabNode* Next;
    public MecabNode* ENext;
    public MecabNode* BNext;
    public IntPtr RPath;
    public IntPtr LPath;
    public byte* Surface;
    public byte* Feature;
    public uint Id;
    public ushort Length;
    public ushort RLength;
    public ushort RcAttr;
    public ushort LcAttr;
    public ushort PosId;
    public byte CharType;
    public byte Stat;
    public byte IsBest;
    public float Alpha;
    public float Beta;
    public float Prob;
    public short WCost;
    public long Cost;
}
