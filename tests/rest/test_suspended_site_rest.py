"""A suspended site (reference §41: API 42.5.0 refuses CreateMeeting and SetMeeting with 010107) refuses REST meeting
create and update with the documented 403, whose description says the site is suspended; reading and deleting go
on. In every era."""

from __future__ import annotations

import json

import pytest
from restkit import create, failure, meeting_body

SETTINGS = "/_mock/sites/acme/settings"


def suspend(api, on: bool = True, **more) -> None:
    response = api.admin("PATCH", SETTINGS, json={"suspended": on, **more})
    assert response.status_code == 200 and response.json()["suspended"] is on, response.text


@pytest.mark.parametrize("era", ["classic", "api42"])
def test_a_suspended_site_creates_and_updates_no_meeting(api, era):
    made = create(api)
    suspend(api, era=era)
    refused = api.rest("POST", "/meetings", json=meeting_body(title="Later"))
    assert failure(refused, 403).startswith("The server understood the request, but refused")
    assert refused.json()["errors"][0]["description"] == "The site is suspended"
    assert failure(api.rest("PUT", f"/meetings/{made['id']}", json={**made, "title": "New"}), 403)
    patched = api.rest("PATCH", f"/meetings/{made['id']}", content=json.dumps({"title": "New"}),
                       headers={"Content-Type": "application/json"})
    assert failure(patched, 403)
    shown = api.rest("GET", f"/meetings/{made['id']}")
    assert shown.status_code == 200 and shown.json()["title"] == "Standup"
    suspend(api, on=False)
    assert api.rest("PATCH", f"/meetings/{made['id']}", content=json.dumps({"title": "New"}),
                    headers={"Content-Type": "application/json"}).json()["title"] == "New"
    assert api.rest("DELETE", f"/meetings/{made['id']}").status_code == 204
