#!/usr/bin/env python3
"""A Platform worker in plain Python (standard library only), on the Python client (clients/python).

It claims jobs of the remote type `mandelbrot`, renders the Mandelbrot set band by band with its own code, reports
progress after each band, uploads the image as a PNG and ends the job with its output; and jobs of `summarize`, which
read the uploaded text file their input names. When an answer says the job was asked to stop, it stops at once and
hands the job back; on SIGTERM or Ctrl-C it hands back what it holds.

    PLATFORM_URL=http://localhost:5080 PLATFORM_API_KEY=pk_... python3 worker.py
"""
import os
import struct
import sys
import time
import zlib

try:
    from platform_client import PlatformClient, Worker, WorkerJob
except ImportError:  # run from a checkout, without the package installed
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))
    from platform_client import PlatformClient, Worker, WorkerJob

BANDS = 20


def render(job: WorkerJob):
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


def mandelbrot(job: WorkerJob):
    image, escaped = render(job)
    job.upload("mandelbrot.png", image, "image/png")
    return {"image": "mandelbrot.png", "escaped": escaped}


def summarize(job: WorkerJob):
    text = job.read_file(job.input["document"]).decode("utf-8")
    words = text.split()
    job.progress(100, f"read {len(words)} words", words=len(words))
    first = text.strip().split(".")[0].strip()[:200]
    return {"words": len(words), "lines": len(text.splitlines()), "firstSentence": first}


WORK = {"mandelbrot": mandelbrot, "summarize": summarize}


def main():
    client = PlatformClient(os.environ.get("PLATFORM_URL", "http://localhost:5080"), api_key=os.environ["PLATFORM_API_KEY"])
    types = os.environ.get("WORKER_TYPES", "mandelbrot").split(",")
    Worker(client, os.environ.get("WORKER_NAME", f"python-{os.getpid()}"), {t: WORK[t] for t in types}).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
