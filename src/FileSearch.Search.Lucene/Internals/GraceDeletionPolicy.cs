using System.Globalization;
using Lucene.Net.Index;

namespace FileSearch.Search.Lucene.Internals;

/// <summary>
/// Keeps superseded commits for a grace period instead of deleting them at once (Lucene's default keeps only the last
/// commit). A reader in another process reads <c>segments_N</c> and then opens the files it names; deleting them in
/// between made such a reader fail with a missing <c>.cfs</c>/<c>.si</c>. With a grace period far longer than that gap
/// a reader never sees files deleted under it. The grace period runs from when this writer first saw the commit
/// superseded (a commit that stood for an hour was being opened by readers until the moment it was replaced), and it is
/// measured on the monotonic clock: a wall clock stepped forwards (NTP) must not expire it early. A writer opening an
/// index counts its older commits as superseded from then. The newest commit is always kept.
/// </summary>
internal sealed class GraceDeletionPolicy(TimeProvider time, TimeSpan grace) : IndexDeletionPolicy
{
    /// <summary>Commit user-data key holding the commit's wall-clock time in Unix milliseconds (for people reading it).</summary>
    public const string CommittedAtKey = "filesearch.committedAt";

    // Generation -> monotonic timestamp at which this writer first saw it superseded. Lucene calls the policy under
    // the writer's commit lock, one call at a time.
    private readonly Dictionary<long, long> _supersededSince = [];

    public override void OnInit<T>(IList<T> commits) => OnCommit(commits);

    public override void OnCommit<T>(IList<T> commits)
    {
        ArgumentNullException.ThrowIfNull(commits);
        var now = time.GetTimestamp();
        // Lucene lists commits oldest first; the last one is the current commit.
        for (var i = 0; i < commits.Count - 1; i++)
        {
            var generation = commits[i].Generation;
            if (!_supersededSince.TryGetValue(generation, out var since))
            {
                _supersededSince[generation] = since = now;
            }

            if (time.GetElapsedTime(since, now) >= grace)
            {
                commits[i].Delete();
                _supersededSince.Remove(generation);
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
}
