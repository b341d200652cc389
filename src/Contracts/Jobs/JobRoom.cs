namespace Platform.Contracts.Jobs;

/// <summary>
/// A stored room a job posts to: when it starts, each time its progress passes another <see cref="ProgressEvery"/>
/// percent, and when it ends, as system messages that carry the job's id. Its owner must be a member who may post there.
/// </summary>
/// <param name="Id">The room's id.</param>
/// <param name="ProgressEvery">Percent between progress messages, 1 to 100; left out, 25. 100 posts no progress, only the start and the end.</param>
public sealed record JobRoom(Guid Id, int? ProgressEvery = null)
{
    public const int DefaultProgressEvery = 25;
}
