using Marten;
using Platform.Contracts.Jobs;
using Platform.Jobs.Model;
using Platform.Storage.Metrics;

namespace Platform.Jobs.Metrics;

/// <summary>When a job's final values are written: in the transaction that stores its end, from its series as they then stand.</summary>
internal static class MetricFinals
{
    public static void Stage(IDocumentOperations session, JobView before, JobView after)
    {
        if (after.Status.IsFinished() && !before.Status.IsFinished() && after.FinishedAt is { } finishedAt)
            MetricFinalRows.Stage(session, new FinishedJob(after.Id, after.OwnerId, after.Type, after.ProjectId, finishedAt));
        else if (after.Status.IsFinished() && before.ProjectId != after.ProjectId)
            MetricFinalRows.MoveProject(session, after.Id, after.ProjectId);
    }
}
