namespace FileSearch.Ocr.Tesseract;

/// <summary>Native Tesseract engines of a <see cref="TesseractOcrEngine"/>'s pools, for leak checks.</summary>
/// <param name="Created">Engines created since start.</param>
/// <param name="Alive">Engines holding native memory now (created minus disposed); at most <paramref name="Capacity"/>.</param>
/// <param name="Rented">Engines working on a page now; zero when no OCR runs.</param>
/// <param name="Capacity">Most engines that can exist at once (the pools' sizes, counting only pools in use).</param>
public readonly record struct TesseractEngineCounts(int Created, int Alive, int Rented, int Capacity);
