"""A watch goes on through another host when the one it watches through is killed mid-job.

Needs two hosts of one platform in PLATFORM_URL (the first accepting jobs only, the second running them), a user's
key in PLATFORM_API_KEY, and the first host's process id in PLATFORM_DOOMED_HOST_PID: the test kills it."""
import os
import signal
import unittest

from platform_client import PlatformClient

DOOMED = os.environ.get("PLATFORM_DOOMED_HOST_PID")


@unittest.skipUnless(DOOMED, "needs two host processes, the first of which it may kill (PLATFORM_DOOMED_HOST_PID)")
class ReconnectTests(unittest.TestCase):
    def test_a_watch_whose_host_is_killed_goes_on_through_the_other_and_delivers_every_stored_event_once_in_order(self):
        urls = os.environ["PLATFORM_URL"].split(",")
        client = PlatformClient(urls, api_key=os.environ["PLATFORM_API_KEY"])
        job = client.submit("ticker", {"ticks": 20, "intervalMs": 100})
        received, killed_after = [], None

        for event in client.watch(job["id"], transport="sse"):
            received.append(event)
            if event["kind"] == "progressed" and killed_after is None:
                os.kill(int(DOOMED), signal.SIGKILL)
                killed_after = len(received)

        self.assertEqual(client.http.base_url.rstrip("/"), urls[1].rstrip("/"), "the watch went on through the other host")
        stored = [e for e in received if not e["transient"]]
        history = client.get_events(job["id"])
        self.assertEqual([e["version"] for e in stored], [e["version"] for e in history])
        self.assertEqual([e["version"] for e in history], list(range(1, len(history) + 1)))
        self.assertEqual(stored[-1]["kind"], "succeeded")
        self.assertTrue(any(not e["transient"] for e in received[killed_after:]), "stored events arrived after the kill")


if __name__ == "__main__":
    unittest.main()
