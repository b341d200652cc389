"""Resumable uploads over tus 1.0.0 (creation, PATCH from an offset, HEAD to learn where an upload stands)."""
from __future__ import annotations

import base64
import io
import time
from typing import TYPE_CHECKING, BinaryIO, Callable, cast

from . import models as m
from .errors import PlatformError
from .retry import NO_RETRIES
from .transport import CONNECTION_FAILURES, Response

if TYPE_CHECKING:
    from .client import PlatformClient

TUS = {"Tus-Resumable": "1.0.0"}
MOST_FAILURES_IN_A_ROW = 5


def upload_resumable(client: "PlatformClient", content: bytes | BinaryIO, name: str, content_type: str, chunk_bytes: int,
                     on_progress: Callable[[int], None] | None, project: str | None) -> m.UserFile:
    source = _source(content)
    metadata = {"filename": name, "filetype": content_type} | ({"project": project} if project else {})
    created = client.http.send("POST", "api/v1/uploads", headers=TUS | {
        "Upload-Length": str(source.length),
        "Upload-Metadata": ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in metadata.items()),
    })
    location = created.header("Location")
    if not location:
        raise PlatformError(created.status, "The upload has no Location.")
    return _send_parts(client, location.lstrip("/"), source, chunk_bytes, on_progress, _state(created))


def resume(client: "PlatformClient", location: str, content: bytes | BinaryIO, chunk_bytes: int,
           on_progress: Callable[[int], None] | None) -> m.UserFile:
    return _send_parts(client, location.lstrip("/"), _source(content), chunk_bytes, on_progress, None)


class _Source:
    def __init__(self, stream: BinaryIO) -> None:
        self.stream, self.start = stream, stream.tell()
        self.length = stream.seek(0, io.SEEK_END) - self.start

    def part(self, offset: int, size: int) -> bytes:
        self.stream.seek(self.start + offset)
        return self.stream.read(min(size, self.length - offset))


def _source(content: bytes | BinaryIO) -> _Source:
    return _Source(io.BytesIO(content) if isinstance(content, (bytes, bytearray)) else content)


def _state(response: Response) -> tuple[int, str | None]:
    return int(response.header("Upload-Offset") or 0), response.header("Upload-File-Id")


def _send_parts(client: "PlatformClient", location: str, source: _Source, chunk_bytes: int,
                on_progress: Callable[[int], None] | None, state: tuple[int, str | None] | None) -> m.UserFile:
    if chunk_bytes < 1:
        raise ValueError("chunk_bytes must be at least 1.")
    failures = 0
    while True:
        try:
            if state is None:
                state = _state(client.http.send("HEAD", location, headers=TUS))
            offset, file_id = state
            if file_id:
                return cast(m.UserFile, client.get_file(file_id))
            if offset == source.length:
                raise OSError("Every byte arrived, but the platform has not yet said which file they became.")
            # A part is sent once per attempt: after any failure the platform is asked where the upload stands.
            state = _state(client.http.send("PATCH", location, data=source.part(offset, chunk_bytes), content_type="application/offset+octet-stream",
                                            headers=TUS | {"Upload-Offset": str(offset)}, retries=NO_RETRIES))
            failures = 0
            if on_progress:
                on_progress(state[0])
        except (PlatformError, *CONNECTION_FAILURES, OSError) as failed:
            if not _worth_resuming(failed) or failures + 1 >= MOST_FAILURES_IN_A_ROW:
                raise
            failures += 1
            state = None
            time.sleep(0.25 * 2 ** failures)


def _worth_resuming(failed: Exception) -> bool:
    """The connection failed, or a host could not take the part (another part moved the offset, a host went away or
    was busy). Anything else would fail again."""
    if isinstance(failed, PlatformError):
        return failed.status in (409, 429) or failed.status >= 500
    return True
