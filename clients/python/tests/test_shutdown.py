import os
import signal
import subprocess
import sys
import time
import unittest

import platform_client
from platform_under_test import declare, new_user

TYPE = "py-shutdown"
PACKAGE_FOLDER = os.path.dirname(os.path.dirname(os.path.abspath(platform_client.__file__)))

# A worker process whose job reports until it is told to stop.
WORKER = """
import os, time
from platform_client import PlatformClient, Worker

def forever(job):
    print("working", flush=True)
    while True:
        job.progress(50, "still going")
        time.sleep(0.1)

Worker(PlatformClient(os.environ["PLATFORM_URL"].split(","), api_key=os.environ["WORKER_KEY"]), "python-shutdown", {"py-shutdown": forever},
       claim_wait_seconds=1).run()
"""


def setUpModule():
    declare(TYPE)


class ShutdownTests(unittest.TestCase):
    def test_sigterm_hands_the_job_in_hand_back_to_the_queue_and_ends_the_worker(self):
        client, _ = new_user()
        key = client.http.credentials.api_key
        job = client.submit(TYPE)
        environment = os.environ | {"WORKER_KEY": key, "PYTHONPATH": PACKAGE_FOLDER}
        with subprocess.Popen([sys.executable, "-c", WORKER], env=environment, stdout=subprocess.PIPE, text=True) as worker:
            try:
                self.assertEqual(worker.stdout.readline().split(" ")[0], "python-shutdown")
                self.assertEqual(worker.stdout.readline().strip(), "working")

                worker.send_signal(signal.SIGTERM)
                exit_code = worker.wait(30)
                said = worker.stdout.read()
            finally:
                worker.kill()

        self.assertEqual(exit_code, 0)
        self.assertIn(f"{job['id']}: stopped and handed back", said)
        self.assertEqual(client.get_job(job["id"])["status"], "queued")
        self.assertEqual([e["kind"] for e in client.get_events(job["id"])][-1], "requeued")
        client.cancel(job["id"])


if __name__ == "__main__":
    unittest.main()
