using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Weasel.Core;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Storage.Jobs;

namespace Platform.Storage;

public static class StorageExtensions
{
    /// <summary>Marten on the PostgreSQL named by <c>ConnectionStrings:Postgres</c>, schema created at start-up.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");

        builder.Services.AddMarten(options => Configure(options, connectionString))
            .UseLightweightSessions()
            .ApplyAllDatabaseChangesOnStartup();
        builder.Services.AddSingleton<JobStore>();
        return builder;
    }

    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = "platform";
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Projections.Snapshot<JobView>(SnapshotLifecycle.Inline);
        options.Schema.For<JobView>()
            .Duplicate(job => job.OwnerId)
            .Duplicate(job => job.Status)
            .Duplicate(job => job.Type)
            .Duplicate(job => job.SubmittedAt);
    }
}
