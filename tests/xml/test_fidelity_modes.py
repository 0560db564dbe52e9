"""The fidelity mode reaches every way of configuring the mock, and the notes reach every reader of a call."""

from __future__ import annotations

import logging

import pytest
from adminkit import admin, mocks  # noqa: F401  (fixtures)
from webex import create_meeting, message

from mockserver.cli import parse_args
from mockserver.config import Config, resolve

UNPREFIXED = create_meeting(root="message")
NOTE = "root <message> is in no namespace; read as serv:message"


def test_config_flag_environment_and_file(tmp_path):
    assert Config().fidelity == "lenient"
    assert resolve({}, environ={"WEBEX_MOCK_FIDELITY": "Documented"}).fidelity == "documented"
    toml = tmp_path / "mock.toml"
    toml.write_text('fidelity = "documented"\n')
    assert resolve({}, environ={}, config_file=str(toml)).fidelity == "documented"
    flags = {k: v for k, v in vars(parse_args(["--fidelity", "lenient"])).items() if k != "config"}
    assert resolve(flags, environ={"WEBEX_MOCK_FIDELITY": "documented"}).fidelity == "lenient"
    with pytest.raises(ValueError, match="fidelity must be one of lenient, documented"):
        resolve({}, environ={"WEBEX_MOCK_FIDELITY": "strict"})
    with pytest.raises(SystemExit):
        parse_args(["--fidelity", "strict"])


def test_server_mode_applies_to_every_namespace(mocks):
    api, _ = mocks(fidelity="documented")
    assert api.post(UNPREFIXED).reason == NOTE
    assert api.post(UNPREFIXED, headers={"X-Mock-Namespace": "other"}).reason == NOTE


def test_admin_api_sets_one_namespace_until_its_reset(admin):
    api = admin.api
    assert admin.get("/_mock/fidelity") == {"namespace": "default", "mode": "lenient", "default": "lenient"}
    assert admin.put("/_mock/fidelity", json={"mode": "documented"})["mode"] == "documented"
    assert api.post(UNPREFIXED).exception_id == "999999"
    assert api.post(UNPREFIXED, headers={"X-Mock-Namespace": "other"}).result == "SUCCESS"
    assert admin.error("PUT", "/_mock/fidelity", 400, json={"mode": "strict"}).startswith("fidelity must be one of")
    assert admin.error("PUT", "/_mock/fidelity", 400, json={"mode": "lenient", "x": 1}).startswith("expected")
    admin.post("/_mock/reset")
    assert admin.get("/_mock/fidelity")["mode"] == "lenient"
    assert api.post(UNPREFIXED).result == "SUCCESS"


def test_journal_endpoint_and_page_show_the_notes(admin):
    admin.api.post(UNPREFIXED).ok()
    entry = admin.get("/_mock/journal")["entries"][-1]
    assert entry["notes"] == [{"code": "unprefixed-message", "kind": "accommodated", "element": "message",
                               "text": NOTE}]
    assert admin.get("/_mock/page/overview")["fidelity"] == "lenient"


def test_log_line_carries_the_notes(api, caplog):
    with caplog.at_level(logging.INFO, logger="mockserver.requests"):
        api.post(UNPREFIXED).ok()
    line = [r for r in caplog.records if r.name == "mockserver.requests"][-1]
    assert line.getMessage().endswith(f"notes: {NOTE}")
    assert line.notes == [NOTE]


def test_plugin_reads_and_asserts_notes(webex_mock):
    webex_mock.post(UNPREFIXED)
    assert [str(n) for n in webex_mock.calls()[0].notes] == [NOTE]
    assert webex_mock.notes(kind="assumed") == []
    webex_mock.assert_no_notes(kind="assumed")
    with pytest.raises(AssertionError) as failure:
        webex_mock.assert_no_notes()
    assert "1 fidelity note(s) where none were expected" in str(failure.value)
    assert f"meeting.CreateMeeting [accommodated] {NOTE}" in str(failure.value)
    webex_mock.fidelity = "documented"
    assert b"<serv:exceptionID>999999</serv:exceptionID>" in webex_mock.post(UNPREFIXED).content
    with pytest.raises(ValueError):
        webex_mock.fidelity = "loose"


@pytest.mark.webex_fidelity("documented")
def test_plugin_marker_sets_the_mode(webex_mock):
    assert webex_mock.fidelity == "documented"
    answer = webex_mock.post(message("meeting.CreateMeeting", "<metaData><confName>x</confName><agenda/></metaData>"))
    assert b"empty &lt;agenda/&gt; at bodyContent/metaData/agenda treated as not sent" in answer.content
