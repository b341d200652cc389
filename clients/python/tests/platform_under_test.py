"""The platform the tests run against: PLATFORM_URL (one host, or several separated by commas), an admin's API key
(PLATFORM_ADMIN_KEY) for what only admins do; each test module signs up users of its own."""
from __future__ import annotations

import os
import sys
import threading
import uuid
from typing import Any, Callable

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from platform_client import PlatformClient, Worker, WorkerJob  # noqa: E402

URLS = os.environ.get("PLATFORM_URL", "http://localhost:5080").split(",")
PASSWORD = "correct horse battery staple"


def admin() -> PlatformClient:
    return PlatformClient(URLS, api_key=os.environ["PLATFORM_ADMIN_KEY"])


def new_user(scopes: tuple[str, ...] = ("jobs:read", "jobs:write", "worker")) -> tuple[PlatformClient, str]:
    """A client of a newly registered user, calling with an API key of ``scopes``, and the user's id."""
    anonymous = PlatformClient(URLS)
    email = f"python-{uuid.uuid4().hex}@test.example"
    profile = anonymous.register(email, PASSWORD)
    signed_in = PlatformClient(URLS, access_token=anonymous.login(email, PASSWORD, "python tests")["accessToken"])
    key = signed_in.create_api_key("python tests", scopes, password=PASSWORD)
    return PlatformClient(URLS, api_key=key["secret"]), profile["id"]


def declare(type_name: str, **options: Any) -> None:
    """A remote type of the tests' own, which the Python worker runs."""
    admin().admin_declare_job_type(type_name, {"type": "object"}, f"Python client tests: {type_name}", **options)


class RunningWorker:
    """A worker on a thread of its own, stopped (handing back what it holds) when the block ends."""

    def __init__(self, client: PlatformClient, handlers: dict[str, Callable[[WorkerJob], Any]], name: str = "python-tests") -> None:
        self.lines: list[str] = []
        self.worker = Worker(client, name, handlers, claim_wait_seconds=1, log=self.lines.append)
        self.thread = threading.Thread(target=self.worker.run, kwargs={"handle_signals": False}, daemon=True)

    def __enter__(self) -> "RunningWorker":
        self.thread.start()
        return self

    def __exit__(self, *_: Any) -> None:
        self.worker.stop()
        self.thread.join(30)
