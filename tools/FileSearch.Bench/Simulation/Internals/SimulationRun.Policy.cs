using FileSearch.Bench.Simulation;
using FileSearch.Scaling;

namespace FileSearch.Bench.Simulation.Internals;

internal sealed partial class SimulationRun
{
    /// <summary>Feeds the policy what CloudWatch would show and applies its decision to the simulated group.</summary>
    private void Evaluate()
    {
        Sample();
        var inService = _fleet.Where(i => i.Ready).ToList();
        var oldestVisible = _visible.TryPeek(out var first, out _) ? Now - first.ArrivedAt : (TimeSpan?)null;
        TimeSpan? processing = _recentServiceTimes.Count == 0
            ? null
            : TimeSpan.FromTicks((long)_recentServiceTimes.Average(t => t.Ticks));
        var inputs = new ScalingInputs(
            _visible.Count,
            InFlight(),
            _fleet.Count,
            [.. inService.Select(i => new InstanceState(i.InstanceId, _clock.Start + i.LaunchedAt, i.Working.Count))],
            oldestVisible,
            processing);

        var decision = _policy.Evaluate(inputs);
        if (decision.Status != ScalingStatus.Success)
        {
            return;
        }

        for (var i = _fleet.Count; i < decision.DesiredCapacity; i++)
        {
            Launch(ready: false);
        }

        foreach (var candidate in decision.TerminationCandidates)
        {
            var instance = _fleet.Single(i => i.InstanceId == candidate.InstanceId);
            Retire(instance);
        }
    }

    private long InFlight() => _unfinished.Count - _visible.Count;

    private void Sample()
    {
        var oldest = _unfinished.Count == 0 ? TimeSpan.Zero : Now - _unfinished.Min.ArrivedAt;
        _samples.Add(new SimulationSample(Now, _fleet.Count, _visible.Count, InFlight(), oldest));
        if (oldest > _options.LatencyTarget)
        {
            _sloViolationMinutes += _options.EvaluationInterval.TotalMinutes;
        }
    }
}
