"""When the client sends a request again by itself: the decisions alone, as the .NET SDK makes them."""
import email.utils
import time
import unittest

from platform_client import RetryPolicy

policy = RetryPolicy()


class RetryPolicyTests(unittest.TestCase):
    def test_a_429_is_retried_after_the_seconds_retry_after_asks_for_whatever_the_method(self):
        self.assertEqual(policy.delay_before_retry("POST", 429, {"Retry-After": "2"}, 0), 2.0)

    def test_a_429_without_retry_after_backs_off_from_half_a_second(self):
        self.assertEqual([policy.delay_before_retry("GET", 429, {}, n) for n in range(3)], [0.5, 1.0, 2.0])

    def test_a_503_is_retried_only_where_repeating_is_safe(self):
        self.assertEqual(policy.delay_before_retry("GET", 503, {}, 0), 0.5)
        self.assertEqual(policy.delay_before_retry("DELETE", 503, {}, 0), 0.5)
        self.assertIsNone(policy.delay_before_retry("POST", 503, {}, 0))
        self.assertEqual(policy.delay_before_retry("POST", 503, {}, 0, idempotency_key_sent=True), 0.5)

    def test_other_refusals_and_waits_past_the_longest_go_to_the_caller(self):
        self.assertIsNone(policy.delay_before_retry("GET", 500, {}, 0))
        self.assertIsNone(policy.delay_before_retry("GET", 429, {"Retry-After": "31"}, 0))
        self.assertIsNone(policy.delay_before_retry("GET", 429, {}, 3), "three retries were made")
        self.assertIsNone(RetryPolicy(0).delay_before_retry("GET", 429, {}, 0))

    def test_retry_after_as_a_date_waits_until_then(self):
        in_ten_seconds = email.utils.formatdate(time.time() + 10, usegmt=True)
        self.assertAlmostEqual(policy.delay_before_retry("GET", 429, {"retry-after": in_ten_seconds}, 0), 10, delta=1.5)


if __name__ == "__main__":
    unittest.main()
