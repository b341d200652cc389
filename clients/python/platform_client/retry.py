"""When the client sends a request again by itself, decided as the .NET SDK decides (src/Client/RetryPolicy.cs)."""
from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Mapping

REPEATABLE_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE"})


@dataclass(frozen=True)
class RetryPolicy:
    """After 429 Too Many Requests, and after 503 Service Unavailable for requests that are safe to repeat (reads, puts,
    deletes, and anything sent with an idempotency key): waits as long as ``Retry-After`` says, or backs off from half
    a second, and gives up when the wait would pass ``max_delay`` seconds. ``RetryPolicy(0)`` shows every refusal."""

    max_retries: int = 3
    max_delay: float = 30.0

    def delay_before_retry(self, method: str, status: int, headers: Mapping[str, str], retries_so_far: int,
                           idempotency_key_sent: bool = False) -> float | None:
        """Seconds to wait before sending again, or None to give the answer to the caller."""
        if retries_so_far >= self.max_retries:
            return None
        repeatable = idempotency_key_sent or method.upper() in REPEATABLE_METHODS
        if status != 429 and not (status == 503 and repeatable):
            return None
        delay = retry_after(headers)
        if delay is None:
            delay = 0.5 * 2 ** retries_so_far
        return delay if delay <= self.max_delay else None


NO_RETRIES = RetryPolicy(0)


def retry_after(headers: Mapping[str, str]) -> float | None:
    """The wait a ``Retry-After`` header asks for, as seconds or as an HTTP date; None when there is none."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())
