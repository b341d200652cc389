"""Typed access to the Platform REST API."""
from __future__ import annotations

import math
import urllib.parse
from datetime import datetime
from typing import Any, BinaryIO, Callable, Iterator, Mapping, Sequence, cast

from . import models as m
from .retry import RetryPolicy
from .transport import Credentials, TokenSource, Transport


def _q(value: Any) -> str:
    return urllib.parse.quote(str(value), safe="")


def _query(path: str, **params: Any) -> str:
    """The path with the parameters that are not None, in camelCase as the API names them."""
    pairs = [(name, "true" if v is True else "false" if v is False else v.isoformat() if isinstance(v, datetime) else v)
             for name, v in params.items() if v is not None]
    return path + ("?" + urllib.parse.urlencode(pairs) if pairs else "")


def _link_body(lifetime_seconds: float | None, once: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"once": once}
    if lifetime_seconds is not None:
        body["expiresInSeconds"] = math.ceil(lifetime_seconds)
    return body


class PlatformClient:
    """A client of one platform. ``base_url`` is a host (``http://localhost:5080``) or several hosts of the same
    platform: a request goes to the host that answered last, and to the next one when that host cannot be reached.

    Give an ``api_key`` (scripts, bots, workers) or an ``access_token`` (a token, or a function answering the current
    one). Requests refused with 429 (or 503 where repeating is safe) are sent again as ``retries`` decides;
    ``RetryPolicy(0)`` shows every refusal. Every refusal is raised as :class:`PlatformError`.
    """

    def __init__(self, base_url: str | Sequence[str], api_key: str | None = None, access_token: str | TokenSource | None = None,
                 retries: RetryPolicy = RetryPolicy(), timeout: float = 100.0, act_as: str | None = None) -> None:
        self.http = Transport(base_url, Credentials(api_key, access_token), retries, timeout, act_as)

    def for_organization(self, organization_id: str) -> "PlatformClient":
        """The same hosts and credentials, acting for an organization the caller belongs to."""
        t = self.http
        return PlatformClient(t.base_urls, t.credentials.api_key, t.credentials.access_token, t.retries, t.timeout, organization_id)

    def _json(self, method: str, path: str, body: Any = None, idempotency_key: str | None = None) -> Any:
        return self.http.send(method, path, body, idempotency_key=idempotency_key).json()

    def _bytes(self, path: str) -> bytes:
        return self.http.send("GET", path).body

    # Accounts ---------------------------------------------------------------------------------------------------------

    def register(self, email: str, password: str, display_name: str | None = None) -> m.UserProfile:
        body = {"email": email, "password": password} | ({"displayName": display_name} if display_name else {})
        return cast(m.UserProfile, self._json("POST", "api/v1/auth/register", body))

    def login(self, email: str, password: str, device: str | None = None) -> m.TokenResponse:
        body = {"email": email, "password": password} | ({"device": device} if device else {})
        return cast(m.TokenResponse, self._json("POST", "api/v1/auth/login", body))

    def refresh(self, refresh_token: str) -> m.TokenResponse:
        return cast(m.TokenResponse, self._json("POST", "api/v1/auth/refresh", {"refreshToken": refresh_token}))

    def logout(self, refresh_token: str) -> None:
        self._json("POST", "api/v1/auth/logout", {"refreshToken": refresh_token})

    def get_profile(self) -> m.UserProfile:
        return cast(m.UserProfile, self._json("GET", "api/v1/users/me"))

    def create_api_key(self, name: str, scopes: Sequence[str], password: str | None = None, expires_at: str | None = None) -> m.ApiKeyCreated:
        """A new key; its ``secret`` is shown once. A key acting across users (admin, an admin's worker key) needs the password."""
        body: dict[str, Any] = {"name": name, "scopes": list(scopes)}
        if password:
            body["password"] = password
        if expires_at:
            body["expiresAt"] = expires_at
        return cast(m.ApiKeyCreated, self._json("POST", "api/v1/users/me/api-keys", body))

    def list_api_keys(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._json("GET", "api/v1/users/me/api-keys"))

    def revoke_api_key(self, key_id: str) -> None:
        self._json("DELETE", f"api/v1/users/me/api-keys/{_q(key_id)}")

    # Jobs -------------------------------------------------------------------------------------------------------------

    def submit(self, type: str, input: Any = None, *, idempotency_key: str | None = None, **options: Any) -> m.Job:
        """Submits a job; ``options`` are the request's other fields in camelCase (priority, runAt, maxAttempts,
        timeoutSeconds, webhook, room, project, endUser). Sent again with the same ``idempotency_key`` (after a
        timeout, say), it answers the job the first request created instead of making a second."""
        body = {"type": type, "input": input if input is not None else {}} | options
        return cast(m.Job, self._json("POST", "api/v1/jobs", body, idempotency_key))

    def submit_batch(self, jobs: Sequence[Mapping[str, Any]], idempotency_key: str | None = None) -> m.JobBatch:
        """Many jobs ({"type", "input", …} each), accepted all together or not at all."""
        return cast(m.JobBatch, self._json("POST", "api/v1/jobs/batch", {"jobs": list(jobs)}, idempotency_key))

    def get_batch(self, batch_id: str) -> m.JobBatch:
        return cast(m.JobBatch, self._json("GET", f"api/v1/jobs/batches/{_q(batch_id)}"))

    def get_job(self, job_id: str) -> m.Job:
        return cast(m.Job, self._json("GET", f"api/v1/jobs/{_q(job_id)}"))

    def wait_for_change(self, job_id: str, after_version: int, wait_seconds: int = 30) -> m.Job:
        """Long-polls the job: answers once its stored version passes ``after_version`` or it ends, or unchanged after
        ``wait_seconds`` (at most 60)."""
        path = _query(f"api/v1/jobs/{_q(job_id)}", waitForChange=f"{wait_seconds}s", afterVersion=after_version)
        return cast(m.Job, self.http.send("GET", path, timeout=wait_seconds + 30).json())

    def list_jobs(self, status: str | None = None, type: str | None = None, page: int = 1, page_size: int = 20,
                  project: str | None = None) -> m.Page[m.Job]:
        path = _query("api/v1/jobs", page=page, pageSize=page_size, status=status, type=type, project=project)
        return cast(m.Page[m.Job], self._json("GET", path))

    def get_stats(self) -> m.JobStats:
        return cast(m.JobStats, self._json("GET", "api/v1/jobs/stats"))

    def cancel(self, job_id: str) -> m.Job:
        return cast(m.Job, self._json("POST", f"api/v1/jobs/{_q(job_id)}/cancel"))

    def retry(self, job_id: str) -> m.Job:
        """Runs a failed or cancelled job again."""
        return cast(m.Job, self._json("POST", f"api/v1/jobs/{_q(job_id)}/retry"))

    def get_event_page(self, job_id: str, after_version: int = 0, limit: int | None = None) -> m.JobEventPage:
        path = _query(f"api/v1/jobs/{_q(job_id)}/events", afterVersion=after_version, limit=limit)
        return cast(m.JobEventPage, self._json("GET", path))

    def get_events(self, job_id: str, after_version: int = 0) -> list[m.JobEvent]:
        """The job's stored events after ``after_version``, in version order: every page of them."""
        events: list[m.JobEvent] = []
        after: int | None = after_version
        while after is not None:
            page = self.get_event_page(job_id, after)
            events.extend(page["events"])
            after = page.get("nextAfter")
        return events

    def get_logs(self, job_id: str, level: str | None = None, page: int = 1, page_size: int = 100) -> m.Page[m.JobLogLine]:
        return cast(m.Page[m.JobLogLine], self._json("GET", _query(f"api/v1/jobs/{_q(job_id)}/logs", page=page, pageSize=page_size, level=level)))

    def download_artifact(self, job_id: str, name: str) -> bytes:
        return self._bytes(f"api/v1/jobs/{_q(job_id)}/artifacts/{_q(name)}")

    def create_artifact_link(self, job_id: str, name: str, lifetime_seconds: float | None = None, once: bool = False) -> m.DownloadLink:
        """A link that downloads the artifact without credentials until it expires (once only, if asked)."""
        return cast(m.DownloadLink, self._json("POST", f"api/v1/jobs/{_q(job_id)}/artifacts/{_q(name)}/link", _link_body(lifetime_seconds, once)))

    def list_job_types(self) -> list[m.JobTypeInfo]:
        """The job types the caller may submit, each with the JSON Schema of its input."""
        return cast(list[m.JobTypeInfo], self._json("GET", "api/v1/job-types"))

    def get_job_type(self, name: str) -> m.JobTypeInfo:
        return cast(m.JobTypeInfo, self._json("GET", f"api/v1/job-types/{_q(name)}"))

    def watch(self, job_id: str, after_version: int = 0, transport: str = "auto") -> Iterator[m.JobEvent]:
        """The job's events after ``after_version`` until it ends: each stored one once and in version order, with live
        progress ticks (``transient``) between them. Over Server-Sent Events, resuming after the last stored event when
        the stream drops (through another host, if one was given); by long-polling where a stream cannot be opened, or
        when ``transport="poll"``."""
        from .watch import watch
        return watch(self, job_id, after_version, transport)

    def wait_for_completion(self, job_id: str, on_event: Callable[[m.JobEvent], None] | None = None, timeout: float | None = None,
                            after_version: int = 0, transport: str = "auto") -> m.Job:
        """The job once it has ended; ``on_event`` hears every event on the way, as :meth:`watch` gives them. Raises
        TimeoutError when ``timeout`` seconds pass first."""
        from .watch import wait_for_completion
        return wait_for_completion(self, job_id, on_event, timeout, after_version, transport)

    def get_webhook_secret(self) -> str:
        """The secret the caller's webhook calls are signed with."""
        return cast(str, self._json("GET", "api/v1/webhooks/secret")["secret"])

    # Schedules --------------------------------------------------------------------------------------------------------

    def create_schedule(self, name: str, cron: str, type: str, input: Any = None, time_zone: str | None = None, **job_options: Any) -> m.Schedule:
        """Submits the job (``type``, ``input`` and the submit's other fields) at each firing of ``cron`` (Quartz: seconds first, e.g. ``0 0 9 ? * MON``) in ``time_zone``."""
        body: dict[str, Any] = {"name": name, "cron": cron, "job": {"type": type, "input": input if input is not None else {}} | job_options}
        if time_zone:
            body["timeZone"] = time_zone
        return cast(m.Schedule, self._json("POST", "api/v1/schedules", body))

    def preview_schedule(self, cron: str, time_zone: str | None = None) -> m.SchedulePreview:
        """What a cron means in plain English and its next five firings, checked as a create checks it."""
        body = {"cron": cron} | ({"timeZone": time_zone} if time_zone else {})
        return cast(m.SchedulePreview, self._json("POST", "api/v1/schedules/preview", body))

    def list_schedules(self) -> list[m.Schedule]:
        return cast(list[m.Schedule], self._json("GET", "api/v1/schedules"))

    def get_schedule(self, schedule_id: str) -> m.Schedule:
        return cast(m.Schedule, self._json("GET", f"api/v1/schedules/{_q(schedule_id)}"))

    def pause_schedule(self, schedule_id: str) -> m.Schedule:
        return cast(m.Schedule, self._json("POST", f"api/v1/schedules/{_q(schedule_id)}/pause"))

    def resume_schedule(self, schedule_id: str) -> m.Schedule:
        return cast(m.Schedule, self._json("POST", f"api/v1/schedules/{_q(schedule_id)}/resume"))

    def delete_schedule(self, schedule_id: str) -> None:
        self._json("DELETE", f"api/v1/schedules/{_q(schedule_id)}")

    # Organizations and projects ---------------------------------------------------------------------------------------

    def list_organizations(self) -> list[m.Organization]:
        """The organizations the caller belongs to, with their role; act for one with :meth:`for_organization`."""
        return cast(list[m.Organization], self._json("GET", "api/v1/organizations"))

    def create_organization(self, name: str) -> m.Organization:
        return cast(m.Organization, self._json("POST", "api/v1/organizations", {"name": name}))

    def list_projects(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._json("GET", "api/v1/projects"))

    def create_project(self, name: str, description: str | None = None) -> dict[str, Any]:
        body = {"name": name} | ({"description": description} if description else {})
        return cast(dict[str, Any], self._json("POST", "api/v1/projects", body))

    # Files, uploads and links -----------------------------------------------------------------------------------------

    def upload_file(self, content: bytes, name: str, content_type: str = "application/octet-stream") -> m.UserFile:
        """Uploads a file in one request; the platform judges its type from its bytes."""
        return cast(m.UserFile, self.http.send("POST", _query("api/v1/files", name=name), data=content, content_type=content_type).json())

    def upload_file_resumable(self, content: bytes | BinaryIO, name: str, content_type: str = "application/octet-stream",
                              chunk_bytes: int = 8 << 20, on_progress: Callable[[int], None] | None = None,
                              project: str | None = None) -> m.UserFile:
        """Uploads over tus in parts of ``chunk_bytes``; a part that fails is sent again from the offset the platform
        reports (through another host, if one was given). ``content`` is bytes or a seekable binary file."""
        from .uploads import upload_resumable
        return upload_resumable(self, content, name, content_type, chunk_bytes, on_progress, project)

    def resume_upload(self, location: str, content: bytes | BinaryIO, chunk_bytes: int = 8 << 20,
                      on_progress: Callable[[int], None] | None = None) -> m.UserFile:
        """Carries on an upload another process began (its ``Location``), from where the platform stands."""
        from .uploads import resume
        return resume(self, location, content, chunk_bytes, on_progress)

    def list_files(self, page: int = 1, page_size: int = 20) -> m.Page[m.UserFile]:
        return cast(m.Page[m.UserFile], self._json("GET", _query("api/v1/files", page=page, pageSize=page_size)))

    def get_file(self, file_id: str) -> m.UserFile:
        return cast(m.UserFile, self._json("GET", f"api/v1/files/{_q(file_id)}"))

    def download_file(self, file_id: str) -> bytes:
        return self._bytes(f"api/v1/files/{_q(file_id)}/content")

    def delete_file(self, file_id: str) -> None:
        """Refused (409 ``file_in_use``) while a queued or running job names it."""
        self._json("DELETE", f"api/v1/files/{_q(file_id)}")

    def create_file_link(self, file_id: str, lifetime_seconds: float | None = None, once: bool = False) -> m.DownloadLink:
        """A link that downloads the file without credentials until it expires; deleting the file revokes it."""
        return cast(m.DownloadLink, self._json("POST", f"api/v1/files/{_q(file_id)}/link", _link_body(lifetime_seconds, once)))

    def open_link(self, url: str) -> bytes:
        """What a download link serves, fetched without credentials as anyone holding it would."""
        import urllib.request
        with urllib.request.urlopen(urllib.request.Request(url), timeout=self.http.timeout) as answer:
            return cast(bytes, answer.read())

    # Rooms ------------------------------------------------------------------------------------------------------------

    def create_room(self, name: str, topic: str | None = None, visibility: str | None = None, retention_days: int | None = None) -> m.Room:
        body = {k: v for k, v in {"name": name, "topic": topic, "visibility": visibility, "retentionDays": retention_days}.items() if v is not None}
        return cast(m.Room, self._json("POST", "api/v1/rooms", body))

    def list_my_rooms(self) -> list[m.Room]:
        return cast(list[m.Room], self._json("GET", "api/v1/rooms"))

    def list_public_rooms(self, search: str | None = None, page: int = 1, page_size: int = 20) -> m.Page[m.Room]:
        return cast(m.Page[m.Room], self._json("GET", _query("api/v1/rooms/public", page=page, pageSize=page_size, search=search)))

    def get_room(self, room_id: str) -> m.Room:
        return cast(m.Room, self._json("GET", f"api/v1/rooms/{_q(room_id)}"))

    def update_room(self, room_id: str, **changes: Any) -> m.Room:
        """Owners: name, topic, visibility, retentionDays, archived; only the fields given change."""
        return cast(m.Room, self._json("PATCH", f"api/v1/rooms/{_q(room_id)}", changes))

    def delete_room(self, room_id: str) -> None:
        self._json("DELETE", f"api/v1/rooms/{_q(room_id)}")

    def join_room(self, room_id: str) -> m.RoomMember:
        return cast(m.RoomMember, self._json("POST", f"api/v1/rooms/{_q(room_id)}/join"))

    def leave_room(self, room_id: str) -> None:
        self._json("POST", f"api/v1/rooms/{_q(room_id)}/leave")

    def list_room_members(self, room_id: str) -> list[m.RoomMember]:
        return cast(list[m.RoomMember], self._json("GET", f"api/v1/rooms/{_q(room_id)}/members"))

    def add_room_member(self, room_id: str, user_id: str, role: str | None = None) -> m.RoomMember:
        body = {"userId": user_id} | ({"role": role} if role else {})
        return cast(m.RoomMember, self._json("POST", f"api/v1/rooms/{_q(room_id)}/members", body))

    def remove_room_member(self, room_id: str, user_id: str) -> None:
        self._json("DELETE", f"api/v1/rooms/{_q(room_id)}/members/{_q(user_id)}")

    def post_message(self, room_id: str, text: str) -> m.ChatMessage:
        return cast(m.ChatMessage, self._json("POST", f"api/v1/rooms/{_q(room_id)}/messages", {"text": text}))

    def edit_message(self, message_id: str, text: str) -> m.ChatMessage:
        return cast(m.ChatMessage, self._json("PUT", f"api/v1/messages/{_q(message_id)}", {"text": text}))

    def delete_message(self, message_id: str) -> m.ChatMessage:
        return cast(m.ChatMessage, self._json("DELETE", f"api/v1/messages/{_q(message_id)}"))

    def list_messages(self, room_id: str, before: int | None = None, after: int | None = None, limit: int | None = None) -> m.MessagePage:
        """The newest page of a room's history, or the page before or after a sequence number."""
        return cast(m.MessagePage, self._json("GET", _query(f"api/v1/rooms/{_q(room_id)}/messages", before=before, after=after, limit=limit)))

    def messages_after(self, room_id: str, after_seq: int = 0) -> Iterator[m.ChatMessage]:
        """Every stored message after ``after_seq``, oldest first, page by page: what polling a room's history needs."""
        while True:
            page = self.list_messages(room_id, after=after_seq)
            yield from page["messages"]
            if page["messages"]:
                after_seq = page["messages"][-1]["seq"]
            if page.get("after") is None:
                return

    def mark_room_read(self, room_id: str, seq: int) -> m.Room:
        return cast(m.Room, self._json("POST", f"api/v1/rooms/{_q(room_id)}/read", {"seq": seq}))

    def search_messages(self, q: str, room_id: str | None = None, page: int = 1, page_size: int = 20) -> m.Page[dict[str, Any]]:
        return cast(m.Page[dict[str, Any]], self._json("GET", _query("api/v1/messages/search", q=q, roomId=room_id, page=page, pageSize=page_size)))

    # Notifications ----------------------------------------------------------------------------------------------------

    def list_notifications(self, unread_only: bool = False, page: int = 1, page_size: int = 20) -> m.Page[m.Notification]:
        path = _query("api/v1/notifications", page=page, pageSize=page_size, unreadOnly=True if unread_only else None)
        return cast(m.Page[m.Notification], self._json("GET", path))

    def mark_notification_read(self, notification_id: str) -> m.Notification:
        return cast(m.Notification, self._json("POST", f"api/v1/notifications/{_q(notification_id)}/read"))

    def mark_all_notifications_read(self) -> dict[str, Any]:
        return cast(dict[str, Any], self._json("POST", "api/v1/notifications/read-all"))

    # Credits and usage ------------------------------------------------------------------------------------------------

    def get_credits(self) -> m.CreditBalance:
        return cast(m.CreditBalance, self._json("GET", "api/v1/credits"))

    def list_ledger(self, kind: str | None = None, job_id: str | None = None, end_user: str | None = None, page: int = 1,
                    page_size: int = 20) -> m.Page[m.LedgerEntry]:
        path = _query("api/v1/credits/ledger", page=page, pageSize=page_size, kind=kind, jobId=job_id, endUser=end_user)
        return cast(m.Page[m.LedgerEntry], self._json("GET", path))

    def quote(self, type: str, input: Any = None, **options: Any) -> m.CreditQuote:
        """The most the job would cost if submitted now, and what is available; nothing is stored."""
        return cast(m.CreditQuote, self._json("POST", "api/v1/credits/quote", {"type": type, "input": input or {}} | options))

    def set_credit_settings(self, settings: m.CreditSettings) -> m.CreditBalance:
        return cast(m.CreditBalance, self._json("PUT", "api/v1/credits/settings", dict(settings)))

    def get_usage(self, from_: datetime, to: datetime, group_by: str = "day", type: str | None = None) -> m.UsageReport:
        """What jobs that finished between ``from_`` and ``to`` cost and ran, by day, type, project, member or endUser."""
        path = _query("api/v1/usage", **{"from": from_, "to": to, "groupBy": group_by, "type": type})
        return cast(m.UsageReport, self._json("GET", path))

    def get_usage_csv(self, from_: datetime, to: datetime, group_by: str = "day") -> str:
        path = _query("api/v1/usage", **{"from": from_, "to": to, "groupBy": group_by, "format": "csv"})
        return self._bytes(path).decode("utf-8")

    # Admin ------------------------------------------------------------------------------------------------------------

    def admin_list_users(self, search: str | None = None, page: int = 1, page_size: int = 20) -> m.Page[m.AdminUser]:
        return cast(m.Page[m.AdminUser], self._json("GET", _query("api/v1/admin/users", page=page, pageSize=page_size, search=search)))

    def admin_disable_user(self, user_id: str) -> m.AdminUser:
        return cast(m.AdminUser, self._json("POST", f"api/v1/admin/users/{_q(user_id)}/disable"))

    def admin_enable_user(self, user_id: str) -> m.AdminUser:
        return cast(m.AdminUser, self._json("POST", f"api/v1/admin/users/{_q(user_id)}/enable"))

    def admin_change_role(self, user_id: str, role: str) -> m.AdminUser:
        return cast(m.AdminUser, self._json("PUT", f"api/v1/admin/users/{_q(user_id)}/role", {"role": role}))

    def admin_list_jobs(self, owner: str | None = None, status: str | None = None, type: str | None = None, page: int = 1,
                        page_size: int = 20) -> m.Page[m.Job]:
        path = _query("api/v1/admin/jobs", page=page, pageSize=page_size, status=status, type=type, owner=owner)
        return cast(m.Page[m.Job], self._json("GET", path))

    def admin_bulk_jobs(self, action: str, job_ids: Sequence[str]) -> m.BulkJobsResult:
        """``retry`` or ``cancel`` these jobs of any users; what became of each, in the order given."""
        return cast(m.BulkJobsResult, self._json("POST", "api/v1/admin/jobs/bulk", {"action": action, "jobIds": list(job_ids)}))

    def admin_declare_job_type(self, name: str, input_schema: Any, description: str | None = None, **options: Any) -> m.JobTypeInfo:
        """Declares (or changes) a remote job type, run by workers outside the hosts; ``options``: maxAttempts,
        timeoutSeconds, concurrency, price."""
        body = {"description": description, "inputSchema": input_schema} | options
        return cast(m.JobTypeInfo, self._json("PUT", f"api/v1/admin/job-types/{_q(name)}", body))

    def admin_remove_job_type(self, name: str) -> None:
        self._json("DELETE", f"api/v1/admin/job-types/{_q(name)}")

    def admin_list_workers(self) -> list[m.WorkerInfo]:
        return cast(list[m.WorkerInfo], self._json("GET", "api/v1/admin/workers"))

    def admin_list_hosts(self) -> list[dict[str, Any]]:
        return cast(list[dict[str, Any]], self._json("GET", "api/v1/admin/hosts"))

    def admin_get_overview(self) -> dict[str, Any]:
        return cast(dict[str, Any], self._json("GET", "api/v1/admin/overview"))

    def admin_get_stats(self) -> m.SystemStats:
        return cast(m.SystemStats, self._json("GET", "api/v1/admin/stats"))

    def admin_read_audit(self, action: str | None = None, user_id: str | None = None, page: int = 1, page_size: int = 50) -> m.Page[m.AuditRecord]:
        path = _query("api/v1/admin/audit", page=page, pageSize=page_size, action=action, userId=user_id)
        return cast(m.Page[m.AuditRecord], self._json("GET", path))

    def admin_broadcast(self, title: str, message: str) -> dict[str, Any]:
        return cast(dict[str, Any], self._json("POST", "api/v1/admin/broadcasts", {"title": title, "message": message}))

    def admin_get_credits(self, owner_id: str) -> m.CreditBalance:
        return cast(m.CreditBalance, self._json("GET", f"api/v1/admin/credits/{_q(owner_id)}"))

    def admin_list_ledger(self, owner_id: str, kind: str | None = None, job_id: str | None = None, page: int = 1,
                          page_size: int = 20) -> m.Page[m.LedgerEntry]:
        path = _query(f"api/v1/admin/credits/{_q(owner_id)}/ledger", page=page, pageSize=page_size, kind=kind, jobId=job_id)
        return cast(m.Page[m.LedgerEntry], self._json("GET", path))

    def admin_grant_credits(self, owner_id: str, amount: int, reason: str) -> m.LedgerEntry:
        """Grants the owner (a user's or an organization's id) ``amount`` credits."""
        return cast(m.LedgerEntry, self._json("POST", f"api/v1/admin/credits/{_q(owner_id)}/grants", {"amount": amount, "reason": reason}))

    def admin_adjust_credits(self, owner_id: str, amount: int, reason: str) -> m.LedgerEntry:
        return cast(m.LedgerEntry, self._json("POST", f"api/v1/admin/credits/{_q(owner_id)}/adjustments", {"amount": amount, "reason": reason}))

    def admin_refund_job(self, job_id: str, reason: str, amount: int | None = None) -> m.LedgerEntry:
        body = {"jobId": job_id, "reason": reason} | ({"amount": amount} if amount is not None else {})
        return cast(m.LedgerEntry, self._json("POST", "api/v1/admin/credits/refunds", body))

    def admin_check_ledger(self) -> m.LedgerCheck:
        return cast(m.LedgerCheck, self._json("GET", "api/v1/admin/credits/check"))

    def admin_get_usage(self, owner_id: str, from_: datetime, to: datetime, group_by: str = "day") -> m.UsageReport:
        path = _query("api/v1/admin/usage", **{"owner": owner_id, "from": from_, "to": to, "groupBy": group_by})
        return cast(m.UsageReport, self._json("GET", path))
