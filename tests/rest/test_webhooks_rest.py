"""/v1/webhooks and their deliveries (issue 23, item 6; docs/webhooks.md): the API in process and over HTTP, and
events raised by either face delivered to a real loopback receiver, signed, retried with backoff, filtered."""

from __future__ import annotations

import hashlib
import hmac
import http.server
import json
import threading
import time
from collections.abc import Iterator

import pytest
from apikit import Api, make_app
from meetingkit import create as create_xml
from meetingkit import delete as del_xml
from meetingkit import set_
from restkit import ADMIN_TOKEN, create, failure

GLOBEX_TOKEN = "globex-host-access-token"


class Receiver:
    """A loopback HTTP server that keeps what is POSTed to it, answering the statuses it is told, in turn."""

    def __init__(self, statuses: tuple[int, ...] = (200,)) -> None:
        self.got: list[tuple[dict[str, str], bytes]] = []
        self.statuses = list(statuses)
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.got.append(({k.lower(): v for k, v in self.headers.items()}, body))
                self.send_response(outer.statuses.pop(0) if len(outer.statuses) > 1 else outer.statuses[0])
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait(self, count: int, timeout: float = 10) -> list[tuple[dict[str, str], bytes]]:
        deadline = time.monotonic() + timeout
        while len(self.got) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.got) >= count, f"{len(self.got)} deliveries, not {count}"
        return self.got


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    yield made
    made.close()


@pytest.fixture(params=["asgi", "http"])
def quick(request, http_server) -> Iterator[Api]:
    """A mock whose failed deliveries are tried again after 20 ms (then 40, 80 ...), three tries at most."""
    app = make_app(webhook_retry_seconds=0.02, webhook_attempts=3)
    if request.param == "http":
        http_server.switch.target = app
    client = Api(request.param, app, http_server.url)
    yield client
    client.close()


def hook(api, target: str, event: str = "created", token: str = "acme-hostid-access-token", **more) -> dict:
    answer = api.rest("POST", "/webhooks", token=token, json={"name": f"on {event}", "targetUrl": target,
                                                               "resource": "meetings", "event": event, **more})
    assert answer.status_code == 200, answer.text
    made: dict = answer.json()
    return made


def deliveries(api, **wanted) -> list[dict]:
    return api.app.state.deliveries.list("default", **wanted)


def settled(api, count: int, timeout: float = 10, **wanted) -> list[dict]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [d for d in deliveries(api, **wanted) if d["outcome"] != "pending"]
        if len(done) >= count:
            return done
        time.sleep(0.01)
    raise AssertionError(f"not settled: {deliveries(api, **wanted)}")


# -- the API --------------------------------------------------------------------------------------------------------

def test_create_read_list_update_and_delete_a_webhook(api, receiver):
    made = hook(api, receiver.url, secret="s3cret", filter="hostEmail=hostid@acme.com")
    assert (made["resource"], made["event"], made["status"], made["ownedBy"]) == \
        ("meetings", "created", "active", "creator")
    assert made["secret"] == "s3cret" and made["filter"] == "hostEmail=hostid@acme.com"
    assert made["created"].endswith("Z") and made["orgId"] and made["appId"] and made["createdBy"]
    assert api.rest("GET", f"/webhooks/{made['id']}").json() == made
    assert api.rest("GET", "/webhooks").json()["items"] == [made]
    changed = api.rest("PUT", f"/webhooks/{made['id']}", json={"name": "renamed", "targetUrl": receiver.url,
                                                               "resource": "rooms", "status": "active"})
    assert changed.status_code == 200
    assert (changed.json()["name"], changed.json()["resource"]) == ("renamed", "meetings")  # resource ignored
    assert api.rest("DELETE", f"/webhooks/{made['id']}").status_code == 204
    assert failure(api.rest("GET", f"/webhooks/{made['id']}"), 404)
    assert api.rest("GET", "/webhooks").json()["items"] == []


@pytest.mark.parametrize("body, named", [
    ({"targetUrl": "http://127.0.0.1/x", "resource": "meetings", "event": "created"}, "name"),
    ({"name": "n", "targetUrl": "ftp://127.0.0.1/x", "resource": "meetings", "event": "created"}, "targetUrl"),
    ({"name": "n", "targetUrl": "http://127.0.0.1/x", "resource": "meeting", "event": "created"}, "resource"),
    ({"name": "n", "targetUrl": "http://127.0.0.1/x", "resource": "meetings", "event": "begun"}, "event"),
    ({"name": "n", "targetUrl": "http://127.0.0.1/x", "resource": "meetings", "event": "created",
      "filter": "roomId=1"}, "filter"),
    ({"name": " ", "targetUrl": "http://127.0.0.1/x", "resource": "meetings", "event": "created"}, "name"),
])
def test_a_bad_webhook_is_refused_naming_the_field(api, body, named):
    assert named in failure(api.rest("POST", "/webhooks", json=body), 400)


def test_only_an_admin_owns_an_org_webhook_and_a_webhook_is_only_seen_by_its_owner(api, receiver):
    body = {"name": "org", "targetUrl": receiver.url, "resource": "meetings", "event": "created", "ownedBy": "org"}
    assert failure(api.rest("POST", "/webhooks", json=body), 403)
    made = api.rest("POST", "/webhooks", token=ADMIN_TOKEN, json=body).json()
    assert made["ownedBy"] == "org"
    assert failure(api.rest("GET", f"/webhooks/{made['id']}"), 404)  # another user
    assert failure(api.rest("GET", f"/webhooks/{made['id']}", token=GLOBEX_TOKEN), 404)  # another site
    assert failure(api.rest("PUT", f"/webhooks/{made['id']}", token=ADMIN_TOKEN,
                            json={"name": "x", "targetUrl": receiver.url, "status": "inactive"}), 400)


def test_a_government_site_has_no_meetings_webhooks(api, receiver):
    api.app.state.tenancy.get().store.site_by_name("acme").settings.meetingWebhooks = False
    assert "not available" in failure(api.rest("POST", "/webhooks", json={
        "name": "n", "targetUrl": receiver.url, "resource": "meetings", "event": "created"}), 400)
    assert api.rest("POST", "/webhooks", json={"name": "n", "targetUrl": receiver.url, "resource": "messages",
                                               "event": "created"}).status_code == 200


def test_a_webhook_secret_is_masked_in_the_journal(api, receiver):
    made = hook(api, receiver.url, secret="very-secret-value")
    api.rest("GET", f"/webhooks/{made['id']}")
    entries = api.app.state.tenancy.get().journal.entries()
    assert entries and all("very-secret-value" not in (e.request + e.response) for e in entries)


# -- deliveries -----------------------------------------------------------------------------------------------------

def test_each_face_raises_created_updated_and_deleted_delivered_signed(api, receiver):
    for event in ("created", "updated", "deleted"):
        hook(api, receiver.url, event=event, secret="k3y")
    made = create(api, title="Signed")  # created, over REST
    key = int(made["meetingNumber"])
    api.post(set_(f"<meetingkey>{key}</meetingkey><metaData><confName>Renamed</confName></metaData>")).ok()
    api.post(del_xml(key)).ok()  # deleted, over XML
    got = receiver.wait(3)
    bodies = [json.loads(body) for _, body in got]
    assert [(b["resource"], b["event"]) for b in bodies] == [("meetings", "created"), ("meetings", "updated"),
                                                             ("meetings", "deleted")]
    assert [b["data"]["title"] for b in bodies] == ["Signed", "Renamed", "Renamed"]
    assert {b["data"]["meetingNumber"] for b in bodies} == {str(key)}
    for headers, body in got:
        assert headers["x-spark-signature"] == hmac.new(b"k3y", body, hashlib.sha1).hexdigest()
        assert headers["content-type"] == "application/json"
    assert list(bodies[0]) == ["id", "name", "targetUrl", "resource", "event", "orgId", "createdBy", "appId",
                               "ownedBy", "status", "created", "actorId", "data"]
    assert all(d["outcome"] == "delivered" for d in settled(api, 3))


def test_a_meeting_made_over_xml_is_delivered_too_and_without_a_secret_unsigned(api, receiver):
    hook(api, receiver.url)
    key = create_xml(api)
    headers, body = receiver.wait(1)[0]
    assert json.loads(body)["data"]["meetingNumber"] == str(key)
    assert "x-spark-signature" not in headers


def test_a_filter_picks_the_meetings_delivered(api, receiver):
    hook(api, receiver.url, filter="hostEmail=HOSTID@acme.com")
    hook(api, receiver.url, filter="meetingNumber=1")
    create(api, title="Mine")
    assert len(receiver.wait(1)) == 1
    time.sleep(0.2)
    assert len(receiver.got) == 1


def test_a_failing_target_is_tried_again_with_backoff_then_delivered(quick):
    flaky = Receiver(statuses=(500, 503, 200))
    try:
        hook(quick, flaky.url)
        create(quick)
        (done,) = settled(quick, 1)
        assert done["outcome"] == "delivered"
        assert [a["status"] for a in done["attempts"]] == [500, 503, 200]
        assert len({body for _, body in flaky.got}) == 1  # the same body each time
    finally:
        flaky.close()


def test_a_target_that_keeps_failing_is_given_up_after_the_attempts(quick):
    down = Receiver(statuses=(500,))
    try:
        hook(quick, down.url)
        create(quick)
        (done,) = settled(quick, 1)
        assert done["outcome"] == "failed" and len(done["attempts"]) == 3
        assert "HTTP 500" in done["reason"]
    finally:
        down.close()


def test_a_target_off_the_machine_is_refused_unless_allowed(api):
    hook(api, "http://webhooks.example.com/in")
    create(api)
    (done,) = settled(api, 1)
    assert done["outcome"] == "refused" and "webhook_targets" in done["reason"] and done["attempts"] == []


def test_a_webhook_never_posts_to_an_admin_api_path(api, http_server):
    """A REST user's webhook must not reach the admin API of a mock on this machine: POST /_mock/reset of the
    very server it runs on would reset its namespace (the delivery was sent before this was refused)."""
    hook(api, f"{http_server.base_url}/_mock/reset")
    made = create(api, title="Kept")
    (done,) = settled(api, 1)
    assert done["outcome"] == "refused" and "admin API" in done["reason"] and done["attempts"] == []
    assert api.rest("GET", f"/meetings/{made['id']}").json()["title"] == "Kept"


def test_a_target_that_does_not_answer_is_a_failed_attempt(quick):
    hook(quick, "http://127.0.0.1:9/closed")  # discard port: nothing listens
    create(quick)
    (done,) = settled(quick, 1)
    assert done["outcome"] == "failed" and all(a["status"] is None and a["error"] for a in done["attempts"])


def test_a_sink_target_is_captured_without_a_server_and_the_password_masked(api):
    hook(api, "http://localhost/_mock/webhooks/sink/mine")
    create(api, title="Captured", password="Pass1234")
    (done,) = settled(api, 1)
    assert done["outcome"] == "captured" and done["body"]["data"]["title"] == "Captured"
    assert done["body"]["data"]["password"] == "******"


def test_the_admin_api_lists_filters_and_clears_deliveries(api):
    hook(api, "http://localhost/_mock/webhooks/sink/a")
    hook(api, "http://localhost/_mock/webhooks/sink/b", event="deleted")
    made = create(api)
    api.rest("DELETE", f"/meetings/{made['id']}")
    settled(api, 2)
    listed = api.admin("GET", "/_mock/webhooks/deliveries").json()["deliveries"]
    assert [d["event"] for d in listed] == ["created", "deleted"]
    only = api.admin("GET", "/_mock/webhooks/deliveries?event=deleted").json()["deliveries"]
    assert [d["targetUrl"] for d in only] == ["http://localhost/_mock/webhooks/sink/b"]
    assert api.admin("DELETE", "/_mock/webhooks/deliveries").json() == {"cleared": True}
    assert api.admin("GET", "/_mock/webhooks/deliveries").json()["deliveries"] == []


def test_a_reset_forgets_webhooks_and_deliveries(api):
    hook(api, "http://localhost/_mock/webhooks/sink/a")
    create(api)
    settled(api, 1)
    api.admin("POST", "/_mock/reset")
    assert api.rest("GET", "/webhooks").json()["items"] == []
    assert deliveries(api) == []
    create(api)
    time.sleep(0.1)
    assert deliveries(api) == []
