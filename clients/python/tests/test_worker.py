import threading
import time
import unittest

from platform_under_test import RunningWorker, declare, new_user

TYPE = "py-worker"


def setUpModule():
    declare(TYPE, maxAttempts=1)


def work(job):
    """What the tests' jobs do, as their input asks."""
    what = job.input.get("do")
    if what == "fail":
        raise ValueError("the input asked to fail")
    if what == "quiet":
        time.sleep(job.input["seconds"])  # reports nothing meanwhile: the worker keeps the lease
        return {"slept": job.input["seconds"]}
    if what == "until-stopped":
        while True:
            job.progress(10, "waiting to be stopped")
            time.sleep(0.1)
    artifact = job.upload("result.txt", b"forty-two", "text/plain")
    job.progress(100, "done", answer=42)
    return {"answer": 42, "artifact": artifact["name"]}


class WorkerTests(unittest.TestCase):
    def setUp(self):
        self.client, _ = new_user()

    def test_a_worker_runs_a_job_to_its_output_with_progress_and_an_artifact(self):
        job = self.client.submit(TYPE, {})
        with RunningWorker(self.client, {TYPE: work}, name="python-runner"):
            ended = self.client.wait_for_completion(job["id"], timeout=60)

        self.assertEqual(ended["status"], "succeeded")
        self.assertEqual(ended["output"], {"answer": 42, "artifact": "result.txt"})
        self.assertEqual(self.client.download_artifact(job["id"], "result.txt"), b"forty-two")
        started = [e for e in self.client.get_events(job["id"]) if e["kind"] == "started"]
        self.assertEqual(started[0]["message"], "started on worker python-runner")

    def test_a_failing_handler_fails_the_job_with_its_error(self):
        job = self.client.submit(TYPE, {"do": "fail"})
        with RunningWorker(self.client, {TYPE: work}):
            ended = self.client.wait_for_completion(job["id"], timeout=60)

        self.assertEqual(ended["status"], "failed")
        self.assertIn("ValueError: the input asked to fail", ended["error"])

    def test_a_cancelled_job_stops_at_its_next_report_and_ends_cancelled(self):
        job = self.client.submit(TYPE, {"do": "until-stopped"})
        with RunningWorker(self.client, {TYPE: work}) as worker:
            self.wait_for_kind(job["id"], "progressed")
            self.client.cancel(job["id"])
            ended = self.client.wait_for_completion(job["id"], timeout=30)

        self.assertEqual(ended["status"], "cancelled")
        self.assertIn(f"{job['id']}: stopped and handed back", worker.lines)

    def test_a_stopping_worker_hands_its_job_back_to_the_queue(self):
        job = self.client.submit(TYPE, {"do": "until-stopped"})
        with RunningWorker(self.client, {TYPE: work}):
            self.wait_for_kind(job["id"], "progressed")

        requeued = self.client.get_job(job["id"])
        self.assertEqual(requeued["status"], "queued")
        self.assertIn("requeued", [e["kind"] for e in self.client.get_events(job["id"])])
        self.client.cancel(job["id"])

    def test_a_handler_quiet_for_longer_than_the_lease_keeps_its_job(self):
        job = self.client.submit(TYPE, {"do": "quiet", "seconds": 4})  # the host under test leases for 3 s
        with RunningWorker(self.client, {TYPE: work}):
            ended = self.client.wait_for_completion(job["id"], timeout=60)

        self.assertEqual(ended["status"], "succeeded")
        starts = [e for e in self.client.get_events(job["id"]) if e["kind"] == "started"]
        self.assertEqual(len(starts), 1, "the lease never ran out, so the job was never recovered")

    def test_stop_requested_tells_a_handler_that_does_not_report(self):
        seen = threading.Event()

        def polite(job):
            while not job.stop_requested:
                time.sleep(0.05)
            seen.set()
            job.check()

        job = self.client.submit(TYPE, {})
        with RunningWorker(self.client, {TYPE: polite}):
            self.wait_for_kind(job["id"], "started")
            self.client.cancel(job["id"])
            ended = self.client.wait_for_completion(job["id"], timeout=30)

        self.assertTrue(seen.is_set())
        self.assertEqual(ended["status"], "cancelled")

    def wait_for_kind(self, job_id, kind):
        for event in self.client.watch(job_id):
            if event["kind"] == kind:
                return event
        self.fail(f"the job ended without a {kind} event")


if __name__ == "__main__":
    unittest.main()
