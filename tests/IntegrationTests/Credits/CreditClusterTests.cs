using System.Text.Json;
using Platform.Client;
using Platform.Contracts.Jobs;
using Platform.IntegrationTests.Infrastructure;
using Platform.TestCluster;

namespace Platform.IntegrationTests.Credits;

/// <summary>
/// One balance, two host processes and fifty submitters racing for it, one host killed mid-run: no more is held than
/// there is, every accepted job is paid for once, every refused one stored nothing, and the ledger adds up.
/// </summary>
[Collection(HostProcessesCollection.Name)]
public sealed class CreditClusterTests(CreditClusterTests.Cluster fixture) : IClassFixture<CreditClusterTests.Cluster>
{
    private const long PerRun = 10;
    private const long PerSecond = 100;
    private const int TimeoutSeconds = 4;
    private const long Hold = PerRun + PerSecond * TimeoutSeconds;
    private const int JobsPaidFor = 6;

    public sealed class Cluster : IAsyncLifetime
    {
        public LocalCluster Value { get; private set; } = null!;

        public async Task InitializeAsync() => Value = await LocalCluster.StartAsync(new Dictionary<string, string>
        {
            // A short lease so the killed host's jobs run again within seconds.
            ["Jobs:Lease"] = "00:00:03",
            ["Credits:Prices:flaky:PerRun"] = PerRun.ToString(),
            ["Credits:Prices:flaky:PerSecond"] = PerSecond.ToString(),
        }, forTests: true);

        public async Task DisposeAsync() => await Value.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_submitters_on_two_hosts_never_hold_more_than_the_balance_and_a_killed_host_leaves_the_sums_whole()
    {
        await using var deployment = await fixture.Value.DeployAsync("credits", HostRole.Worker, HostRole.Worker);
        var admin = (await TestUser.SignUpAsync(new PlatformClient(deployment.Urls[0]))).Client; // the first user of a deployment is its admin
        await deployment.SignInAsync();
        var clients = deployment.Urls.Select(url => deployment.Client(url)).ToList();
        var owner = (await clients[0].GetCreditsAsync()).OwnerId;
        await admin.GrantCreditsAsync(owner, JobsPaidFor * Hold, "room for six jobs");

        var job = new SubmitJobRequest("flaky", JsonSerializer.SerializeToElement(new { workMs = 1500 }), MaxAttempts: 1, TimeoutSeconds: TimeoutSeconds);
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            try
            {
                return (Job: await clients[i % 2].SubmitAsync(job), Refusal: (PlatformApiException?)null);
            }
            catch (PlatformApiException refused)
            {
                return (Job: (Job?)null, Refusal: refused);
            }
        }));
        var accepted = answers.Where(a => a.Job is not null).Select(a => a.Job!.Id).ToList();
        var whileRunning = await clients[0].GetCreditsAsync();
        // Started, not running: on a busy machine the first runs may end between two readings.
        await Eventually.HoldsAsync(async () => (await clients[0].ListJobsAsync(JobStatus.Queued, pageSize: 100)).Total < accepted.Count, "a job starts",
            TimeSpan.FromSeconds(60));
        await deployment.Processes[1].KillAsync();
        foreach (var id in accepted)
            (await clients[0].WaitForCompletionAsync(id, TimeSpan.FromSeconds(90))).Status.Should().Be(JobStatus.Succeeded);
        var jobs = await Task.WhenAll(accepted.Select(id => clients[0].GetJobAsync(id)));
        var balance = await clients[0].GetCreditsAsync();
        var ledger = (await clients[0].ListLedgerAsync(pageSize: 100)).Items;

        answers.Where(a => a.Refusal is not null).Select(a => a.Refusal!.Code).Distinct().Should().Equal("insufficient_credits");
        accepted.Count.Should().BeInRange(JobsPaidFor, 49, "the balance holds six at once, and a few more as the first finish");
        whileRunning.Held.Should().BeInRange(0, whileRunning.Balance, "no more is ever held than there is");
        (await clients[0].ListJobsAsync(pageSize: 100)).Total.Should().Be(accepted.Count, "a refused submit stores nothing");
        ledger.Where(e => e.Kind == "charge").Select(e => e.JobId!.Value).Should().BeEquivalentTo(accepted, "each accepted job paid once");
        ledger.Where(e => e.Kind == "hold").Select(e => e.JobId!.Value).Should().BeEquivalentTo(accepted);
        // A run is paid from its latest start: one whose lease ran out under load while its host still ran it is paid from
        // the start that recovered it, so the least a job pays is its run, not a full 1.5 s.
        jobs.Select(j => (j.Credits!.Held, Paid: j.Credits.Charged >= PerRun && j.Credits.Charged <= Hold))
            .Should().OnlyContain(j => j.Held == 0 && j.Paid, "each paid for its run once: {0}",
                string.Join("; ", jobs.Select(j => $"{j.Id} charged {j.Credits!.Charged} held {j.Credits.Held} ran {j.StartedAt:O}..{j.FinishedAt:O} attempt {j.Attempt}")));
        (balance.Balance, balance.Held).Should().Be((JobsPaidFor * Hold - jobs.Sum(j => j.Credits!.Charged), 0));
        ledger.Sum(e => e.Amount).Should().Be(balance.Balance);
        (await admin.CheckLedgerAsync()).Differences.Should().BeEmpty();
    }
}
