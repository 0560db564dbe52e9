"""LstTimeZone (reference §29): the mock's time-zone table with the offsets in force at ``date``, shaped like the
real answer (no matchingRecords; timeZoneID, gmtOffset and description adjacent, in that order)."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from apikit import Api, make_app
from lxml import etree
from webex import message

from mockserver.domain.timezones import LABELS

BODY = "serv:body/serv:bodyContent/"
JULY = datetime(2026, 7, 15, 12, 0, tzinfo=UTC).timestamp()
#: the IBM Resilient client's regex (reference §29): the three elements adjacent, no white space between
RESILIENT = re.compile(r"<ns1:timeZoneID>(\d+)</ns1:timeZoneID><ns1:gmtOffset>(-?\d+)</ns1:gmtOffset>"
                       r"<ns1:description>GMT([+-]\d{2}:\d{2}|00:00), [^<]+</ns1:description>")


def short_form(content: str = "", **kw) -> str:
    """The request as the reference guide's sample and every known client send it: ``site.LstTimeZone``."""
    body = message("site.LstTimeZone", content, **kw)
    return body.replace('xsi:type="java:com.webex.service.binding.site.LstTimeZone"', 'xsi:type="site.LstTimeZone"')


def zones(answer) -> dict[int, dict[str, str]]:
    return {int(z.findtext("{*}timeZoneID")): {etree.QName(c).localname: c.text for c in z}
            for z in answer.all(BODY + "ns1:timeZone")}


def test_short_type_lists_every_zone_the_mock_accepts(api):
    body = short_form()
    assert 'xsi:type="site.LstTimeZone"' in body
    answer = api.post(body).ok()
    assert b'xsi:type="ns1:lstTimeZoneResponse"' in answer.body
    assert b' xmlns:ns1="http://www.webex.com/schemas/2002/06/service/site" xmlns:event="' in answer.body
    assert set(zones(answer)) == set(range(62)) and set(LABELS) < set(zones(answer))  # 24 and 27 too
    assert [etree.QName(c).localname for c in answer.content] == ["timeZone"] * 62  # no matchingRecords
    assert len(RESILIENT.findall(answer.body.decode())) == 62


def test_long_type_works_too(api):
    assert len(api.post(message("site.LstTimeZone", "<timeZoneID>4</timeZoneID>")).ok().content) == 1


def test_offsets_and_dst_at_the_date(api):
    """Indico sends timeZoneID + date and reads gmtOffset as minutes; the real capture's July values."""
    july = zones(api.post(short_form("<timeZoneID>4</timeZoneID><timeZoneID>21</timeZoneID><timeZoneID>55"
                                     "</timeZoneID><date>07/15/2026 12:00:00</date>")).ok())
    assert july[4] == {"timeZoneID": "4", "gmtOffset": "-420", "description": "GMT-07:00, Pacific (San Francisco)",
                       "shortName": "San Francisco", "hideTimeZoneName": "false", "fallInDST": "true",
                       "standardLabel": "Standard", "daylightLabel": "Daylight"}
    assert (july[21]["gmtOffset"], july[21]["fallInDST"], july[21]["daylightLabel"]) == ("60", "true", "Summer")
    assert "standardLabel" not in july[21]  # Europe: only the "Summer" label, as in the capture
    assert (july[55]["gmtOffset"], july[55]["fallInDST"]) == ("600", "false")  # Sydney: winter in July
    january = zones(api.post(short_form("<date>01/15/2026 12:00:00</date><timeZoneID>4</timeZoneID>")).ok())
    assert (january[4]["gmtOffset"], january[4]["description"]) == ("-480", "GMT-08:00, Pacific (San Francisco)")


def test_date_defaults_to_now(api):
    api.store.clock = lambda: JULY
    assert zones(api.post(short_form("<timeZoneID>4</timeZoneID>")).ok())[4]["gmtOffset"] == "-420"


def test_zero_offset_hidden_names_and_zones_without_dst(api):
    answer = zones(api.post(short_form("<date>01/15/2026 12:00:00</date>")).ok())
    assert answer[20]["description"].startswith("GMT00:00, ") and answer[20]["hideTimeZoneName"] == "true"
    assert answer[41] == {"timeZoneID": "41", "gmtOffset": "330", "description": "GMT+05:30, India (Bombay)",
                          "shortName": "Bombay", "hideTimeZoneName": "false", "fallInDST": "false"}
    assert answer[24]["description"] == "GMT+01:00, Europe (Prague)"


def test_table_is_noted_as_the_mocks_own(api):
    api.post(short_form("<timeZoneID>4</timeZoneID>")).ok()
    notes = api.app.state.tenancy.get().journal.entries()[-1].notes
    assert [(n.code, n.element) for n in notes] == [("assumed-answer", "timeZone")]


@pytest.mark.parametrize("content,problem", [
    ("<timeZoneID>130</timeZoneID>", "unknown time zone 130"),
    ("<date>13/45/2026 10:00:00</date>", "bodyContent/date"),
    ("<date>tomorrow</date>", "bodyContent/date"),
    ("<date>07/15/2026 12:00:00</date><date>07/16/2026 12:00:00</date>", "send it once"),
])
def test_unknown_zone_or_bad_date_is_refused(api, content, problem):
    answer = api.post(short_form(content))
    assert answer.exception_id == "999999" and problem in answer.reason, answer.reason


def test_short_type_is_documented_so_documented_mode_accepts_it():
    """Cisco's own LstTimeZone sample sends the short type: no accommodation, even in ``documented`` mode."""
    api = Api("asgi", make_app(fidelity="documented"), "http://unused")
    try:
        api.post(short_form("<timeZoneID>4</timeZoneID>")).ok()
        body = short_form().replace("site.LstTimeZone", "user.GetLoginTicket")
        assert api.post(body).ok().text(BODY + "use:ticket")
        assert [n.kind for n in api.app.state.tenancy.get().journal.entries()[-1].notes] == ["assumed"]
    finally:
        api.close()
