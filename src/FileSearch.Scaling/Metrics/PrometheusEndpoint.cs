using System.Net;
using System.Text;
using FileSearch.Scaling.Internals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FileSearch.Scaling.Metrics;

/// <summary>Serves the FileSearch meters in the Prometheus text format on a small HttpListener.</summary>
public sealed class PrometheusEndpoint(IOptions<MetricsOptions> options, ILogger<PrometheusEndpoint> logger) : BackgroundService
{
    private readonly MetricsAggregator _aggregator = new();

    /// <summary>The current exposition text (what a scrape returns).</summary>
    public string Scrape() => PrometheusText.Render(_aggregator.Collect());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prefix = options.Value.PrometheusPrefix;
        using var listener = new HttpListener();
        try
        {
            listener.Prefixes.Add(prefix);
            listener.Start();
        }
        catch (Exception ex) when (ex is HttpListenerException or ArgumentException or InvalidOperationException)
        {
            // A busy port must not stop the worker: metrics are an aid, indexing is the job.
            Log.PrometheusUnavailable(logger, prefix, ex.Message);
            return;
        }

        Log.PrometheusListening(logger, prefix);
        using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync().WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            await RespondAsync(context, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task RespondAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        using var response = context.Response;
        try
        {
            var body = Encoding.UTF8.GetBytes(Scrape());
            response.ContentType = PrometheusText.ContentType;
            response.ContentLength64 = body.Length;
            await response.OutputStream.WriteAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpListenerException or IOException)
        {
            // The scraper went away; the next scrape gets a fresh answer.
        }
    }

    public override void Dispose()
    {
        _aggregator.Dispose();
        base.Dispose();
    }
}
