"""No request holds the event loop for long: large bodies are handled in a worker thread (docs/security.md "Limits")."""

from __future__ import annotations

import threading

from webex import create_meeting

from mockserver.admin import api as admin_api
from mockserver.endpoint import INLINE_BODY_BYTES


def _threads_of(owner, name: str, monkeypatch=None) -> list[threading.Thread]:
    """The threads ``owner.name`` runs on from now on (monkeypatched when a monkeypatch is given)."""
    seen: list[threading.Thread] = []
    function = getattr(owner, name)

    def recording(*args, **kwargs):
        seen.append(threading.current_thread())
        return function(*args, **kwargs)
    if monkeypatch is not None:
        monkeypatch.setattr(owner, name, recording)
    else:
        setattr(owner, name, recording)
    return seen


def _threads_of_handle(api):
    return _threads_of(api.app.state.service, "handle")


def test_large_bodies_leave_the_event_loop_small_ones_stay(api):
    seen = _threads_of_handle(api)
    api.post(create_meeting()).ok()
    attendees = "<attendee><person><email>a@b.c</email></person></attendee>" * (INLINE_BODY_BYTES // 50)
    body = create_meeting("<metaData><confName>Big</confName></metaData><participants><attendees>"
                          + attendees + "</attendees></participants>")
    assert len(body) > INLINE_BODY_BYTES
    api.post(body).ok()
    small, large = seen
    assert small is not large and large.name != small.name
    assert large is not threading.main_thread()


def test_journal_pages_are_built_off_the_event_loop(api):
    seen = _threads_of(api.app.state.tenancy.get().journal, "page")
    loop_threads = _threads_of_handle(api)
    api.post(create_meeting()).ok()
    assert api._client.get("/_mock/journal").json()["total"] == 1
    assert seen and seen[0] is not loop_threads[0]


def test_a_namespace_not_in_memory_is_made_or_read_back_off_the_event_loop(api):
    """A namespace evicted from memory is read back from the state file when next used (seconds for 100,000
    meetings): that never runs on the event loop, for the WebEx API as for the admin API."""
    seen = _threads_of(api.app.state.tenancy, "get")
    loop_threads = _threads_of_handle(api)
    api.post(create_meeting()).ok()  # the default namespace, in memory already: no get at all
    assert seen == []
    api.post(create_meeting(), headers={"X-Mock-Namespace": "not-yet-in-memory"}).ok()
    assert len(seen) == 1 and seen[0] is not loop_threads[0]


def test_an_admin_call_on_a_namespace_not_in_memory_makes_it_off_the_event_loop(api):
    seen = _threads_of(api.app.state.tenancy, "get")
    loop_threads = _threads_of_handle(api)
    api.post(create_meeting()).ok()
    assert api._client.get("/_mock/sites/acme/meetings", headers={"X-Mock-Namespace": "not-yet"}).status_code == 200
    assert len(seen) == 1 and seen[0] is not loop_threads[0]


def test_a_state_import_is_checked_and_built_off_the_event_loop(api, monkeypatch):
    """Checking and building every namespace of a big state document takes seconds: never on the event loop."""
    seen = _threads_of(admin_api, "import_all", monkeypatch)
    loop_threads = _threads_of_handle(api)
    api.post(create_meeting()).ok()
    exported = api._client.get("/_mock/state").json()
    assert api._client.put("/_mock/state", json=exported).status_code == 200
    assert len(seen) == 1 and seen[0] is not loop_threads[0]
