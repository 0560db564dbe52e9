"""WebEx XML namespaces, and which of them each service's answers declare (reference 2.1, 13)."""

from __future__ import annotations

from dataclasses import dataclass

WEBEX_NS_PREFIX = "http://www.webex.com/schemas/2002/06/"

NS: dict[str, str] = {
    "serv": "http://www.webex.com/schemas/2002/06/service",
    "com": "http://www.webex.com/schemas/2002/06/common",
    "meet": "http://www.webex.com/schemas/2002/06/service/meeting",
    "att": "http://www.webex.com/schemas/2002/06/service/attendee",
    "use": "http://www.webex.com/schemas/2002/06/service/user",
    "ep": "http://www.webex.com/schemas/2002/06/service/ep",
    # the XSD calls it "site", real GetSite answers use "ns1" (reference 2.1)
    "ns1": "http://www.webex.com/schemas/2002/06/service/site",
    "event": "http://www.webex.com/schemas/2002/06/service/event",
    "mtgtype": "http://www.webex.com/schemas/2002/06/service/meetingtype",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}



@dataclass(frozen=True)
class Service:
    """What every answer of one WebEx service shares (reference 2.1, 13; §16 for the newer services)."""

    name: str                     # as in the request xsi:type, e.g. "meeting"
    prefix: str                   # of the answer's xsi:type, e.g. "meet" in meet:createMeetingResponse
    declares: tuple[str, ...]     # root declarations of a SUCCESS or FAILURE answer, in the real order


SERVICES: dict[str, Service] = {service.name: service for service in (
    Service("meeting", "meet", ("serv", "com", "meet", "att")),
    Service("user", "use", ("serv", "com", "use")),
    Service("ep", "ep", ("serv", "com", "ep", "meet")),
    Service("site", "ns1", ("serv", "com", "ns1", "event")),
    Service("meetingtype", "mtgtype", ("serv", "com", "mtgtype")),
    Service("attendee", "att", ("serv", "com", "att")),
)}

#: a dispatch failure (000000) declares only these (reference 11)
BARE_PREFIXES: tuple[str, ...] = ("serv", "com")
