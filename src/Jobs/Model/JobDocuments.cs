using JasperFx.Events.Projections;
using Marten;
using Marten.Schema;

namespace Platform.Jobs.Model;

/// <summary>What jobs add to the platform's Marten store: their events, the view projected from them, batches and idempotency keys.</summary>
internal static class JobDocuments
{
    public static void Configure(StoreOptions options)
    {
        // Named up front, so events stored by any version of the platform are read by alias, whatever assembly holds their types.
        options.Events.AddEventTypes([
            typeof(JobSubmitted), typeof(JobStarted), typeof(JobProgressed), typeof(JobLogged), typeof(JobCancelRequested),
            typeof(JobRequeued), typeof(JobSucceeded), typeof(JobRetryScheduled), typeof(JobFailed), typeof(JobCancelled),
            typeof(JobRetried), typeof(JobArtifactsExpired), typeof(JobLeftProject),
        ]);
        options.Projections.Snapshot<JobView>(SnapshotLifecycle.Inline);
        options.Schema.For<JobView>()
            .Duplicate(job => job.OwnerId)
            .Duplicate(job => job.Status)
            .Duplicate(job => job.Type)
            .Duplicate(job => job.SubmittedAt)
            .Duplicate(job => job.ProjectId)
            .Duplicate(job => job.FinishedAt)
            .Duplicate(job => job.EndUser);
        options.Schema.For<JobBatchRecord>();
        options.Schema.For<Remote.WorkerRecord>();
        options.Schema.For<Types.DeclaredJobType>();
        options.Schema.For<IdempotencyRecord>()
            .UniqueIndex(UniqueIndexType.Computed, IdempotencyRecord.UniqueIndexName, r => r.OwnerId, r => r.Key);
    }
}
