import time
import unittest

from platform_under_test import RunningWorker, declare, new_user

TYPE = "py-watch"


def steps(job):
    for step in range(1, 6):
        job.progress(step * 20, f"step {step}", step=step)
        time.sleep(0.1)
    job.log("all steps done")
    return {"steps": 5}


def setUpModule():
    declare(TYPE)


class WatchTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client, _ = new_user()
        cls.worker = RunningWorker(cls.client, {TYPE: steps}).__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.worker.__exit__()

    def assert_every_stored_event_once_in_order(self, job_id, received):
        stored = [e for e in received if not e["transient"]]
        self.assertEqual([e["version"] for e in stored], [e["version"] for e in self.client.get_events(job_id)])
        self.assertEqual(stored[-1]["kind"], "succeeded")

    def test_waiting_over_the_event_stream_delivers_every_stored_event_once_in_order_and_the_ended_job(self):
        job = self.client.submit(TYPE)
        received = []

        ended = self.client.wait_for_completion(job["id"], received.append, timeout=60, transport="sse")

        self.assertEqual(ended["status"], "succeeded")
        self.assertEqual(ended["output"], {"steps": 5})
        self.assert_every_stored_event_once_in_order(job["id"], received)
        self.assertIn("progressed", [e["kind"] for e in received])

    def test_long_polling_delivers_the_same_stored_events(self):
        job = self.client.submit(TYPE)
        received = []

        ended = self.client.wait_for_completion(job["id"], received.append, timeout=60, transport="poll")

        self.assertEqual(ended["status"], "succeeded")
        self.assert_every_stored_event_once_in_order(job["id"], received)

    def test_a_watch_resumes_after_a_version_and_ends_at_once_on_an_ended_job(self):
        job = self.client.submit(TYPE)
        ended = self.client.wait_for_completion(job["id"], timeout=60)

        resumed = list(self.client.watch(job["id"], after_version=2))

        self.assertEqual([e["version"] for e in resumed], list(range(3, ended["version"] + 1)))
        self.assertEqual(list(self.client.watch(job["id"], after_version=ended["version"])), [])

    def test_waiting_past_the_timeout_raises_timeout_error(self):
        other, _ = new_user()
        job = other.submit(TYPE)  # no worker of this user's runs it

        started = time.monotonic()
        with self.assertRaises(TimeoutError):
            other.wait_for_completion(job["id"], timeout=1)
        self.assertLess(time.monotonic() - started, 10)


if __name__ == "__main__":
    unittest.main()
