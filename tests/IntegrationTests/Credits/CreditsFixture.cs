using Platform.IntegrationTests.Admin;

namespace Platform.IntegrationTests.Credits;

/// <summary>A host whose <c>flaky</c> jobs cost 10 credits a run and 100 a second, and whose standard plan is granted 50 credits a month.</summary>
public sealed class CreditsFixture() : AdminFixture("credits", Settings)
{
    public const long PerRun = 10;
    public const long PerSecond = 100;
    public const long Allowance = 50;

    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Jobs:RunWorkers"] = "true",
        ["Jobs:BenchmarkTypes"] = "true",
        ["Credits:Prices:flaky:PerRun"] = PerRun.ToString(),
        ["Credits:Prices:flaky:PerSecond"] = PerSecond.ToString(),
        ["Credits:Allowances:standard"] = Allowance.ToString(),
        ["Credits:LowBalanceCheckInterval"] = "00:00:00.200",
    };

    /// <summary>The most a flaky job of <paramref name="attempts"/> attempts with a timeout of <paramref name="timeoutSeconds"/> can cost.</summary>
    public static long MostFor(int timeoutSeconds, int attempts = 1) => (PerRun + PerSecond * timeoutSeconds) * attempts;
}
