using System.Globalization;
using System.Xml.Linq;
using FileSearch.Core.Errors;
using FileSearch.Scaling.Internals;

namespace FileSearch.Scaling.Scaler;

/// <summary>An instance of the group as DescribeAutoScalingGroups reports it.</summary>
public sealed record GroupInstance(string InstanceId, string LifecycleState, bool ProtectedFromScaleIn);

/// <summary>The group's capacity and instances.</summary>
public sealed record GroupState(string Name, int MinSize, int MaxSize, int DesiredCapacity, IReadOnlyList<GroupInstance> Instances);

/// <summary>
/// The Amazon EC2 Auto Scaling Query API (form-encoded POST, <c>Version=2011-01-01</c>) over an HttpClient whose
/// handler signs with SigV4 for service <c>autoscaling</c>
/// (https://docs.aws.amazon.com/autoscaling/ec2/APIReference/Welcome.html).
/// </summary>
public sealed class AutoScalingClient(HttpClient http, Uri endpoint)
{
    private const string Version = "2011-01-01";

    /// <summary>DescribeAutoScalingGroups for one group.</summary>
    public async Task<GroupState> DescribeGroupAsync(string groupName, CancellationToken cancellationToken)
    {
        var xml = await CallAsync("DescribeAutoScalingGroups", [new("AutoScalingGroupNames.member.1", groupName)], cancellationToken).ConfigureAwait(false);
        var group = xml.Descendants().FirstOrDefault(e => e.Name.LocalName == "AutoScalingGroups")?.Elements().FirstOrDefault()
            ?? throw ProcessingException.Permanent("asg-not-found", $"Auto Scaling group '{groupName}' does not exist in this region/account");
        var instances = Child(group, "Instances")?.Elements().Select(m => new GroupInstance(
            Value(m, "InstanceId"), Value(m, "LifecycleState"), bool.Parse(Value(m, "ProtectedFromScaleIn", "false")))).ToList() ?? [];
        return new GroupState(Value(group, "AutoScalingGroupName"), Int(group, "MinSize"), Int(group, "MaxSize"), Int(group, "DesiredCapacity"), instances);
    }

    /// <summary>SetDesiredCapacity (HonorCooldown=false: the policy keeps its own cooldown).</summary>
    public Task SetDesiredCapacityAsync(string groupName, int desiredCapacity, CancellationToken cancellationToken) =>
        CallAsync("SetDesiredCapacity",
        [
            new("AutoScalingGroupName", groupName),
            new("DesiredCapacity", desiredCapacity.ToString(CultureInfo.InvariantCulture)),
            new("HonorCooldown", "false"),
        ], cancellationToken);

    /// <summary>SetInstanceProtection for the given instances.</summary>
    public Task SetInstanceProtectionAsync(string groupName, IReadOnlyList<string> instanceIds, bool protectedFromScaleIn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        var parameters = new List<KeyValuePair<string, string>> { new("AutoScalingGroupName", groupName) };
        parameters.AddRange(instanceIds.Select((id, i) => new KeyValuePair<string, string>($"InstanceIds.member.{i + 1}", id)));
        parameters.Add(new("ProtectedFromScaleIn", protectedFromScaleIn ? "true" : "false"));
        return CallAsync("SetInstanceProtection", parameters, cancellationToken);
    }

    private Task<XDocument> CallAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken) =>
        AwsQueryApi.CallAsync(http, endpoint, "Auto Scaling", "asg", Version, action, parameters, cancellationToken);

    private static XElement? Child(XElement parent, string name) => AwsQueryApi.Child(parent, name);

    private static string Value(XElement parent, string name, string? fallback = null) =>
        Child(parent, name)?.Value ?? fallback ?? throw ProcessingException.Permanent("asg-bad-response", $"Auto Scaling response lacks {name}");

    private static int Int(XElement parent, string name) => int.Parse(Value(parent, name), CultureInfo.InvariantCulture);
}
