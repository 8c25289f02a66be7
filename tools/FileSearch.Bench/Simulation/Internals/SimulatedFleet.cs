namespace FileSearch.Bench.Simulation.Internals;

internal sealed class SimMessage(int id, TimeSpan arrivedAt, TimeSpan serviceTime)
{
    public int Id { get; } = id;

    public TimeSpan ArrivedAt { get; } = arrivedAt;

    public TimeSpan ServiceTime { get; } = serviceTime;

    /// <summary>Bumped on every receive, so a completion scheduled for an interrupted receive is ignored.</summary>
    public int Attempt { get; set; }
}

internal sealed class SimInstance(int id, TimeSpan launchedAt, TimeSpan readyAt)
{
    public int Id { get; } = id;

    public string InstanceId => $"i-sim{Id:D5}";

    public TimeSpan LaunchedAt { get; } = launchedAt;

    public TimeSpan ReadyAt { get; } = readyAt;

    public bool Ready { get; set; }

    public TimeSpan? GoneAt { get; set; }

    public List<SimMessage> Working { get; } = [];
}

internal enum SimEventKind
{
    Arrival,
    Ready,
    Done,
    Reappear,
    Interrupt,
    Tick,
}

internal readonly record struct SimEvent(SimEventKind Kind, SimMessage? Message, SimInstance? Instance, int Attempt = 0);
