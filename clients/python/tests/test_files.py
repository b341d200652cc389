import io
import unittest
import urllib.error
import urllib.request

from platform_under_test import new_user
from platform_client import PlatformError


class FilesTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.client, _ = new_user()

    def test_a_file_uploaded_in_one_request_downloads_as_it_was_and_is_listed(self):
        uploaded = self.client.upload_file(b"hello, platform\n", "hello.txt", "text/plain")

        self.assertEqual(uploaded["contentType"], "text/plain")
        self.assertEqual(self.client.download_file(uploaded["id"]), b"hello, platform\n")
        self.assertIn(uploaded["id"], [f["id"] for f in self.client.list_files(page_size=100)["items"]])

    def test_a_resumable_upload_in_parts_reports_its_progress_and_becomes_a_file(self):
        content = bytes(range(256)) * 40  # 10 KiB
        offsets = []

        uploaded = self.client.upload_file_resumable(io.BytesIO(content), "parts.bin", chunk_bytes=4096, on_progress=offsets.append)

        self.assertEqual(offsets, [4096, 8192, 10240])
        self.assertEqual(uploaded["size"], len(content))
        self.assertEqual(self.client.download_file(uploaded["id"]), content)

    def test_an_upload_begun_elsewhere_is_carried_on_from_where_the_platform_stands(self):
        content = b"0123456789" * 500
        http = self.client.http
        created = http.send("POST", "api/v1/uploads", headers={"Tus-Resumable": "1.0.0", "Upload-Length": str(len(content)),
                                                              "Upload-Metadata": "filename ZWxzZXdoZXJlLmJpbg=="})
        location = created.header("Location")
        http.send("PATCH", location, data=content[:1000], content_type="application/offset+octet-stream",
                  headers={"Tus-Resumable": "1.0.0", "Upload-Offset": "0"})

        uploaded = self.client.resume_upload(location, content, chunk_bytes=1500)

        self.assertEqual(uploaded["name"], "elsewhere.bin")
        self.assertEqual(self.client.download_file(uploaded["id"]), content)

    def test_a_once_link_downloads_without_credentials_one_time(self):
        uploaded = self.client.upload_file(b"shared once", "once.txt", "text/plain")

        link = self.client.create_file_link(uploaded["id"], lifetime_seconds=60, once=True)

        self.assertTrue(link["once"])
        with urllib.request.urlopen(link["url"]) as first:
            self.assertEqual(first.read(), b"shared once")
        with self.assertRaises(urllib.error.HTTPError) as second:
            urllib.request.urlopen(link["url"])
        self.assertGreaterEqual(second.exception.code, 400)

    def test_a_deleted_file_is_gone(self):
        uploaded = self.client.upload_file(b"short-lived", "gone.txt", "text/plain")

        self.client.delete_file(uploaded["id"])

        with self.assertRaises(PlatformError) as missing:
            self.client.get_file(uploaded["id"])
        self.assertEqual(missing.exception.status, 404)


if __name__ == "__main__":
    unittest.main()
