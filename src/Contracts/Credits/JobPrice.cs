namespace Platform.Contracts.Credits;

/// <summary>What a run of a job type costs, in whole credits (an operator picks how small a credit is).</summary>
/// <param name="PerRun">Charged once for each attempt that ran.</param>
/// <param name="PerSecond">Charged for each second of running, rounded up to the millisecond's share.</param>
public sealed record JobPrice(long PerRun = 0, long PerSecond = 0);
