"""Listings after more creates than a listing index lets wait (mockserver.domain.sortedentries: an entry that does
not belong at an index's end waits until the index is read, or until PENDING wait): meetings made over both faces
with starts and keys in no order are listed by each face, and paged by the admin API, every one once and in order."""

from __future__ import annotations

import random
from datetime import timedelta

from meetingkit import content, listed_keys, lst
from meetingkit import create as create_xml
from restkit import SOON, create, iso

from mockserver.domain import sortedentries

MADE = 3 * sortedentries.PENDING + 7  # several times as many as wait, and some waiting at the first read


def test_meetings_made_out_of_order_over_both_faces_are_listed_in_order(api):
    draw = random.Random(25)
    hours = list(range(MADE))
    draw.shuffle(hours)
    starts: dict[int, int] = {}
    for number, hour in enumerate(hours):
        start = SOON + timedelta(hours=hour)
        if number % 5:
            key = int(create(api, title=f"REST {number}", start=start)["meetingNumber"])
        else:  # every fifth over XML, in Tokyo's zone (49: UTC+9 all year)
            key = create_xml(api, content(f"XML {number}", f"{start + timedelta(hours=9):%m/%d/%Y %H:%M:%S}",
                                          schedule="<timeZoneID>49</timeZoneID>"))
        starts[key] = hour
    by_start = sorted(starts, key=starts.__getitem__)

    xml = api.post(lst("<listControl><maximumNum>500</maximumNum></listControl>"
                       "<order><orderBy>STARTTIME</orderBy></order>")).ok()
    assert listed_keys(xml) == by_start

    seen: list[int] = []
    url = f"/meetings?max=100&from={iso(SOON - timedelta(hours=1))}&to={iso(SOON + timedelta(hours=MADE + 1))}"
    while url:
        response = api.rest("GET", url)
        assert response.status_code == 200, response.text
        seen += [int(item["meetingNumber"]) for item in response.json()["items"]]
        link = response.headers.get("link")
        url = link.split(";")[0].strip("<>").split("/v1", 1)[1] if link else ""
    assert seen == by_start

    admin = api.admin("GET", "/_mock/sites/acme/meetings?limit=1000")
    assert admin.status_code == 200, admin.text
    assert [meeting["key"] for meeting in admin.json()["meetings"]] == sorted(starts)
