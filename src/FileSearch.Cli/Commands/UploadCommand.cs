using System.CommandLine;
using FileSearch.Aws;
using FileSearch.Core.Ports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace FileSearch.Cli.Commands;

/// <summary><c>upload &lt;folder&gt; --bucket B [--prefix P] [--delete]</c>: NAS-to-S3 sync.</summary>
public static class UploadCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var folder = new Argument<string>("folder") { Description = "Folder to upload (recursively; hidden files are skipped)" };
        var bucket = new Option<string>("--bucket") { Description = "Target S3 bucket", Required = true };
        var prefix = new Option<string?>("--prefix") { Description = "Key prefix for the uploaded files" };
        var delete = new Option<bool>("--delete") { Description = "Delete objects under the prefix that have no local file" };
        var noPermissions = new Option<bool>("--no-permissions")
        {
            Description = "Do not store who may read each file with its object (documents then follow path rules, or are for admins only)",
        };
        var command = new Command("upload", "Sync a folder to S3: multipart for large files, unchanged files (size + time) skipped")
        {
            folder, bucket, prefix, delete, noPermissions,
        };
        command.SetAction((parse, ct) => CommandRunner.RunAsync(parse, globals, LogLevel.Warning, async (services, _, token) =>
        {
            var configuration = services.GetRequiredService<IConfiguration>();
            var options = configuration.GetSection(AwsOptions.SectionName).Get<AwsOptions>() ?? new AwsOptions();
            using var s3 = AwsServiceCollectionExtensions.CreateS3(options, credentials: null);
            var store = new S3ObjectStore(s3, Options.Create(options), TimeProvider.System, NullLogger<S3ObjectStore>.Instance);
            var sync = new S3FolderSync(store, TimeProvider.System, parse.GetValue(noPermissions) ? null : services.GetService<IPermissionSource>());
            SyncResult? result = null;
            await AnsiConsole.Progress().AutoClear(false).StartAsync(async context =>
            {
                var task = context.AddTask("upload", maxValue: 1);
                var progress = new Progress<SyncProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape($"{p.Action.ToString().ToLowerInvariant()} {Short(p.Key)}");
                });
                result = await sync.SyncAsync(parse.GetValue(folder)!, parse.GetValue(bucket)!, parse.GetValue(prefix), parse.GetValue(delete), progress, token).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);

            AnsiConsole.MarkupLineInterpolated($"uploaded {result!.Uploaded} ({result.BytesUploaded:N0} bytes), unchanged {result.Skipped}, new permissions only {result.PermissionsUpdated}, deleted {result.Deleted}, failed {result.Failures.Count}");
            foreach (var failure in result.Failures)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]failed[/] {failure}");
            }

            return result.Failures.Count == 0 ? ExitCodes.Success : ExitCodes.CompletedWithFailures;
        }, ct));
        return command;
    }

    private static string Short(string key) => key.Length <= 50 ? key : "…" + key[^49..];
}
