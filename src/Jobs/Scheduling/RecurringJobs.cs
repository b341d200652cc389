using Marten;
using Marten.Patching;
using Marten.Services;
using Npgsql;
using Platform.Contracts;
using Platform.Contracts.Jobs;
using Platform.Contracts.Schedules;
using Platform.Storage;
using Platform.Storage.Accounts;
using Platform.Storage.Organizations;
using Platform.Storage.Outcomes;
using Platform.Storage.Projects;
using Platform.Storage.Schedules;
using Quartz;

namespace Platform.Jobs.Scheduling;

/// <summary>
/// Recurring jobs: the schedule lives in Marten, its cron trigger in Quartz's clustered store, so exactly one host
/// fires it each time and a host that dies leaves the firing to the others. Where a method takes an owner, null
/// means any owner's schedule: an admin's reach.
/// </summary>
public sealed partial class RecurringJobs(
    IDocumentStore store, NpgsqlDataSource database, ISchedulerFactory schedulers, JobCommands commands, ProjectGate projects, JobsOptions options,
    TimeProvider clock)
{
    public const string Group = "schedules";

    // The first key of the advisory locks that serialize one owner's creates; the second is the owner's hash.
    private const int CreateLockSpace = 0x5c4ed;

    public async Task<Outcome<Schedule>> CreateAsync(CreateScheduleRequest request, string ownerId, CancellationToken ct)
    {
        if (await projects.RefusalAsync(request.Project, ownerId, ct) is { } projectRefusal)
            return projectRefusal;
        var errors = new FieldErrors();
        IReadOnlyList<Guid>? files = null;
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > 100)
            errors.Add("name", "is required, at most 100 characters.");
        var timeZone = CheckTiming(request.Cron, request.TimeZone, errors);
        if (request.Job is null)
            errors.Add("job", "is required.");
        else if (request.Job.RunAt is not null)
            errors.Add("job.runAt", "has no meaning in a schedule; the cron says when.");
        else if (request.Job.Project is not null)
            errors.Add("job.project", "has no place in a schedule's job; give the schedule's project, which each firing submits into.");
        else
        {
            var (submitted, jobErrors) = await commands.PrepareAsync(request.Job, ownerId, submittedBy: null, ct);
            errors.AddAll(jobErrors, "job");
            files = submitted?.Files;
        }
        if (errors.Any)
            return NotCreated(errors);

        var schedule = new JobSchedule
        {
            Id = Guid.NewGuid(),
            OwnerId = ownerId,
            Name = request.Name.Trim(),
            Cron = request.Cron.Trim(),
            TimeZone = timeZone!.Id,
            Job = request.Job!,
            ProjectId = request.Project,
            Files = files is null ? [] : [.. files],
            CreatedAt = clock.GetUtcNow(),
        };
        if (!await InsertWithinLimitAsync(schedule, ct))
        {
            errors.Add("body", $"at most {options.MaxSchedulesPerUser} schedules; delete one first.");
            return NotCreated(errors);
        }
        await TriggerOrTakeBackAsync(schedule, timeZone, ct);
        return ToContract(schedule);
    }

    // Starts the stored schedule's trigger, paused if the schedule is.
    private async Task TriggerOrTakeBackAsync(JobSchedule schedule, TimeZoneInfo timeZone, CancellationToken ct)
    {
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await scheduler.ScheduleJob(JobOf(schedule), TriggerOf(schedule, timeZone), cancellationToken: ct);
            if (schedule.Paused)
                await scheduler.PauseJob(KeyOf(schedule.Id), ct);
        }
        catch
        {
            // Without its trigger the schedule would never fire: take it back rather than keep a dead one.
            await using var documents = store.LightweightSession();
            documents.Delete<JobSchedule>(schedule.Id);
            await documents.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    private static Refusal NotCreated(FieldErrors errors) => Refusal.Invalid(errors, "The schedule was not created.");

    private static Refusal NotFound(Guid id) => Refusal.NotFound("Schedule not found.", detail: $"There is no schedule {id}.");

    // Counted and inserted under a lock per owner held until the insert commits, so concurrent creates cannot all pass the count.
    private async Task<bool> InsertWithinLimitAsync(JobSchedule schedule, CancellationToken ct)
    {
        await using var connection = await database.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await AdvisoryLocks.HoldAsync(transaction, CreateLockSpace, schedule.OwnerId, ct);
        await using var documents = store.LightweightSession(SessionOptions.ForTransaction(transaction));
        if (await documents.Query<JobSchedule>().CountAsync(s => s.OwnerId == schedule.OwnerId, ct) >= options.MaxSchedulesPerUser)
            return false;
        documents.Insert(schedule);
        await documents.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The owner's schedules, oldest first; only those of <paramref name="projectId"/> when one is given.</summary>
    public async Task<IReadOnlyList<Schedule>> ListAsync(string ownerId, Guid? projectId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        var query = documents.Query<JobSchedule>().Where(s => s.OwnerId == ownerId);
        if (projectId is { } project)
            query = query.Where(s => s.ProjectId == project);
        var schedules = await query.OrderBy(s => s.CreatedAt).ToListAsync(ct);
        return schedules.Select(ToContract).ToList();
    }

    /// <summary>A page of schedules, newest first, of one owner or of all, whose name contains <paramref name="search"/> in any case.</summary>
    public async Task<Page<OwnedSchedule>> ListPageAsync(string? ownerId, string? search, int page, int pageSize, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        IQueryable<JobSchedule> query = documents.Query<JobSchedule>();
        if (ownerId is not null)
            query = query.Where(s => s.OwnerId == ownerId);
        if (!string.IsNullOrWhiteSpace(search))
            query = query.Where(s => s.Name.Contains(search.Trim(), StringComparison.OrdinalIgnoreCase));
        return await query.NewestFirstAsync(s => s.CreatedAt, page, pageSize, ToOwned, ct);
    }

    public async Task<Outcome<OwnedSchedule>> GetAsync(Guid id, string? ownerId, CancellationToken ct)
    {
        await using var documents = store.QuerySession();
        return await FindAsync(documents, id, ownerId, ct) is { } schedule ? ToOwned(schedule) : NotFound(id);
    }

    public Task<Outcome<OwnedSchedule>> PauseAsync(Guid id, string? ownerId, CancellationToken ct) =>
        SetPausedAsync(id, ownerId, paused: true, ct);

    public Task<Outcome<OwnedSchedule>> ResumeAsync(Guid id, string? ownerId, CancellationToken ct) =>
        SetPausedAsync(id, ownerId, paused: false, ct);

    /// <summary>Deletes the schedule and its trigger; answers what was deleted.</summary>
    public async Task<Outcome<OwnedSchedule>> DeleteAsync(Guid id, string? ownerId, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        if (await FindAsync(documents, id, ownerId, ct) is not { } schedule)
            return NotFound(id);
        await (await schedulers.GetScheduler(ct)).DeleteJob(KeyOf(id), ct);
        documents.Delete<JobSchedule>(id);
        await documents.SaveChangesAsync(ct);
        return ToOwned(schedule);
    }

    /// <summary>Submits the schedule's job now; Quartz calls this when the trigger fires on this host. A paused schedule submits nothing.</summary>
    public Task FireAsync(Guid id, CancellationToken ct) => SubmitNowAsync(id, ownerId: null, byOperator: false, ct);

    /// <summary>
    /// Submits the schedule's job now, as its owner and within the owner's quota, and counts it as a run: an operator's
    /// explicit act, so a paused schedule submits too.
    /// </summary>
    public Task<Outcome<Firing>> TriggerAsync(Guid id, string? ownerId, CancellationToken ct) => SubmitNowAsync(id, ownerId, byOperator: true, ct);

    private async Task<Outcome<Firing>> SubmitNowAsync(Guid id, string? ownerId, bool byOperator, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        if (await FindAsync(documents, id, ownerId, ct) is not { } schedule)
            return NotFound(id);
        if (schedule.Paused && !byOperator)
            return new Firing(ToOwned(schedule), Firing.Paused);
        if (await Owners.StandingAsync(documents, schedule.OwnerId, ct) is not { Enabled: true } owner)
            return new Firing(ToOwned(schedule), Firing.OwnerDisabled);
        var submitted = await commands.SubmitAsync(schedule.Job with { Project = schedule.ProjectId }, schedule.OwnerId, owner.Plan, ct);
        // A firing whose job was refused (over the owner's quota, say) is still a run, skipped: the cron's time came, and
        // the schedule shows why it submitted nothing. An operator's refused trigger did nothing, and is told why.
        var jobId = submitted.Succeeded ? submitted.Value.Id : (Guid?)null;
        if (submitted.Succeeded || !byOperator)
        {
            var now = clock.GetUtcNow();
            var refusal = submitted.Refusal?.Reason;
            // Patched, not rewritten: a pause saved meanwhile must not be undone by this write.
            documents.Patch<JobSchedule>(id)
                .Set(s => s.LastRunAt, now)
                .Set(s => s.LastJobId, jobId)
                .Set(s => s.LastRefusal, refusal)
                .Increment(s => s.Runs);
            await documents.SaveChangesAsync(ct);
            (schedule.LastRunAt, schedule.LastJobId, schedule.LastRefusal, schedule.Runs) = (now, jobId, refusal, schedule.Runs + 1);
        }
        return new Firing(ToOwned(schedule), submitted.Succeeded ? submitted.Value : Firing.Refused(submitted.Refusal!));
    }

    // A disabled owner's schedules stay, but submit nothing until the owner is enabled again.
    private async Task<Outcome<OwnedSchedule>> SetPausedAsync(Guid id, string? ownerId, bool paused, CancellationToken ct)
    {
        await using var documents = store.LightweightSession();
        if (await FindAsync(documents, id, ownerId, ct) is not { } schedule)
            return NotFound(id);
        var scheduler = await schedulers.GetScheduler(ct);
        if (paused)
            await scheduler.PauseJob(KeyOf(id), ct);
        else
            await scheduler.ResumeJob(KeyOf(id), ct);
        schedule.Paused = paused;
        documents.Patch<JobSchedule>(id).Set(s => s.Paused, paused);
        await documents.SaveChangesAsync(ct);
        return ToOwned(schedule);
    }

    // Another owner's schedule is as absent as one that does not exist.
    private static async Task<JobSchedule?> FindAsync(IQuerySession documents, Guid id, string? ownerId, CancellationToken ct) =>
        await documents.LoadAsync<JobSchedule>(id, ct) is { } schedule && (ownerId is null || schedule.OwnerId == ownerId) ? schedule : null;

    private static JobKey KeyOf(Guid id) => new(id.ToString(), Group);

    private static IJobDetail JobOf(JobSchedule schedule) => JobBuilder.Create<FireSchedule>()
        .WithIdentity(KeyOf(schedule.Id))
        .WithDescription(schedule.Name)
        .Build();

    private static ITrigger TriggerOf(JobSchedule schedule, TimeZoneInfo timeZone) => TriggerBuilder.Create()
        .WithIdentity(schedule.Id.ToString(), Group)
        .ForJob(KeyOf(schedule.Id))
        // One missed firing (every host down at the time) is made up once, not once per missed occurrence.
        .WithSchedule(CronScheduleBuilder.Create(schedule.Cron).InTimeZone(timeZone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed))
        .Build();

    private OwnedSchedule ToOwned(JobSchedule schedule) => new(schedule.OwnerId, ToContract(schedule));

    private Schedule ToContract(JobSchedule schedule)
    {
        var next = schedule.Paused
            ? null
            : new CronExpression(schedule.Cron, FindTimeZone(schedule.TimeZone) ?? TimeZoneInfo.Utc).GetNextValidTimeAfter(clock.GetUtcNow());
        return new Schedule(schedule.Id, schedule.Name, schedule.Cron, schedule.TimeZone, schedule.Job, schedule.Paused, next,
            schedule.LastRunAt, schedule.LastJobId, schedule.Runs, schedule.CreatedAt, schedule.LastRefusal, schedule.ProjectId);
    }
}

/// <summary>The Quartz job behind every schedule: its key names the schedule to fire.</summary>
public sealed class FireSchedule(RecurringJobs schedules) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await schedules.FireAsync(Guid.Parse(context.JobDetail.Key.Name), cancellationToken);
}
