namespace Platform.Contracts.Jobs;

/// <summary>One page of a list, newest first, with the total count of matching items.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int PageNumber, int PageSize);
