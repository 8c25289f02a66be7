using System.Net;

namespace FileSearch.Embedded.Internals;

/// <summary>
/// S3 general purpose bucket naming rules, so a name that works here also works on S3.
/// See https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
/// </summary>
internal static class BucketName
{
    private static readonly string[] ReservedPrefixes = ["xn--", "sthree-", "amzn-s3-demo-"];
    private static readonly string[] ReservedSuffixes = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

    public static void Validate(string? bucket)
    {
        if (Problem(bucket) is { } problem)
        {
            throw StorageErrors.InvalidBucket(bucket, problem);
        }
    }

    public static string? Problem(string? bucket)
    {
        if (string.IsNullOrEmpty(bucket) || bucket.Length < 3 || bucket.Length > 63)
        {
            return "it must be 3 to 63 characters long";
        }

        if (!bucket.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-'))
        {
            return "only lowercase letters, digits, '.' and '-' are allowed";
        }

        if (!char.IsAsciiLetterOrDigit(bucket[0]) || !char.IsAsciiLetterOrDigit(bucket[^1]))
        {
            return "it must begin and end with a letter or digit";
        }

        if (bucket.Contains("..", StringComparison.Ordinal))
        {
            return "it must not contain two adjacent periods";
        }

        if (bucket.Count(c => c == '.') == 3 && IPAddress.TryParse(bucket, out _))
        {
            return "it must not be formatted as an IP address";
        }

        if (ReservedPrefixes.Any(p => bucket.StartsWith(p, StringComparison.Ordinal))
            || ReservedSuffixes.Any(s => bucket.EndsWith(s, StringComparison.Ordinal)))
        {
            return "it uses a prefix or suffix reserved by S3";
        }

        return null;
    }
}
