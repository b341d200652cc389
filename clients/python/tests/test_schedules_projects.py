import unittest
import uuid

from platform_under_test import declare, new_user
from platform_client import PlatformError

TYPE = "py-scheduled"


def setUpModule():
    declare(TYPE)


class SchedulesAndProjectsTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client, _ = new_user()

    def test_a_cron_is_previewed_then_scheduled_paused_resumed_and_deleted(self):
        preview = self.client.preview_schedule("0 0 9 ? * MON", "Europe/Paris")
        self.assertEqual(len(preview["nextFirings"]), 5)

        schedule = self.client.create_schedule("weekly", "0 0 9 ? * MON", TYPE, {"n": 1}, time_zone="Europe/Paris")

        self.assertEqual(schedule["timeZone"], "Europe/Paris")
        self.assertTrue(self.client.pause_schedule(schedule["id"])["paused"])
        self.assertFalse(self.client.resume_schedule(schedule["id"])["paused"])
        self.assertIn(schedule["id"], [s["id"] for s in self.client.list_schedules()])
        self.client.delete_schedule(schedule["id"])
        with self.assertRaises(PlatformError) as gone:
            self.client.get_schedule(schedule["id"])
        self.assertEqual(gone.exception.status, 404)

    def test_a_bad_cron_names_the_field(self):
        with self.assertRaises(PlatformError) as refused:
            self.client.preview_schedule("every tuesday")

        self.assertEqual(refused.exception.status, 400)
        self.assertIn("cron", refused.exception.errors)

    def test_a_job_submitted_into_a_project_names_it(self):
        project = self.client.create_project(f"py-project-{uuid.uuid4().hex[:8]}", "python tests")

        job = self.client.submit(TYPE, {}, project=project["id"])

        self.assertEqual(job["project"], project["id"])
        self.assertIn(project["id"], [p["id"] for p in self.client.list_projects()])
        self.client.cancel(job["id"])


if __name__ == "__main__":
    unittest.main()
