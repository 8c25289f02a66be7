using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Web;

namespace FileSearch.Scaling.Tests.Scaler;

/// <summary>A recorded request to the stand-in.</summary>
internal sealed record RecordedRequest(string Method, string Path, Dictionary<string, string> Headers, Dictionary<string, string> Form);

/// <summary>
/// A local HTTP stand-in (127.0.0.1 only) for the Auto Scaling and CloudWatch Query APIs and IMDSv2: records every
/// request and answers DescribeAutoScalingGroups from <see cref="Desired"/>/<see cref="Instances"/>, GetMetricData from
/// <see cref="Datapoints"/> in the documented XML, the write actions with an empty result.
/// </summary>
internal sealed class AutoScalingStandIn : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public AutoScalingStandIn()
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            try
            {
                _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                _listener.Start();
                Endpoint = new Uri($"http://127.0.0.1:{port}/");
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                _listener.Prefixes.Clear();
            }
        }

        _loop = Task.Run(LoopAsync);
    }

    public Uri Endpoint { get; }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public int Desired { get; set; } = 1;

    public List<(string Id, bool Protected)> Instances { get; } = [("i-001", false)];

    /// <summary>GetMetricData's datapoints by metric name (any namespace and dimensions), in the order they are returned.</summary>
    public Dictionary<string, List<(DateTimeOffset At, double Value)>> Datapoints { get; } = [];

    /// <summary>When set, every Query API call fails with this error code and HTTP status.</summary>
    public (string Code, int Status)? Error { get; set; }

    public void Dispose()
    {
        _listener.Close();
        _ = _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var form = HttpUtility.ParseQueryString(body);
            var recorded = new RecordedRequest(
                context.Request.HttpMethod,
                context.Request.Url!.AbsolutePath,
                context.Request.Headers.AllKeys.ToDictionary(k => k!.ToLowerInvariant(), k => context.Request.Headers[k]!),
                form.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => form[k]!));
            Requests.Enqueue(recorded);
            var (status, text) = Answer(recorded);
            var bytes = Encoding.UTF8.GetBytes(text);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/xml";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private (int Status, string Body) Answer(RecordedRequest request)
    {
        if (request.Path == "/latest/api/token")
        {
            return (200, "imds-token");
        }

        if (request.Path == "/latest/meta-data/instance-id")
        {
            return request.Headers.GetValueOrDefault("x-aws-ec2-metadata-token") == "imds-token" ? (200, "i-0abc\n") : (401, "");
        }

        if (Error is { } error)
        {
            return (error.Status, $"<ErrorResponse xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><Error><Type>Sender</Type><Code>{error.Code}</Code><Message>stand-in says no</Message></Error><RequestId>r</RequestId></ErrorResponse>");
        }

        var action = request.Form.GetValueOrDefault("Action");
        if (action == "GetMetricData")
        {
            return (200, MetricData(request.Form));
        }

        if (action == "DescribeAutoScalingGroups")
        {
            var instances = string.Concat(Instances.Select(i =>
                $"<member><InstanceId>{i.Id}</InstanceId><LifecycleState>InService</LifecycleState><HealthStatus>Healthy</HealthStatus><ProtectedFromScaleIn>{(i.Protected ? "true" : "false")}</ProtectedFromScaleIn></member>"));
            return (200, $"""
                <DescribeAutoScalingGroupsResponse xmlns="http://autoscaling.amazonaws.com/doc/2011-01-01/">
                  <DescribeAutoScalingGroupsResult><AutoScalingGroups><member>
                    <AutoScalingGroupName>{request.Form["AutoScalingGroupNames.member.1"]}</AutoScalingGroupName>
                    <MinSize>1</MinSize><MaxSize>10</MaxSize><DesiredCapacity>{Desired}</DesiredCapacity>
                    <Instances>{instances}</Instances>
                  </member></AutoScalingGroups></DescribeAutoScalingGroupsResult>
                  <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
                </DescribeAutoScalingGroupsResponse>
                """);
        }

        return (200, $"<{action}Response xmlns=\"http://autoscaling.amazonaws.com/doc/2011-01-01/\"><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></{action}Response>");
    }

    // The Query API's GetMetricData answer: one MetricDataResults member per query, timestamps and values by position
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_GetMetricData.html).
    private string MetricData(Dictionary<string, string> form)
    {
        var results = new StringBuilder();
        for (var n = 1; form.TryGetValue($"MetricDataQueries.member.{n}.Id", out var id); n++)
        {
            var name = form[$"MetricDataQueries.member.{n}.MetricStat.Metric.MetricName"];
            var points = Datapoints.GetValueOrDefault(name) ?? [];
            results.Append(CultureInfo.InvariantCulture, $"<member><Timestamps>{string.Concat(points.Select(p => $"<member>{p.At.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}</member>"))}</Timestamps>")
                .Append(CultureInfo.InvariantCulture, $"<Label>{name}</Label><Id>{id}</Id><StatusCode>Complete</StatusCode>")
                .Append(CultureInfo.InvariantCulture, $"<Values>{string.Concat(points.Select(p => $"<member>{p.Value.ToString(CultureInfo.InvariantCulture)}</member>"))}</Values></member>");
        }

        return $"""
            <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
              <GetMetricDataResult><MetricDataResults>{results}</MetricDataResults><Messages/></GetMetricDataResult>
              <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>
            </GetMetricDataResponse>
            """;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
