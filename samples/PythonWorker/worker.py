#!/usr/bin/env python3
"""A Platform worker in plain Python (standard library only).

It claims jobs of the remote type `mandelbrot`, renders the Mandelbrot set band by band with its own code, reports
progress after each band, uploads the image as a PNG and ends the job with its output; and jobs of `summarize`, which
read the uploaded text file their input names. When an answer says the job was asked to stop, it stops at once and
hands the job back; on SIGTERM or Ctrl-C it hands back what it holds.

    PLATFORM_URL=http://localhost:5080 PLATFORM_API_KEY=pk_... python3 worker.py
"""
import json
import os
import signal
import struct
import sys
import time
import urllib.error
import urllib.request
import zlib

BASE = os.environ.get("PLATFORM_URL", "http://localhost:5080").rstrip("/")
KEY = os.environ["PLATFORM_API_KEY"]
NAME = os.environ.get("WORKER_NAME", f"python-{os.getpid()}")
TYPES = os.environ.get("WORKER_TYPES", "mandelbrot").split(",")
BANDS = 20


class Stop(Exception):
    """The job was asked to stop, or the worker is shutting down."""


class Platform:
    def __init__(self, base, key):
        self.base, self.key = base, key

    def call(self, method, path, body=None, lease=None, raw=None, content_type="application/json"):
        data = raw if raw is not None else None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("X-API-Key", self.key)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if lease:
            request.add_header("X-Job-Lease", lease)
        with urllib.request.urlopen(request, timeout=90) as response:
            text = response.read()
            return json.loads(text) if text else None

    def download(self, path, lease):
        request = urllib.request.Request(self.base + path)
        request.add_header("X-API-Key", self.key)
        request.add_header("X-Job-Lease", lease)
        with urllib.request.urlopen(request, timeout=90) as response:
            return response.read()


class Job:
    """One claimed job: every call names its lease and answers whether to go on."""

    def __init__(self, platform, claimed):
        self.platform, self.id, self.type, self.input, self.lease = (
            platform, claimed["jobId"], claimed["type"], claimed["input"], claimed["lease"])
        self.path = f"/api/v1/worker/jobs/{self.id}"

    def _call(self, what, body=None, **options):
        answer = self.platform.call("POST" if "raw" not in options else "PUT", f"{self.path}/{what}", body, lease=self.lease, **options)
        job = answer.get("job", answer)
        if job.get("cancelRequested") or stopping:
            raise Stop()
        return answer

    def progress(self, percent, message, **metrics):
        self._call("progress", {"percent": percent, "message": message, "metrics": metrics})

    def log(self, message):
        self._call("log", {"message": message})

    def read_file(self, field):
        """The bytes of an uploaded file the input names as {"file": "<id>"}; only the job's own files are served."""
        return self.platform.download(f"{self.path}/files/{field['file']}", self.lease)

    def upload(self, name, content, content_type):
        self._call(f"artifacts/{name}", raw=content, content_type=content_type)

    def succeed(self, output):
        self.platform.call("POST", f"{self.path}/succeed", {"output": output}, lease=self.lease)

    def fail(self, error):
        # The platform keeps at most 4000 characters of a failure (Jobs:Reports:MaxErrorLength) and refuses more.
        self.platform.call("POST", f"{self.path}/fail", {"error": error[:4000]}, lease=self.lease)

    def release(self):
        self.platform.call("POST", f"{self.path}/release", lease=self.lease)


def render(job):
    width, height = job.input["width"], job.input["height"]
    iterations, delay = job.input["iterations"], job.input.get("delayMs", 0) / 1000
    job.log(f"rendering {width}x{height}, at most {iterations} iterations a point")
    rows, escaped = [], 0
    band = max(1, height // BANDS)
    for top in range(0, height, band):
        for y in range(top, min(top + band, height)):
            row = bytearray()
            for x in range(width):
                c = complex(-2.2 + 3.2 * x / width, -1.2 + 2.4 * y / height)
                z, n = 0j, 0
                while abs(z) <= 2 and n < iterations:
                    z, n = z * z + c, n + 1
                escaped += n < iterations
                row.append(255 - int(255 * n / iterations))
            rows.append(bytes(row))
        done = len(rows)
        job.progress(100 * done / height, f"row {done}/{height}", rows=done, escaped=escaped)
        if delay:
            time.sleep(delay)
    return png(width, height, rows), escaped


def png(width, height, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    pixels = zlib.compress(b"".join(b"\x00" + row for row in rows))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def mandelbrot(job):
    image, escaped = render(job)
    job.upload("mandelbrot.png", image, "image/png")
    return {"image": "mandelbrot.png", "escaped": escaped}


def summarize(job):
    text = job.read_file(job.input["document"]).decode("utf-8")
    words = text.split()
    job.progress(100, f"read {len(words)} words", words=len(words))
    first = text.strip().split(".")[0].strip()[:200]
    return {"words": len(words), "lines": len(text.splitlines()), "firstSentence": first}


WORK = {"mandelbrot": mandelbrot, "summarize": summarize}


def run(job):
    try:
        job.succeed(WORK[job.type](job))
        print(f"{job.id}: succeeded", flush=True)
    except Stop:
        job.release()
        print(f"{job.id}: stopped and handed back", flush=True)
    except urllib.error.HTTPError as error:
        # 409: the lease is gone (it ran out, or the job was cancelled and ended); there is nothing left to report.
        print(f"{job.id}: the platform answered {error.code}; leaving the job", flush=True)
    except Exception as error:  # the work itself failed: the job's retry rules decide what happens next
        job.fail(f"{type(error).__name__}: {error}")
        print(f"{job.id}: failed: {error}", flush=True)


stopping = False


def stop(*_):
    global stopping
    stopping = True


def main():
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    platform = Platform(BASE, KEY)
    print(f"{NAME} working on {', '.join(TYPES)} at {BASE}", flush=True)
    while not stopping:
        try:
            claimed = platform.call("POST", "/api/v1/worker/claim", {"worker": NAME, "types": TYPES, "max": 1, "waitSeconds": 5})
        except (urllib.error.URLError, OSError) as error:
            print(f"claim failed ({error}); trying again", flush=True)
            time.sleep(1)
            continue
        for job in claimed:
            run(Job(platform, job))
    return 0


if __name__ == "__main__":
    sys.exit(main())
