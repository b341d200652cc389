"""What the API answers, typed as it is on the wire (src/Contracts): camelCase keys, enums as camelCase strings,
times as ISO 8601 text, ids as text. Keys the platform leaves out when null are marked NotRequired."""
from __future__ import annotations

from typing import Any, Generic, Literal, NotRequired, TypedDict, TypeVar

T = TypeVar("T")

JobStatus = Literal["queued", "running", "cancelling", "succeeded", "failed", "cancelled"]
FINISHED: frozenset[str] = frozenset({"succeeded", "failed", "cancelled"})

JobEventKind = Literal["submitted", "started", "progressed", "logged", "cancelRequested", "requeued", "succeeded", "failed",
                       "cancelled", "retryScheduled", "retried", "artifactsExpired", "leftProject"]


class Page(TypedDict, Generic[T]):
    items: list[T]
    total: int
    pageNumber: int
    pageSize: int


class JobArtifact(TypedDict):
    name: str
    contentType: str
    size: int


class JobCredits(TypedDict):
    held: int
    charged: int


class Job(TypedDict):
    id: str
    type: str
    status: JobStatus
    priority: int
    input: Any
    progress: float
    message: NotRequired[str]
    metrics: dict[str, float]
    output: NotRequired[Any]
    artifacts: list[JobArtifact]
    error: NotRequired[str]
    attempt: int
    ownerId: str
    submittedAt: str
    startedAt: NotRequired[str]
    finishedAt: NotRequired[str]
    version: int
    runAt: NotRequired[str]
    maxAttempts: int
    batchId: NotRequired[str]
    webhook: NotRequired[dict[str, Any]]
    room: NotRequired[dict[str, Any]]
    project: NotRequired[str]
    submittedBy: NotRequired[str]
    endUser: NotRequired[str]
    credits: NotRequired[JobCredits]


class JobEvent(TypedDict):
    """A change in a job's life. Stored events carry versions 1, 2, 3… without gaps; live progress ticks that are not
    stored are ``transient`` and carry the version of the last stored event before them."""
    jobId: str
    version: int
    kind: JobEventKind
    status: JobStatus
    at: str
    transient: bool
    progress: NotRequired[float]
    message: NotRequired[str]
    metrics: NotRequired[dict[str, float]]
    level: NotRequired[str]
    output: NotRequired[Any]
    artifacts: NotRequired[list[JobArtifact]]
    error: NotRequired[str]
    attempt: int
    type: NotRequired[str]
    runAt: NotRequired[str]


class JobEventPage(TypedDict):
    events: list[JobEvent]
    nextAfter: NotRequired[int]


class JobStats(TypedDict):
    total: int
    queued: int
    running: int
    succeeded: int
    failed: int
    cancelled: int


class JobBatch(TypedDict):
    id: str
    ownerId: str
    submittedAt: str
    jobIds: list[str]
    total: int
    counts: JobStats
    progress: float
    finished: bool
    jobs: list[dict[str, Any]]


class JobLogLine(TypedDict):
    version: int
    at: str
    level: Literal["debug", "info", "warning", "error"]
    message: str
    attempt: int


class JobTypeInfo(TypedDict):
    name: str
    description: str
    runs: Literal["builtIn", "remote"]
    inputSchema: Any
    maxAttempts: int
    timeoutSeconds: NotRequired[int]
    concurrency: NotRequired[int]
    price: NotRequired[dict[str, Any]]


class DownloadLink(TypedDict):
    url: str
    expiresAt: str
    once: bool


class UserFile(TypedDict):
    id: str
    name: str
    size: int
    contentType: str
    sha256: str
    createdAt: str
    project: NotRequired[str]


class Schedule(TypedDict):
    id: str
    name: str
    cron: str
    timeZone: str
    job: dict[str, Any]
    paused: bool
    nextRunAt: NotRequired[str]
    lastRunAt: NotRequired[str]
    lastJobId: NotRequired[str]
    runs: int
    createdAt: str
    lastRefusal: NotRequired[str]
    project: NotRequired[str]


class SchedulePreview(TypedDict):
    description: str
    nextFirings: list[str]


class Organization(TypedDict):
    id: str
    name: str
    role: Literal["viewer", "member", "admin", "owner"]
    members: int
    createdAt: str


class Room(TypedDict):
    id: str
    name: str
    topic: NotRequired[str]
    visibility: Literal["public", "private"]
    createdAt: str
    archivedAt: NotRequired[str]
    lastSeq: int
    members: int
    retentionDays: NotRequired[int]
    myRole: NotRequired[Literal["member", "moderator", "owner"]]
    unread: NotRequired[int]


class RoomMember(TypedDict):
    userId: str
    displayName: str
    role: Literal["member", "moderator", "owner"]
    joinedAt: str
    lastReadSeq: NotRequired[int]


class ChatMessage(TypedDict):
    id: str
    roomId: str
    seq: int
    kind: Literal["user", "system"]
    authorId: NotRequired[str]
    authorName: NotRequired[str]
    text: str
    sentAt: str
    editedAt: NotRequired[str]
    deleted: bool
    jobId: NotRequired[str]
    reactions: NotRequired[list[dict[str, Any]]]


class MessagePage(TypedDict):
    messages: list[ChatMessage]
    before: NotRequired[int]
    after: NotRequired[int]


class Notification(TypedDict):
    id: str
    kind: str
    title: str
    message: str
    createdAt: str
    read: bool
    jobId: NotRequired[str]
    roomId: NotRequired[str]
    messageId: NotRequired[str]


class CreditSettings(TypedDict, total=False):
    lowBalanceThreshold: int
    endUserMaxQueued: int
    endUserCreditsPerDay: int
    lowBalanceWebhook: str


class CreditBalance(TypedDict):
    ownerId: str
    balance: int
    held: int
    available: int
    settings: CreditSettings
    allowance: NotRequired[dict[str, Any]]


class CreditQuote(TypedDict):
    mostCost: int
    available: int
    price: NotRequired[dict[str, Any]]


class LedgerEntry(TypedDict):
    id: str
    kind: str
    amount: int
    held: int
    jobId: NotRequired[str]
    jobType: NotRequired[str]
    project: NotRequired[str]
    endUser: NotRequired[str]
    member: NotRequired[str]
    actor: NotRequired[str]
    reason: NotRequired[str]
    at: str


class UsageRow(TypedDict):
    key: str
    credits: int
    jobs: int
    runSeconds: float
    failures: int


# "from" is a Python keyword, so this one is spelled the functional way.
UsageReport = TypedDict("UsageReport", {"from": str, "to": str, "groupBy": str, "rows": list[UsageRow], "total": UsageRow})


class LedgerCheck(TypedDict):
    ownersChecked: int
    differences: list[dict[str, Any]]
    at: str


class AdminUser(TypedDict):
    id: str
    email: str
    displayName: str
    role: Literal["user", "admin"]
    disabled: bool
    createdAt: str


class AuditRecord(TypedDict):
    id: str
    at: str
    action: str
    actorId: NotRequired[str]
    subjectId: NotRequired[str]
    succeeded: bool
    ip: NotRequired[str]
    requestId: NotRequired[str]
    detail: NotRequired[str]


class BulkJobResult(TypedDict):
    jobId: str
    outcome: str
    job: NotRequired[Job]


class BulkJobsResult(TypedDict):
    jobs: list[BulkJobResult]


class SystemStats(TypedDict):
    users: int
    disabledUsers: int
    jobs: JobStats
    queueDepth: int


class ApiKeyCreated(TypedDict):
    id: str
    name: str
    prefix: str
    secret: str
    scopes: list[str]
    expiresAt: NotRequired[str]
    createdAt: str


class TokenResponse(TypedDict):
    accessToken: str
    accessTokenExpiresAt: str
    refreshToken: str
    refreshTokenExpiresAt: str
    sessionId: str
    tokenType: str


class UserProfile(TypedDict):
    id: str
    email: str
    displayName: str
    role: str
    settings: dict[str, Any]
    createdAt: str


class ClaimedJob(TypedDict):
    jobId: str
    type: str
    input: Any
    attempt: int
    lease: str
    leaseExpiresAt: str


class WorkerAnswer(TypedDict):
    """What every call about a held job answers: its status, whether to stop, and how long the lease now runs."""
    jobId: str
    status: JobStatus
    cancelRequested: bool
    leaseExpiresAt: str


class WorkerInfo(TypedDict):
    name: str
    ownerId: str
    shared: bool
    types: list[str]
    jobsHeld: int
    lastSeenAt: str
