"""HTTP for the client over the standard library: credentials, several hosts, retries and problem responses."""
from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence, TypeVar, cast

from .errors import PlatformError
from .retry import REPEATABLE_METHODS, RetryPolicy

R = TypeVar("R")

# An access token, or something that answers the current one before each request (refreshing it when it must).
TokenSource = Callable[[], str | None]


@dataclass(frozen=True)
class Credentials:
    """How a client proves who it is: an API key (bots, scripts, workers) or a bearer access token (people)."""

    api_key: str | None = None
    access_token: str | TokenSource | None = None

    def headers(self) -> dict[str, str]:
        if self.api_key:
            return {"X-API-Key": self.api_key}
        token = self.access_token() if callable(self.access_token) else self.access_token
        return {"Authorization": f"Bearer {token}"} if token else {}


@dataclass
class Response:
    status: int
    headers: Mapping[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body) if self.body else None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


# Failures where no host answered: worth the next host when the request is safe to send again.
CONNECTION_FAILURES = (ConnectionError, http.client.RemoteDisconnected, http.client.IncompleteRead, socket.timeout, TimeoutError)


class Transport:
    """Sends requests to the first host that answers of ``base_urls``, staying with it until it fails."""

    def __init__(self, base_urls: str | Sequence[str], credentials: Credentials, retries: RetryPolicy,
                 timeout: float = 100.0, act_as: str | None = None) -> None:
        urls = [base_urls] if isinstance(base_urls, str) else list(base_urls)
        if not urls:
            raise ValueError("At least one base URL is needed.")
        self.base_urls = [u if u.endswith("/") else u + "/" for u in urls]
        self.credentials, self.retries, self.timeout, self.act_as = credentials, retries, timeout, act_as
        self._current = 0
        self._opener = urllib.request.build_opener(_NoRedirect)

    @property
    def base_url(self) -> str:
        return self.base_urls[self._current]

    def url(self, path: str, base: str | None = None) -> str:
        if path.startswith("http://") or path.startswith("https://"):
            return path
        if self.act_as:
            path += ("&" if "?" in path else "?") + "actAs=" + urllib.parse.quote(self.act_as)
        return (base or self.base_url) + path.lstrip("/")

    def send(self, method: str, path: str, json_body: Any = None, *, data: bytes | None = None, content_type: str | None = None,
             headers: Mapping[str, str] | None = None, idempotency_key: str | None = None, timeout: float | None = None,
             retries: RetryPolicy | None = None) -> Response:
        """The answer to the request; a refusal (4xx, 5xx) is raised as PlatformError once the retry policy gives up."""
        policy = retries or self.retries
        if json_body is not None:
            data, content_type = json.dumps(json_body).encode(), "application/json"
        for attempt in range(policy.max_retries + 1):
            response = self._send_to_a_host(method, path, data, content_type, headers, idempotency_key, timeout)
            if response.status < 400:
                return response
            delay = policy.delay_before_retry(method, response.status, response.headers, attempt, idempotency_key is not None)
            if delay is None:
                raise PlatformError.from_response(response.status, "", response.body, response.headers)
            time.sleep(delay)
        raise AssertionError("unreachable")

    def open(self, method: str, path: str, headers: Mapping[str, str] | None = None, timeout: float | None = None) -> http.client.HTTPResponse:
        """A response left open to read as it arrives (an event stream); refusals are raised as PlatformError."""
        def attempt(base: str) -> http.client.HTTPResponse:
            request = self._request(method, self.url(path, base), None, None, headers, None)
            try:
                return cast(http.client.HTTPResponse, self._opener.open(request, timeout=timeout or self.timeout))
            except urllib.error.HTTPError as refused:
                raise PlatformError.from_response(refused.code, refused.reason, refused.read(), dict(refused.headers)) from None
        return self._on_a_host(method, False, attempt)

    def _send_to_a_host(self, method: str, path: str, data: bytes | None, content_type: str | None, headers: Mapping[str, str] | None,
                        idempotency_key: str | None, timeout: float | None) -> Response:
        def attempt(base: str) -> Response:
            request = self._request(method, self.url(path, base), data, content_type, headers, idempotency_key)
            try:
                with self._opener.open(request, timeout=timeout or self.timeout) as answer:
                    return Response(answer.status, dict(answer.headers), answer.read())
            except urllib.error.HTTPError as refused:
                with refused:
                    return Response(refused.code, dict(refused.headers), refused.read())
        return self._on_a_host(method, idempotency_key is not None, attempt)

    def _on_a_host(self, method: str, keyed: bool, attempt: Callable[[str], R]) -> R:
        """Tries the current host, then each other one in turn where that is safe: always when none could be reached,
        and after a dropped answer only for a request that may be sent twice."""
        repeatable = keyed or method.upper() in REPEATABLE_METHODS
        for tried in range(len(self.base_urls)):
            index = (self._current + tried) % len(self.base_urls)
            try:
                result = attempt(self.base_urls[index])
                self._current = index
                return result
            except urllib.error.URLError as failed:
                unreached = isinstance(failed.reason, (ConnectionRefusedError, socket.gaierror))
                if not (unreached or repeatable) or tried == len(self.base_urls) - 1:
                    raise
            except CONNECTION_FAILURES:
                if not repeatable or tried == len(self.base_urls) - 1:
                    raise
        raise AssertionError("unreachable")

    def _request(self, method: str, url: str, data: bytes | None, content_type: str | None, headers: Mapping[str, str] | None,
                 idempotency_key: str | None) -> urllib.request.Request:
        request = urllib.request.Request(url, data=data, method=method)
        for name, value in self.credentials.headers().items():
            request.add_header(name, value)
        if content_type:
            request.add_header("Content-Type", content_type)
        if idempotency_key:
            request.add_header("Idempotency-Key", idempotency_key)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        return request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A 3xx is the caller's to read (an upload's Location, a link's target), never followed with the credentials."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None
