import unittest
import uuid

from platform_under_test import declare, new_user
from platform_client import PlatformError

TYPE = "py-jobs"


def setUpModule():
    declare(TYPE)


class JobsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client, cls.user_id = new_user()

    def test_a_submitted_job_is_found_by_id_in_the_list_and_in_the_stats(self):
        job = self.client.submit(TYPE, {"size": 3}, priority=7)

        self.assertEqual(job["status"], "queued")
        self.assertEqual(self.client.get_job(job["id"])["input"], {"size": 3})
        self.assertEqual(self.client.get_job(job["id"])["priority"], 7)
        listed = self.client.list_jobs(type=TYPE, page_size=50)
        self.assertIn(job["id"], [j["id"] for j in listed["items"]])
        self.assertGreaterEqual(self.client.get_stats()["queued"], 1)
        self.assertEqual(self.client.get_events(job["id"])[0]["kind"], "submitted")

    def test_a_cancelled_job_runs_again_when_retried(self):
        job = self.client.submit(TYPE, {})

        self.assertEqual(self.client.cancel(job["id"])["status"], "cancelled")
        retried = self.client.retry(job["id"])

        self.assertEqual(retried["status"], "queued")
        kinds = [e["kind"] for e in self.client.get_events(job["id"])]
        self.assertEqual(kinds, ["submitted", "cancelled", "retried"])

    def test_the_same_idempotency_key_answers_the_first_job(self):
        key = uuid.uuid4().hex
        first = self.client.submit(TYPE, {"n": 1}, idempotency_key=key)
        again = self.client.submit(TYPE, {"n": 1}, idempotency_key=key)

        self.assertEqual(first["id"], again["id"])

    def test_job_types_list_the_remote_type_with_its_schema(self):
        types = {t["name"]: t for t in self.client.list_job_types()}

        self.assertEqual(types[TYPE]["runs"], "remote")
        self.assertEqual(self.client.get_job_type(TYPE)["inputSchema"], {"type": "object"})

    def test_a_refused_submit_is_a_platform_error_with_its_code_field_errors_and_request_id(self):
        with self.assertRaises(PlatformError) as refused:
            self.client.submit(TYPE, {}, priority=99)

        self.assertEqual(refused.exception.status, 400)
        self.assertIn("priority", refused.exception.errors)
        self.assertTrue(refused.exception.request_id)

    def test_an_unknown_job_is_a_404_with_its_code(self):
        with self.assertRaises(PlatformError) as missing:
            self.client.get_job(str(uuid.uuid4()))

        self.assertEqual(missing.exception.status, 404)
        self.assertTrue(missing.exception.code)

    def test_a_batch_is_accepted_whole(self):
        batch = self.client.submit_batch([{"type": TYPE, "input": {"i": i}} for i in range(3)])

        self.assertEqual(len(batch["jobIds"]), 3)
        self.assertEqual(self.client.get_batch(batch["id"])["total"], 3)


if __name__ == "__main__":
    unittest.main()
