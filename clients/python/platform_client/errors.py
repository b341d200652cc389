"""Problem responses (RFC 7807) from the API, as one exception."""
from __future__ import annotations

import http
import json
from typing import Any, Mapping


class PlatformError(Exception):
    """A refused request: its HTTP status, the problem's stable ``code``, title, detail, field ``errors`` and the
    ``request_id`` that finds it in the host's logs."""

    def __init__(self, status: int, title: str, detail: str | None = None, code: str | None = None,
                 errors: Mapping[str, list[str]] | None = None, request_id: str | None = None,
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(f"{status} {title}" + (f" {detail}" if detail else ""))
        self.status = status
        self.title = title
        self.detail = detail
        self.code = code
        self.errors: dict[str, list[str]] = dict(errors or {})
        self.request_id = request_id
        self.headers: dict[str, str] = dict(headers or {})

    @classmethod
    def from_response(cls, status: int, reason: str, body: bytes, headers: Mapping[str, str]) -> "PlatformError":
        problem: dict[str, Any] = {}
        try:
            parsed = json.loads(body) if body else {}
            if isinstance(parsed, dict):
                problem = parsed
        except ValueError:
            pass
        errors = problem.get("errors")
        return cls(status, problem.get("title") or reason or _phrase(status), problem.get("detail"), problem.get("code"),
                   errors if isinstance(errors, dict) else None, problem.get("requestId"), headers)


def _phrase(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Request failed"
