import datetime
import unittest
import uuid

from platform_under_test import admin, new_user
from platform_client import PlatformError


class RoomsTests(unittest.TestCase):
    def test_a_room_history_is_read_after_a_sequence_number_as_polling_reads_it(self):
        client, _ = new_user()
        room = client.create_room(f"py-room-{uuid.uuid4().hex[:8]}", topic="tests")
        for text in ("one", "two", "three"):
            client.post_message(room["id"], text)

        self.assertEqual([m["text"] for m in client.messages_after(room["id"])], ["one", "two", "three"])
        self.assertEqual([m["text"] for m in client.messages_after(room["id"], after_seq=2)], ["three"])
        self.assertEqual(client.get_room(room["id"])["lastSeq"], 3)
        self.assertEqual(client.mark_room_read(room["id"], 3)["unread"], 0)

    def test_a_public_room_is_found_and_joined_by_another_user(self):
        owner, _ = new_user()
        guest, guest_id = new_user()
        name = f"py-public-{uuid.uuid4().hex[:8]}"
        room = owner.create_room(name, visibility="public")

        self.assertIn(room["id"], [r["id"] for r in guest.list_public_rooms(search=name)["items"]])
        guest.join_room(room["id"])
        self.assertIn(guest_id, [m["userId"] for m in owner.list_room_members(room["id"])])


class CreditsAndAdminTests(unittest.TestCase):
    def test_an_admin_grants_credits_that_the_user_sees_in_balance_and_ledger(self):
        client, user_id = new_user()
        before = client.get_credits()["balance"]

        admin().admin_grant_credits(user_id, 25, "python tests")

        self.assertEqual(client.get_credits()["balance"], before + 25)
        grant = client.list_ledger(kind="grant")["items"][0]
        self.assertEqual((grant["amount"], grant["reason"]), (25, "python tests"))
        self.assertEqual(admin().admin_get_credits(user_id)["balance"], before + 25)
        self.assertEqual(admin().admin_check_ledger()["differences"], [])

    def test_usage_reports_a_period_by_day(self):
        client, _ = new_user()
        now = datetime.datetime.now(datetime.timezone.utc)

        report = client.get_usage(now - datetime.timedelta(days=7), now + datetime.timedelta(minutes=1))

        self.assertEqual(report["groupBy"], "day")
        self.assertEqual(report["total"]["jobs"], 0)

    def test_an_admin_finds_disables_and_enables_a_user_and_reads_the_audit(self):
        client, user_id = new_user()

        found = admin().admin_list_users(search="python-", page_size=100)
        self.assertIn(user_id, [u["id"] for u in found["items"]])
        self.assertTrue(admin().admin_disable_user(user_id)["disabled"])
        with self.assertRaises(PlatformError) as refused:
            client.get_credits()
        self.assertEqual(refused.exception.status, 401)
        admin().admin_enable_user(user_id)
        self.assertIn("user.disabled", [r["action"] for r in admin().admin_read_audit(user_id=user_id)["items"]])

    def test_a_user_key_is_refused_the_admin_calls_with_403(self):
        client, _ = new_user()

        with self.assertRaises(PlatformError) as refused:
            client.admin_get_stats()

        self.assertEqual(refused.exception.status, 403)
        self.assertGreaterEqual(admin().admin_get_stats()["users"], 2)

    def test_notifications_list_the_broadcast_an_admin_sent(self):
        client, _ = new_user()
        title = f"py-broadcast-{uuid.uuid4().hex[:8]}"

        admin().admin_broadcast(title, "hello from the python tests")

        self.assertIn(title, [n["title"] for n in client.list_notifications(unread_only=True)["items"]])
        self.assertGreaterEqual(client.mark_all_notifications_read()["marked"], 1)


if __name__ == "__main__":
    unittest.main()
