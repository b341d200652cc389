-- Quartz.NET 4.7.3 job store tables for PostgreSQL, created only where missing.
--
-- {schema} is replaced by QuartzSchema.EnsureCreatedAsync with a validated identifier; Quartz is then
-- configured with TablePrefix "{schema}.qrtz_". Nothing here alters or drops anything, so the script
-- can run on every start-up. It is not a migration: a table that exists with fewer columns stays so.
--
-- Column types follow what PostgreSQLDelegate binds and reads: flags are bool (not the smallint other
-- dialects use), times are bigint ticks, job data / trigger blobs / calendars are bytea, and
-- misfire_instr is smallint. Widths match Quartz's own provisioning script, and so do the index names,
-- so a host running Quartz with SchemaProvisioning.CreateIfMissing finds them and adds no duplicates.

create schema if not exists {schema};

-- Jobs and their triggers.

create table if not exists {schema}.qrtz_job_details (
    sched_name        text  not null,
    job_name          text  not null,
    job_group         text  not null,
    description       text,
    job_class_name    text  not null,
    is_durable        bool  not null,
    is_nonconcurrent  bool  not null,
    is_update_data    bool  not null,
    requests_recovery bool  not null,
    job_data          bytea,
    primary key (sched_name, job_name, job_group)
);

create table if not exists {schema}.qrtz_triggers (
    sched_name              text         not null,
    trigger_name            text         not null,
    trigger_group           text         not null,
    job_name                text         not null,
    job_group               text         not null,
    description             text,
    next_fire_time          bigint,
    prev_fire_time          bigint,
    priority                integer,
    trigger_state           text         not null,
    trigger_type            text         not null,
    start_time              bigint       not null,
    end_time                bigint,
    calendar_name           text,
    misfire_instr           smallint,
    misfire_orig_fire_time  bigint,
    -- Columns 4.x added; schema validation refuses a triggers table without them.
    execution_group         varchar(200),
    preferred_node          varchar(200),
    preferred_node_auto     bool         not null default false,
    retry_policy            varchar(250),
    retry_attempt           integer,
    continues_trigger_name  text,
    continues_trigger_group text,
    continuation_condition  integer,
    overlap_policy          integer,
    pause_reason            varchar(250),
    paused_by               varchar(200),
    paused_at               bigint,
    misfire_threshold       bigint,
    fixed_delay             bool,
    job_data                bytea,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, job_name, job_group)
        references {schema}.qrtz_job_details (sched_name, job_name, job_group)
);

-- One row per trigger in exactly one of these, by trigger_type; deleted with the trigger.

create table if not exists {schema}.qrtz_simple_triggers (
    sched_name      text   not null,
    trigger_name    text   not null,
    trigger_group   text   not null,
    repeat_count    bigint not null,
    repeat_interval bigint not null,
    times_triggered bigint not null,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group)
        references {schema}.qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists {schema}.qrtz_simprop_triggers (
    sched_name    text    not null,
    trigger_name  text    not null,
    trigger_group text    not null,
    str_prop_1    text,
    str_prop_2    text,
    str_prop_3    text,
    int_prop_1    integer,
    int_prop_2    integer,
    long_prop_1   bigint,
    long_prop_2   bigint,
    dec_prop_1    numeric,
    dec_prop_2    numeric,
    bool_prop_1   bool,
    bool_prop_2   bool,
    time_zone_id  text,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group)
        references {schema}.qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists {schema}.qrtz_cron_triggers (
    sched_name      text not null,
    trigger_name    text not null,
    trigger_group   text not null,
    cron_expression text not null,
    time_zone_id    text,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group)
        references {schema}.qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists {schema}.qrtz_blob_triggers (
    sched_name    text  not null,
    trigger_name  text  not null,
    trigger_group text  not null,
    blob_data     bytea,
    primary key (sched_name, trigger_name, trigger_group),
    foreign key (sched_name, trigger_name, trigger_group)
        references {schema}.qrtz_triggers (sched_name, trigger_name, trigger_group) on delete cascade
);

create table if not exists {schema}.qrtz_calendars (
    sched_name    text  not null,
    calendar_name text  not null,
    calendar      bytea not null,
    primary key (sched_name, calendar_name)
);

-- Paused groups. The job-group table is new in 4.x and is checked by schema validation.

create table if not exists {schema}.qrtz_paused_trigger_grps (
    sched_name    text         not null,
    trigger_group text         not null,
    pause_reason  varchar(250),
    paused_by     varchar(200),
    paused_at     bigint,
    primary key (sched_name, trigger_group)
);

create table if not exists {schema}.qrtz_paused_job_grps (
    sched_name   text         not null,
    job_group    text         not null,
    pause_reason varchar(250),
    paused_by    varchar(200),
    paused_at    bigint,
    primary key (sched_name, job_group)
);

-- Cluster bookkeeping: what each node is running, who checked in when, and the row locks.

create table if not exists {schema}.qrtz_fired_triggers (
    sched_name               text         not null,
    entry_id                 text         not null,
    trigger_name             text         not null,
    trigger_group            text         not null,
    instance_name            text         not null,
    fired_time               bigint       not null,
    sched_time               bigint       not null,
    priority                 integer      not null,
    state                    text         not null,
    job_name                 text,
    job_group                text,
    is_nonconcurrent         bool         not null,
    requests_recovery        bool,
    execution_group          varchar(200),
    progress                 integer,
    progress_message         varchar(250),
    interrupt_requested_time bigint,
    primary key (sched_name, entry_id)
);

create table if not exists {schema}.qrtz_scheduler_state (
    sched_name        text        not null,
    instance_name     text        not null,
    last_checkin_time bigint      not null,
    checkin_interval  bigint      not null,
    quartz_version    varchar(20),
    primary key (sched_name, instance_name)
);

create table if not exists {schema}.qrtz_locks (
    sched_name text not null,
    lock_name  text not null,
    primary key (sched_name, lock_name)
);

-- Only read and written with UsePersistentStore(s => s.UseExecutionHistory()); created anyway so that
-- turning it on later needs no DDL rights.

create table if not exists {schema}.qrtz_execution_history (
    sched_name          text    not null,
    entry_id            text    not null,
    instance_name       text    not null,
    job_name            text    not null,
    job_group           text    not null,
    trigger_name        text    not null,
    trigger_group       text    not null,
    fired_time          bigint  not null,
    run_time            bigint  not null,
    succeeded           bool    not null,
    error_message       text,
    retry_attempt       integer not null default 0,
    retry_scheduled     bool    not null default false,
    execution_log       text,
    result              integer,
    summary             text,
    metrics             text,
    manual              bool,
    fire_instance_id    text,
    job_input           text,
    job_input_too_large bool,
    primary key (sched_name, entry_id)
);

create table if not exists {schema}.qrtz_misfire_history (
    sched_name    text    not null,
    entry_id      text    not null,
    instance_name text    not null,
    trigger_name  text    not null,
    trigger_group text    not null,
    job_name      text,
    job_group     text,
    misfire_time  bigint  not null,
    sched_time    bigint,
    reason        integer,
    primary key (sched_name, entry_id)
);

create table if not exists {schema}.qrtz_job_status (
    sched_name           text    not null,
    job_group            text    not null,
    job_name             text    not null,
    first_fired_time     bigint  not null,
    last_fired_time      bigint  not null,
    last_result          integer not null,
    last_run_time        bigint  not null,
    last_instance_name   text    not null,
    last_entry_id        text,
    last_summary         text,
    last_success_time    bigint,
    last_failure_time    bigint,
    last_failure_message text,
    consecutive_failures integer not null default 0,
    run_count            bigint  not null default 0,
    failure_count        bigint  not null default 0,
    primary key (sched_name, job_group, job_name)
);

-- Indexes for the store's hot queries. An index lives in its table's schema, so every {schema} has its
-- own set under the same names.

-- Jobs and triggers by group (group matchers, pause/resume of a group) and triggers of a job or calendar.
create index if not exists idx_qrtz_j_g_n on {schema}.qrtz_job_details (sched_name, job_group, job_name);
create index if not exists idx_qrtz_t_j on {schema}.qrtz_triggers (sched_name, job_name, job_group);
create index if not exists idx_qrtz_t_g_n on {schema}.qrtz_triggers (sched_name, trigger_group, trigger_name);
create index if not exists idx_qrtz_t_c on {schema}.qrtz_triggers (sched_name, calendar_name);

-- Acquisition and misfire scans: waiting triggers by next fire time, highest priority first.
create index if not exists idx_qrtz_t_nft_st
    on {schema}.qrtz_triggers (sched_name, trigger_state, next_fire_time asc, priority desc, misfire_instr);

-- Cluster recovery of a dead node's firings, and the "is this job/trigger executing" checks.
create index if not exists idx_qrtz_ft_inst_job_req_rcvry
    on {schema}.qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
create index if not exists idx_qrtz_ft_j_g on {schema}.qrtz_fired_triggers (sched_name, job_name, job_group);
create index if not exists idx_qrtz_ft_t_g on {schema}.qrtz_fired_triggers (sched_name, trigger_name, trigger_group);

-- History reads by time, node, job, trigger and firing.
create index if not exists idx_qrtz_eh_fired_time on {schema}.qrtz_execution_history (sched_name, fired_time);
create index if not exists idx_qrtz_eh_inst on {schema}.qrtz_execution_history (sched_name, instance_name);
create index if not exists idx_qrtz_eh_job_time
    on {schema}.qrtz_execution_history (sched_name, job_group, job_name, fired_time);
create index if not exists idx_qrtz_eh_trig_time
    on {schema}.qrtz_execution_history (sched_name, trigger_group, trigger_name, fired_time);
create index if not exists idx_qrtz_eh_fire_inst on {schema}.qrtz_execution_history (sched_name, fire_instance_id);
create index if not exists idx_qrtz_mh_misfire_time on {schema}.qrtz_misfire_history (sched_name, misfire_time);
create index if not exists idx_qrtz_mh_inst on {schema}.qrtz_misfire_history (sched_name, instance_name);
