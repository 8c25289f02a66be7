using FileSearch.Bench.Simulation;
using FileSearch.Scaling;
using Microsoft.Extensions.Options;

namespace FileSearch.Bench.Simulation.Internals;

/// <summary>
/// One discrete-event run: arrivals, receives into free worker slots, completions, instance launches after the boot
/// time, Spot interruptions (the group replaces the instance; its messages reappear after the visibility timeout), and
/// a policy evaluation every interval. Deterministic for a given seed.
/// </summary>
internal sealed partial class SimulationRun
{
    private readonly WorkloadProfile _profile;
    private readonly SimulationOptions _options;
    private readonly SimulatedClock _clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly ScalingPolicy _policy;
    private readonly Random _random;
    private readonly PriorityQueue<SimEvent, (TimeSpan At, long Seq)> _events = new();
    private readonly PriorityQueue<SimMessage, (TimeSpan, int)> _visible = new();
    private readonly SortedSet<(TimeSpan ArrivedAt, int Id)> _unfinished = [];
    private readonly List<SimInstance> _fleet = [];
    private readonly List<SimInstance> _retired = [];
    private readonly List<SimulationSample> _samples = [];
    private readonly Queue<TimeSpan> _recentServiceTimes = new();
    private long _sequence;
    private int _nextInstanceId;
    private int _processed;
    private int _interruptions;
    private TimeSpan _maxAge;
    private double _sloViolationMinutes;

    public SimulationRun(WorkloadProfile profile, ScalingPolicyOptions policy, SimulationOptions options)
    {
        _profile = profile;
        _options = options;
        _policy = new ScalingPolicy(Microsoft.Extensions.Options.Options.Create(policy), _clock);
        _random = new Random(options.Seed);
    }

    private TimeSpan Now => _clock.Elapsed;

    private TimeSpan End => _profile.Duration + _options.MaxDrainTime;

    public SimulationResult Run(string policyName)
    {
        var id = 0;
        foreach (var arrival in _profile.Arrivals)
        {
            Schedule(arrival.At, new SimEvent(SimEventKind.Arrival, new SimMessage(id++, arrival.At, arrival.ServiceTime), null));
        }

        for (var i = 0; i < _policy.Options.MinCapacity; i++)
        {
            Launch(ready: true);
        }

        Schedule(TimeSpan.Zero, new SimEvent(SimEventKind.Tick, null, null));
        while (_events.TryDequeue(out var next, out var key))
        {
            _clock.Elapsed = key.At;
            if (Handle(next))
            {
                break;
            }
        }

        foreach (var instance in _fleet)
        {
            instance.GoneAt = Now;
        }

        var hours = _fleet.Concat(_retired).Sum(i => ((i.GoneAt ?? Now) - i.LaunchedAt).TotalHours);
        return new SimulationResult(_profile.Name, policyName, _samples, _profile.Arrivals.Count, _processed, _interruptions,
            hours, hours * _options.SpotPricePerHour, _maxAge, _sloViolationMinutes, Now);
    }

    /// <summary>Handles one event; true when the run is over.</summary>
    private bool Handle(SimEvent e)
    {
        switch (e.Kind)
        {
            case SimEventKind.Arrival:
                _unfinished.Add((e.Message!.ArrivedAt, e.Message.Id));
                MakeVisible(e.Message);
                break;
            case SimEventKind.Reappear:
                MakeVisible(e.Message!);
                break;
            case SimEventKind.Ready when e.Instance!.GoneAt is null:
                e.Instance.Ready = true;
                break;
            case SimEventKind.Done when e.Instance!.GoneAt is null && e.Message!.Attempt == e.Attempt:
                Complete(e.Instance, e.Message);
                break;
            case SimEventKind.Interrupt when e.Instance!.GoneAt is null:
                Interrupt(e.Instance);
                break;
            case SimEventKind.Tick:
                if (Now >= _profile.Duration && _unfinished.Count == 0 || Now >= End)
                {
                    Sample();
                    return true;
                }

                Evaluate();
                Schedule(Now + _options.EvaluationInterval, e);
                break;
            default:
                break;
        }

        Dispatch();
        return false;
    }

    private void Schedule(TimeSpan at, SimEvent e) => _events.Enqueue(e, (at, _sequence++));

    private void MakeVisible(SimMessage message) => _visible.Enqueue(message, (message.ArrivedAt, message.Id));

    private void Dispatch()
    {
        foreach (var instance in _fleet)
        {
            while (instance.Ready && instance.Working.Count < _options.InstanceConcurrency && _visible.TryDequeue(out var message, out _))
            {
                message.Attempt++;
                instance.Working.Add(message);
                Schedule(Now + message.ServiceTime, new SimEvent(SimEventKind.Done, message, instance, message.Attempt));
            }
        }
    }

    private void Complete(SimInstance instance, SimMessage message)
    {
        instance.Working.Remove(message);
        _unfinished.Remove((message.ArrivedAt, message.Id));
        _processed++;
        var age = Now - message.ArrivedAt;
        _maxAge = age > _maxAge ? age : _maxAge;
        _recentServiceTimes.Enqueue(message.ServiceTime);
        if (_recentServiceTimes.Count > 100)
        {
            _recentServiceTimes.Dequeue();
        }
    }

    private void Interrupt(SimInstance instance)
    {
        _interruptions++;
        foreach (var message in instance.Working)
        {
            Schedule(Now + _options.VisibilityTimeout, new SimEvent(SimEventKind.Reappear, message, null));
        }

        Retire(instance);
        Launch(ready: false);
    }

    private void Retire(SimInstance instance)
    {
        instance.GoneAt = Now;
        instance.Working.Clear();
        _fleet.Remove(instance);
        _retired.Add(instance);
    }

    private void Launch(bool ready)
    {
        var instance = new SimInstance(_nextInstanceId++, Now, ready ? Now : Now + _options.BootTime) { Ready = ready };
        _fleet.Add(instance);
        if (!ready)
        {
            Schedule(instance.ReadyAt, new SimEvent(SimEventKind.Ready, null, instance));
        }

        if (_options.SpotInterruptionsPerInstanceHour > 0)
        {
            var hours = -Math.Log(1 - _random.NextDouble()) / _options.SpotInterruptionsPerInstanceHour;
            if (hours < End.TotalHours)
            {
                Schedule(Now + TimeSpan.FromHours(hours), new SimEvent(SimEventKind.Interrupt, null, instance));
            }
        }
    }
}
