using System.Text.Json;
using FileSearch.Server.Api;

namespace FileSearch.Cli.Rendering;

/// <summary><c>--json</c>: the API's shapes and conventions on stdout, so scripts do not scrape tables.</summary>
internal static class JsonOutput
{
    public static System.CommandLine.Option<bool> Option() => new("--json") { Description = "Print JSON (the HTTP API's shape) instead of a table" };

    public static void Write<T>(T value) => Console.Out.WriteLine(JsonSerializer.Serialize(value, ApiJson.Options));
}
