namespace FileSearch.Embedded;

/// <summary>Where a bucket's objects live.</summary>
/// <param name="Bucket">The bucket name (S3 rules).</param>
/// <param name="RootPath">Absolute path of the folder holding the bucket's objects.</param>
/// <param name="ReadOnly">True for a person's own folder given to <c>ingest</c>: files are read in place, never written or deleted.</param>
/// <param name="IsRegistered">False for a bucket that was never registered and maps to <c>{DataDirectory}/objects/{bucket}</c>.</param>
public sealed record BucketRegistration(string Bucket, string RootPath, bool ReadOnly, bool IsRegistered);
