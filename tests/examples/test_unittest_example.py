"""The mock in a unittest suite (README "unittest and scripts"): MockServer starts it once per class, and each
test works in a fresh namespace with the same methods as the webex_mock fixture."""

import unittest

from mockserver import MockServer

from .scheduler import Scheduler


class SchedulerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MockServer().start()
        cls.addClassCleanup(cls.server.stop)

    def setUp(self):
        self.webex = self.server.mock()  # a clean, isolated namespace
        self.addCleanup(self.webex.close)

    def test_schedules_a_meeting(self):
        client = Scheduler(url=self.webex.url, site="acme", user="hostid@acme.com", password="passw0rd")
        key = client.schedule("Standup", "12/01/2026 09:00:00", minutes=15)
        self.webex.assert_called("CreateMeeting", where={"metaData/confName": "Standup"}, times=1)
        self.assertEqual(self.webex.meeting(key)["data"]["schedule"]["duration"], "15")

    def test_each_test_starts_clean(self):
        self.assertEqual(self.webex.meetings(), [])
