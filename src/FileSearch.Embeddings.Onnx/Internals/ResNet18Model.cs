using System.Diagnostics;
using System.Numerics.Tensors;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Onnx;

namespace FileSearch.Embeddings.Onnx.Internals;

/// <summary>
/// One ONNX Runtime session of the ImageNet-pretrained ResNet18 (CNTK export shipped by ML.NET), shared by every
/// caller of the process; <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is safe to call concurrently. The model's batch dimension is fixed at 1 in the file; it is made symbolic at load so
/// one call embeds a whole batch. Input preprocessing is the model's own (its <c>ResNetPreprocess.onnx</c>): RGB
/// 0-255 reordered to BGR, minus the per-pixel ImageNet mean image the network was trained with (no scaling by a
/// standard deviation). The output is the global average pool: 512 features per image.
/// </summary>
internal sealed class ResNet18Model : IDisposable
{
    public const int Side = 224;
    public const int Dimension = 512;
    private const int Plane = Side * Side;

    private readonly InferenceSession _session;
    private readonly RunOptions _run = new();
    private readonly float[] _mean;
    private readonly string[] _inputs;
    private readonly string[] _outputs;

    public ResNet18Model(OnnxEmbeddingOptions options, ILogger logger)
    {
        var started = Stopwatch.GetTimestamp();
        var modelPath = Path.Combine(options.ModelDirectory, OnnxEmbeddingOptions.ModelFileName);
        _session = CreateSession(modelPath, options);

        // Loading went through three managed copies of the 64 MB model (file, parsed graph, edited bytes) that nothing
        // references any more; once per process, give them back to the OS now rather than keep ~180 MB resident
        // (measured: RSS 480 -> 300 MB; bench embed's model_mb).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        _inputs = [_session.InputMetadata.Keys.Single()];
        _outputs = [_session.OutputMetadata.Keys.Single()];
        var output = _session.OutputMetadata[_outputs[0]];
        if (output.Dimensions is not [_, Dimension, 1, 1])
        {
            _session.Dispose();
            throw new InvalidOperationException(
                $"{modelPath}: output {_outputs[0]} is [{string.Join(',', output.Dimensions)}], expected [N,{Dimension},1,1] (the pooled features)");
        }

        _mean = MeanImage(Path.Combine(options.ModelDirectory, OnnxEmbeddingOptions.PreprocessFileName));
        Log.ModelLoaded(logger, modelPath, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, _inputs[0], _outputs[0], Dimension,
            options.IntraOpThreads, options.EnableMemoryArena);
    }

    /// <summary>
    /// L2-normalised features of each image: interleaved RGB bytes, <see cref="Side"/> × <see cref="Side"/> × 3.
    /// </summary>
    public float[][] Run(IReadOnlyList<byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var count = images.Count;
        var input = new float[count * 3 * Plane];
        for (var i = 0; i < count; i++)
        {
            Fill(images[i], input.AsSpan(i * 3 * Plane, 3 * Plane));
        }

        using var tensor = OrtValue.CreateTensorValueFromMemory(input, [count, 3, Side, Side]);
        using var results = _session.Run(_run, _inputs, [tensor], _outputs);
        var features = results[0].GetTensorDataAsSpan<float>();
        var vectors = new float[count][];
        for (var i = 0; i < count; i++)
        {
            var row = features.Slice(i * Dimension, Dimension);
            var norm = TensorPrimitives.Norm(row);
            vectors[i] = new float[Dimension];
            if (norm > 0 && float.IsFinite(norm))
            {
                TensorPrimitives.Divide(row, norm, vectors[i]);
            }
        }

        return vectors;
    }

    public void Dispose()
    {
        _session.Dispose();
        _run.Dispose();
    }

    /// <summary>RGB interleaved bytes to the network's planar BGR input, minus the mean image.</summary>
    private void Fill(byte[] rgb, Span<float> planes)
    {
        if (rgb.Length != 3 * Plane)
        {
            throw new ArgumentException($"Expected {3 * Plane} bytes of {Side}x{Side} RGB, got {rgb.Length}", nameof(rgb));
        }

        var mean = _mean.AsSpan();
        for (var p = 0; p < Plane; p++)
        {
            planes[p] = rgb[(p * 3) + 2] - mean[p];
            planes[Plane + p] = rgb[(p * 3) + 1] - mean[Plane + p];
            planes[(2 * Plane) + p] = rgb[p * 3] - mean[(2 * Plane) + p];
        }
    }

    /// <summary>The session of the model with its batch dimension made symbolic (a method of its own, so the copies die with it).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static InferenceSession CreateSession(string modelPath, OnnxEmbeddingOptions options)
    {
        var model = ModelProto.Parser.ParseFrom(File.ReadAllBytes(modelPath));
        model.Graph.SetDim(); // leading (batch) dimension of inputs, outputs and value infos becomes symbolic 'N'
        using var sessionOptions = CreateSessionOptions(options);
        return new InferenceSession(model.ToByteArray(), sessionOptions);
    }

    private static SessionOptions CreateSessionOptions(OnnxEmbeddingOptions options)
    {
        var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            EnableCpuMemArena = options.EnableMemoryArena,
            EnableMemoryPattern = options.EnableMemoryArena,
        };

        // Idle intra-op threads sleep instead of spinning: the cores are shared with OCR and decoding.
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return sessionOptions;
    }

    /// <summary>
    /// The mean image (BGR planes) of the model's preprocessing graph, read by running it on a black image: its output
    /// is then exactly minus the mean.
    /// </summary>
    private static float[] MeanImage(string preprocessPath)
    {
        using var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        using var session = new InferenceSession(preprocessPath, sessionOptions);
        var black = new float[3 * Plane];
        using var tensor = OrtValue.CreateTensorValueFromMemory(black, [1, 3, Side, Side]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, [session.InputMetadata.Keys.Single()], [tensor], [session.OutputMetadata.Keys.Single()]);
        var mean = new float[3 * Plane];
        TensorPrimitives.Negate(results[0].GetTensorDataAsSpan<float>(), mean);
        return mean;
    }
}
