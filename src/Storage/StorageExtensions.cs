using Amazon.S3;
using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Schema;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using Platform.Storage.Accounts;
using Platform.Storage.Artifacts;
using Platform.Storage.Credits;
using Platform.Storage.Files;
using Platform.Storage.Hosts;
using Platform.Storage.Links;
using Platform.Storage.Mail;
using Platform.Storage.Metrics;
using Platform.Storage.Notifications;
using Platform.Storage.Organizations;
using Platform.Storage.Objects;
using Platform.Storage.Queue;
using Platform.Storage.Rooms;
using Platform.Storage.Schedules;
using Platform.Storage.Projects;
using Platform.Storage.Settings;
using Platform.Storage.Webhooks;
using Weasel.Core;

namespace Platform.Storage;

public static class StorageExtensions
{
    public const string Schema = "platform";

    /// <summary>Marten on the PostgreSQL named by <c>ConnectionStrings:Postgres</c>, schema created at start-up.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Postgres")
            ?? throw new InvalidOperationException("ConnectionStrings:Postgres is not configured.");
        // Sessions keep no state on their connections, so the reset round trip on every return to the pool is pure cost.
        var connectionString = new NpgsqlConnectionStringBuilder(configured) { NoResetOnClose = true }.ConnectionString;

        var database = builder.Services.AddSettings<DatabaseOptions>(builder.Configuration, DatabaseOptions.Section, DatabaseOptions.Rules);
        var marten = builder.Services.AddMarten(options =>
            {
                Configure(options, connectionString);
                if (!database.UpdateSchemaOnStart)
                    options.AutoCreateSchemaObjects = AutoCreate.None;
            })
            .UseLightweightSessions();
        if (database.UpdateSchemaOnStart)
            marten.ApplyAllDatabaseChangesOnStartup();
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<PlatformMetrics>();
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<WebhookOutbox>();
        builder.Services.AddSingleton<WebhookSecrets>();
        builder.Services.AddSingleton<HostRegistry>();
        builder.Services.AddSingleton<RoomStore>();
        builder.Services.AddSingleton<MessageSearch>();
        builder.Services.AddSingleton<JobPostOutbox>();
        builder.Services.AddSingleton<ExpiredRoomMessages>();
        builder.Services.AddSingleton<UsedLinks>();
        builder.Services.AddSingleton<MailOutbox>();
        AddObjectStore(builder);
        builder.Services.AddSettings<FilesOptions>(builder.Configuration, FilesOptions.Section, FilesOptions.Rules);
        builder.Services.AddSingleton<UserFiles>();
        builder.Services.AddSingleton<ArtifactRows>();
        builder.Services.AddSingleton<MetricSeriesRows>();
        builder.Services.AddSingleton<MetricFinalRows>();
        builder.Services.AddSingleton<FileIntake>();
        builder.Services.AddSingleton<UploadRows>();
        builder.Services.AddSingleton<ResumableUploads>();
        builder.Services.AddSingleton<ProjectGate>();
        return builder;
    }

    /// <summary>The <see cref="IObjectStore"/> the <c>Storage</c> section selects: a local folder unless it says otherwise.</summary>
    private static void AddObjectStore(IHostApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        var options = builder.Services.AddSettings<StorageOptions>(builder.Configuration, StorageOptions.Section, StorageOptions.Rules,
            storage => storage.Path = string.IsNullOrWhiteSpace(storage.Path) ? storage.Path : Path.GetFullPath(storage.Path, contentRoot));
        if (options.Kind == StorageKind.Local)
        {
            builder.Services.AddSingleton<IObjectStore>(_ => new LocalObjectStore(options.Path));
            return;
        }
        builder.Services.AddKeyedSingleton<IAmazonS3>(S3BucketCheck.ClientKey, (_, _) => S3ObjectStore.CreateClient(options.S3));
        builder.Services.AddSingleton<IObjectStore>(services =>
            new S3ObjectStore(services.GetRequiredKeyedService<IAmazonS3>(S3BucketCheck.ClientKey), options.S3.Bucket));
        builder.Services.AddHostedService<S3BucketCheck>();
    }

    public static void Configure(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        options.Storage.ExtendedSchemaObjects.Add(JobQueue.Table());
        options.Storage.ExtendedSchemaObjects.Add(WebhookOutbox.Table());
        options.Storage.ExtendedSchemaObjects.Add(HostRegistry.Table());
        options.Storage.ExtendedSchemaObjects.AddRange(RoomTables.All());
        options.Storage.ExtendedSchemaObjects.Add(JobPostOutbox.Table());
        options.Storage.ExtendedSchemaObjects.Add(FileTable.Create());
        options.Storage.ExtendedSchemaObjects.Add(ArtifactTable.Create());
        options.Storage.ExtendedSchemaObjects.Add(UsedLinks.Table());
        options.Storage.ExtendedSchemaObjects.Add(UploadTable.Create());
        options.Storage.ExtendedSchemaObjects.Add(MailOutbox.Table());
        options.Storage.ExtendedSchemaObjects.AddRange(CreditTables.All());
        options.Storage.ExtendedSchemaObjects.AddRange(MetricTables.All());
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString);
        options.Events.StreamIdentity = StreamIdentity.AsGuid;
        options.Schema.For<UserAccount>().UniqueIndex(user => user.NormalizedEmail).UseOptimisticConcurrency(true);
        options.Schema.For<RefreshSession>().Duplicate(session => session.UserId).UseOptimisticConcurrency(true);
        options.Schema.For<PasswordResetToken>().Duplicate(token => token.UserId).UseOptimisticConcurrency(true);
        options.Schema.For<ApiKeyRecord>().UniqueIndex(key => key.SecretHash).Duplicate(key => key.UserId);
        options.Schema.For<JobSchedule>().Duplicate(schedule => schedule.OwnerId).Duplicate(schedule => schedule.ProjectId);
        options.Schema.For<ProjectRecord>().Duplicate(project => project.OwnerId)
            .UniqueIndex(UniqueIndexType.Computed, ProjectRecord.UniqueNameIndex, project => project.OwnerId, project => project.NameKey);
        options.Schema.For<AuditEntry>().Duplicate(entry => entry.At).Duplicate(entry => entry.Action);
        options.Schema.For<WebhookSecretRecord>();
        options.Schema.For<NotificationRecord>().Duplicate(n => n.OwnerId).Duplicate(n => n.CreatedAt);
        options.Schema.For<OrganizationRecord>().UseOptimisticConcurrency(true).GinIndexJsonData();
        options.Schema.For<InvitationRecord>().UniqueIndex(invitation => invitation.TokenHash).Duplicate(invitation => invitation.OrganizationId);
    }
}
