using FileSearch.Core.Security;

namespace FileSearch.Bench.Commands.Bench.Permissions;

/// <summary>
/// Permissions as a file share has them: most documents are shared with one to three groups (group sizes skewed, as
/// departments and project teams are), one in ten with everyone, one in twenty owned by a single user, and one in twenty
/// carries a denial of one user. Users belong to 1-50 groups, biased to the large ones.
/// </summary>
internal sealed class PermissionsBenchCorpus
{
    private readonly int _groups;
    private readonly int _users;
    private readonly int _seed;
    private readonly string[][] _principals;

    public PermissionsBenchCorpus(int groups, int users, int seed)
    {
        _groups = groups;
        _users = users;
        _seed = seed;
        var random = new Random(seed);
        _principals = new string[users][];
        for (var u = 0; u < users; u++)
        {
            var count = Math.Min(1 + random.Next(50), groups);
            var held = new SortedSet<string>(StringComparer.Ordinal) { Principal.Everyone, User(u) };
            while (held.Count < count + 2)
            {
                held.Add(Group(Skewed(random, groups)));
            }

            _principals[u] = [.. held];
        }
    }

    /// <summary>The principals user <paramref name="user"/> holds, as a caller's visibility lists them.</summary>
    public IReadOnlyList<string> Principals(int user) => _principals[user];

    /// <summary>The permissions of document <paramref name="document"/> (deterministic).</summary>
    public DocumentPermissions Permissions(int document)
    {
        var random = new Random(HashCode.Combine(_seed, document));
        var kind = random.Next(20);
        var allow = new List<PermissionEntry>();
        if (kind < 2)
        {
            allow.Add(new PermissionEntry(Principal.Everyone, PermissionSource.Mode));
        }
        else if (kind < 3)
        {
            allow.Add(new PermissionEntry(User(random.Next(_users)), PermissionSource.Mode));
        }
        else
        {
            for (var g = 1 + random.Next(3); g > 0; g--)
            {
                allow.Add(new PermissionEntry(Group(Skewed(random, _groups)), PermissionSource.Acl));
            }
        }

        allow.Add(new PermissionEntry(User(random.Next(_users)), PermissionSource.Mode));
        List<PermissionEntry> deny = random.Next(20) == 0 ? [new PermissionEntry(User(random.Next(_users)), PermissionSource.Acl)] : [];
        return DocumentPermissions.Create(allow, deny);
    }

    private static string User(int u) => "user:u" + u.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Group(int g) => "group:g" + g.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A group number, small numbers (large groups) far more often: the square of a uniform draw.</summary>
    private static int Skewed(Random random, int groups)
    {
        var x = random.NextDouble();
        return Math.Min(groups - 1, (int)(x * x * groups));
    }
}
