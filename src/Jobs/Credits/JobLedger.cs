using Platform.Jobs.Model;
using Platform.Storage.Credits;

namespace Platform.Jobs.Credits;

/// <summary>
/// The ledger entries a job's change makes, read off its state before and after: what it holds and what it was charged
/// (<see cref="JobView.Held"/>, <see cref="JobView.Charged"/>, both kept by the job's events). So the entries follow from
/// the events they are committed with, and a free job makes none.
/// </summary>
public static class JobLedger
{
    /// <summary>The hold a job that was just submitted places: the most it can cost.</summary>
    public static IReadOnlyList<LedgerEntryRow> Submitted(JobView job) =>
        job.Held > 0 ? [Entry(job, LedgerKinds.Hold, 0, job.Held, "the most the job can cost")] : [];

    /// <summary>What the change from <paramref name="before"/> to <paramref name="after"/> adds: a charge, a new hold, a release.</summary>
    public static IReadOnlyList<LedgerEntryRow> Changed(JobView before, JobView after)
    {
        if (before.Held == after.Held && before.Charged == after.Charged)
            return [];
        var entries = new List<LedgerEntryRow>(2);
        var charged = after.Charged - before.Charged;
        if (charged > 0)
            entries.Add(Entry(after, LedgerKinds.Charge, -charged, -charged,
                $"attempt {after.Attempt} ran {after.RunSeconds - before.RunSeconds:0.###} s"));
        // Whatever else the hold did besides paying the charge: a manual retry's fresh hold, or the rest given back at the end.
        var rest = after.Held - before.Held + charged;
        if (rest > 0)
            entries.Add(Entry(after, LedgerKinds.Hold, 0, rest, "the most the retried job can cost"));
        else if (rest < 0)
            entries.Add(Entry(after, LedgerKinds.Release, 0, rest, "the rest of the hold"));
        return entries;
    }

    private static LedgerEntryRow Entry(JobView job, string kind, long amount, long held, string reason) =>
        new(job.OwnerId, kind, amount, held, job.Id, job.Type, job.ProjectId, job.EndUser, job.SubmittedBy, Reason: reason);
}
