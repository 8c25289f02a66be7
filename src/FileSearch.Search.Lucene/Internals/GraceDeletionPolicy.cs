using System.Globalization;
using Lucene.Net.Index;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Keeps superseded commits for a grace period instead of deleting them at once (Lucene's default keeps only the last
/// commit). A reader in another process reads <c>segments_N</c> and then opens the files it names; deleting them in
/// between made such a reader fail with a missing <c>.cfs</c>/<c>.si</c>. With a grace period far longer than that gap
/// a reader never sees files deleted under it. The newest commit is always kept; a commit without the timestamp this
/// writer adds (an older index) counts as expired.
/// </summary>
internal sealed class GraceDeletionPolicy(TimeProvider time, TimeSpan grace) : IndexDeletionPolicy
{
    /// <summary>Commit user-data key holding the commit's time in Unix milliseconds.</summary>
    public const string CommittedAtKey = "filesearch.committedAt";

    public override void OnInit<T>(IList<T> commits) => OnCommit(commits);

    public override void OnCommit<T>(IList<T> commits)
    {
        ArgumentNullException.ThrowIfNull(commits);
        var now = time.GetUtcNow();
        // Lucene lists commits oldest first; the last one is the current commit.
        for (var i = 0; i < commits.Count - 1; i++)
        {
            if (Expired(commits[i], now))
            {
                commits[i].Delete();
            }
        }
    }

    /// <summary>Commit user data recording <paramref name="now"/>, merged with <paramref name="data"/>.</summary>
    public static Dictionary<string, string> Stamp(IDictionary<string, string>? data, DateTimeOffset now)
    {
        var stamped = data is null ? [] : new Dictionary<string, string>(data);
        stamped[CommittedAtKey] = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return stamped;
    }

    private bool Expired(IndexCommit commit, DateTimeOffset now)
    {
        if (!commit.UserData.TryGetValue(CommittedAtKey, out var value)
            || !long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis))
        {
            return true;
        }

        var committed = DateTimeOffset.FromUnixTimeMilliseconds(millis);
        // A clock stepped backwards makes the age negative: keep the commit rather than trust the difference.
        return now - committed >= grace;
    }
}
