"""Keys, isolation of refused requests, concurrency, and the byte-level answer shape."""

import asyncio
import re

import httpx
import pytest
from webex import create_meeting, message, sample

from mockserver import API_PATH
from mockserver.faces import check_fault

SERVICE_NS = ('xmlns:serv="http://www.webex.com/schemas/2002/06/service" '
              'xmlns:com="http://www.webex.com/schemas/2002/06/common" '
              'xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting" '
              'xmlns:att="http://www.webex.com/schemas/2002/06/service/attendee"')


def test_success_envelope_bytes(api):
    text = api.post(sample("seed-createmeeting-request.xml")).body.decode()
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<serv:message ' + SERVICE_NS + ">")
    assert text.count("\n") == 1  # one line after the declaration
    assert ("<serv:header><serv:response><serv:result>SUCCESS</serv:result><serv:gsbStatus>PRIMARY"
            "</serv:gsbStatus></serv:response></serv:header>") in text
    assert ('<serv:body><serv:bodyContent xsi:type="meet:createMeetingResponse" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><meet:meetingkey>') in text
    match = re.search(r"<meet:meetingkey>(\d+)</meet:meetingkey><meet:meetingUUID>([0-9a-f]{33})</meet:meetingUUID>"
                      r"<meet:meetingPassword>pass123</meet:meetingPassword><meet:iCalendarURL>"
                      r"<serv:host>https://acme\.webex\.com/acme/j\.php\?MTID=m[0-9a-f]{32}</serv:host>"
                      r"<serv:attendee>https://acme\.webex\.com/acme/j\.php\?MTID=m[0-9a-f]{32}</serv:attendee>"
                      r"</meet:iCalendarURL><meet:guestToken>[0-9a-f]{32}</meet:guestToken></serv:bodyContent>"
                      r"</serv:body></serv:message>$", text)
    assert match, text


def test_no_meeting_password_element_when_none_set(api):
    assert b"meetingPassword" not in api.post(create_meeting()).ok().body


def test_failure_envelope_bytes(api):
    text = api.post(create_meeting(password="bad")).body.decode()
    assert text == ('<?xml version="1.0" encoding="UTF-8"?>\n<serv:message ' + SERVICE_NS + ">"
                    "<serv:header><serv:response><serv:result>FAILURE</serv:result>"
                    "<serv:reason>Incorrect user or password</serv:reason><serv:gsbStatus>PRIMARY</serv:gsbStatus>"
                    "<serv:exceptionID>030002</serv:exceptionID></serv:response></serv:header>"
                    "<serv:body><serv:bodyContent/></serv:body></serv:message>")


DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
BARE_NS = ('xmlns:serv="http://www.webex.com/schemas/2002/06/service" '
           'xmlns:com="http://www.webex.com/schemas/2002/06/common"')
USER_NS = BARE_NS + ' xmlns:use="http://www.webex.com/schemas/2002/06/service/user"'
GET_MEETING_1 = message("meeting.GetMeeting", "<meetingKey>1</meetingKey>")


def _failure(namespaces: str, reason: str, exception_id: str, body: str = "<serv:body><serv:bodyContent/></serv:body>"):
    return (f"{DECLARATION}<serv:message {namespaces}><serv:header><serv:response><serv:result>FAILURE</serv:result>"
            f"<serv:reason>{reason}</serv:reason><serv:gsbStatus>PRIMARY</serv:gsbStatus>"
            f"<serv:exceptionID>{exception_id}</serv:exceptionID></serv:response></serv:header>{body}</serv:message>")


@pytest.mark.parametrize("request_body, expected", [
    # an XML-only failure (mockserver.xml.errors): the bare envelope of a dispatch failure
    (GET_MEETING_1.replace(' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"', ""),
     _failure(BARE_NS, "Fail to forward request:null", "000000", "<serv:body/>")),
    # domain errors of three kinds: NOT_FOUND (REAL), NOT_FOUND (exceptionID ASSUMED), UNAUTHENTICATED
    (GET_MEETING_1, _failure(SERVICE_NS, "Corresponding Meeting not found", "060001")),
    (create_meeting(site="nosuchsite"), _failure(SERVICE_NS, "Failed to get SiteUrl from server", "010000")),
    (create_meeting(user="nobody@acme.com"),
     _failure(SERVICE_NS, "Corresponding User not found: webExID 'nobody@acme.com'", "030001")),
], ids=["dispatch", "meeting-not-found", "site-not-found", "caller-not-found"])
def test_failure_envelope_bytes_by_kind(api, request_body, expected):
    """FAILURE answers of several kinds of error, byte for byte: errors becoming kinds each face maps (issue 21)
    must not change them (with test_failure_envelope_bytes above and the FAILURE checks of every operation's tests)."""
    assert api.post(request_body).body.decode() == expected


def test_fault_failure_envelope_bytes(api):
    """A fault's failure answers the exceptionID its rule chose (mockserver.xml.errors reads it from the rule)."""
    api.app.state.tenancy.get().faults.add(check_fault, action="failure", operation="GetUser", exception_id="000035",
                                           reason="down")
    answer = api.post(message("user.GetUser", "<webExId>hostid@acme.com</webExId>"))
    assert answer.body.decode() == _failure(USER_NS, "down", "000035")


def test_answer_headers(api):
    response = api.post_raw(create_meeting())
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/xml;charset=UTF-8"
    assert response.headers["cache-control"] == "no-cache"


def test_reason_text_is_escaped(api):
    answer = api.post(message("meeting.Create<&>"[:-3] + "X&amp;Y"))
    assert answer.result == "FAILURE" and "X&Y" in answer.reason


def test_keys_are_9_to_11_digits_and_unique(asgi_api):
    keys = [int(asgi_api.post(create_meeting()).ok().text("serv:body/serv:bodyContent/meet:meetingkey"))
            for _ in range(300)]
    assert len(set(keys)) == 300
    assert all(100_000_000 <= k <= 99_999_999_999 for k in keys)


def test_deleted_keys_are_never_reused(asgi_api):
    store = asgi_api.store
    key = store.new_meeting_key()
    assert key in store.used_keys
    assert all(store.new_meeting_key() != key for _ in range(1000))


def test_refused_request_stores_nothing(api):
    before = {site: len(api.store.site_meetings(site)) for site in api.store.sites}
    for body in (create_meeting(password="bad"),
                 create_meeting("<metaData><confName>x</confName><agenda>" + "a" * 3000 + "</agenda></metaData>"),
                 create_meeting(site="globex", user="host@globex.com")):
        assert api.post(body).result == "FAILURE"
    assert {site: len(api.store.site_meetings(site)) for site in api.store.sites} == before


def test_same_seed_same_keys():
    from apikit import make_app

    def first_key():
        store = make_app(random_seed=42).state.tenancy.get().store
        return store.new_meeting_key(), store.hex(32)

    assert first_key() == first_key()


def test_200_concurrent_creates_over_http_give_200_distinct_keys(http_server):
    from apikit import make_app

    app = make_app()
    http_server.switch.target = app
    body = create_meeting().encode()

    async def run():
        limits = httpx.Limits(max_connections=200)
        async with httpx.AsyncClient(base_url=http_server.url.split(API_PATH)[0], limits=limits, timeout=60) as c:
            return await asyncio.gather(*(c.post(API_PATH, content=body, headers={"Content-Type": "text/xml"})
                                          for _ in range(200)))

    responses = asyncio.run(run())
    keys = [re.search(rb"<meet:meetingkey>(\d+)<", r.content).group(1) for r in responses]
    assert all(r.status_code == 200 for r in responses)
    assert len(set(keys)) == 200
    assert len(app.state.tenancy.get().store.site_meetings("acme")) == 200
