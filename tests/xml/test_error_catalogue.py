"""One catalogue of WebEx errors, documented in docs/operations.md ("Error catalogue")."""


from repo import ROOT

from mockserver.base.errors import WebexError, catalogue

OPERATIONS_PAGE = ROOT / "docs" / "operations.md"


def test_every_error_has_id_reason_and_certainty():
    classes = catalogue()
    assert len(classes) >= 15
    for cls in classes:
        assert len(cls.exception_id) == 6 and cls.exception_id.isdigit(), cls
        assert cls.reason and cls.certainty in {"REAL", "DOC", "OBS", "ASSUMED"}, cls
        assert cls.source, cls


def test_real_reasons_are_exact():
    by_name = {cls.__name__: cls for cls in catalogue()}
    assert by_name["IncorrectPassword"].reason == "Incorrect user or password"
    assert by_name["MeetingNotFound"].reason == "Corresponding Meeting not found"
    assert by_name["InvalidSessionTicket"].reason == "Not a valid session ticket"
    assert by_name["MeetingPasswordRequired"].reason == "Meeting password must not be null"
    assert by_name["ForwardFailed"].reason == "Fail to forward request:null"
    assert by_name["SiteNotFound"].reason == "Failed to get SiteUrl from server"  # OBS, compared exactly


def test_the_docs_list_every_error():
    text = OPERATIONS_PAGE.read_text(encoding="utf-8")
    for cls in catalogue():
        assert f"| `{cls.exception_id}` | {cls.__name__} | {cls.reason} |" in text, cls.__name__


def test_custom_reason_keeps_id():
    error = catalogue()[0]("custom")
    assert isinstance(error, WebexError) and error.text == "custom"
