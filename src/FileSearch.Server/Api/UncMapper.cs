using Microsoft.Extensions.Options;

namespace FileSearch.Server.Api;

/// <summary>
/// The path staff paste into Explorer: a stored path under a configured prefix (<see cref="ServerOptions.UncMappings"/>)
/// becomes <c>\\server\share\...</c>; other paths have none.
/// </summary>
public sealed class UncMapper
{
    private readonly KeyValuePair<string, string>[] _mappings;

    public UncMapper(IOptions<ServerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _mappings = [.. options.Value.UncMappings
            .Where(m => m.Key.Length > 0 && m.Value.Length > 0)
            .OrderByDescending(m => m.Key.Length)];
    }

    /// <summary>The mapper of the <c>Server</c> section of <paramref name="configuration"/> (for front ends without the server's options).</summary>
    public static UncMapper From(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new ServerOptions();
        Microsoft.Extensions.Configuration.ConfigurationBinder.Bind(configuration.GetSection(ServerOptions.SectionName), options);
        return new UncMapper(Options.Create(options));
    }

    public string? Map(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var (prefix, unc) in _mappings)
        {
            var trimmed = prefix.TrimEnd('/', '\\');
            if (!path.StartsWith(trimmed, StringComparison.Ordinal)
                || (path.Length > trimmed.Length && path[trimmed.Length] is not ('/' or '\\')))
            {
                continue;
            }

            var rest = path[trimmed.Length..].Replace('/', '\\').TrimStart('\\');
            var root = unc.TrimEnd('\\', '/').Replace('/', '\\');
            return rest.Length == 0 ? root : root + "\\" + rest;
        }

        return null;
    }
}
