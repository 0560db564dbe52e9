"""WebEx XML namespaces, and which of them each service's answers declare (reference 2.1, 13)."""

from __future__ import annotations

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

#: root declarations of a SUCCESS or FAILURE answer, in the order the real service writes them
SERVICE_PREFIXES: dict[str, tuple[str, ...]] = {
    "meeting": ("serv", "com", "meet", "att"),
    "user": ("serv", "com", "use"),
    "ep": ("serv", "com", "ep", "meet"),
    "site": ("serv", "com", "ns1", "event"),
    "meetingtype": ("serv", "com", "mtgtype"),
}

#: a dispatch failure (000000) declares only these (reference 11)
BARE_PREFIXES: tuple[str, ...] = ("serv", "com")
