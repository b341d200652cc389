namespace Platform.Contracts.Jobs;

/// <summary>
/// Stored events of a job in version order, one page of them. <see cref="NextAfter"/> is the <c>afterVersion</c> that
/// asks for the next page; null (left out of the JSON) when this page reaches the job's latest stored version.
/// </summary>
public sealed record JobEventPage(IReadOnlyList<JobEvent> Events, long? NextAfter);
