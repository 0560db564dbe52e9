"""Secrets never come back: not in error reasons, answers, the journal or the admin API."""

import re

from meetingkit import create, get
from webex import create_meeting, message

TOKEN = "acme-hostid-access-token"


def test_wrong_credentials_are_never_echoed(api):
    bad_password, bad_ticket, bad_token = "Wr0ng-Pa55word", "Zm9yZ2VkLXRpY2tldA==", "forged-access-token"
    answers = [
        api.post(create_meeting(password=bad_password)),
        api.post(create_meeting(password=None, ticket=bad_ticket)),
        api.post(message("user.AuthenticateUser", f"<accessToken>{bad_token}</accessToken>", password=None)),
    ]
    assert [a.exception_id for a in answers] == ["030002", "030047", "030002"]
    for answer in answers:
        for secret in (bad_password, bad_ticket, bad_token):
            assert secret not in answer.body.decode()


def test_journal_masks_passwords_tickets_tokens_and_meeting_passwords(api):
    answer = api.post(message("user.AuthenticateUser")).ok()
    ticket = re.search(r"<use:sessionTicket>(.+?)<", answer.body.decode()).group(1)
    api.post(message("user.AuthenticateUser", f"<accessToken>{TOKEN}</accessToken>", password=None)).ok()
    key = create(api, "<metaData><confName>S</confName></metaData><schedule><startDate>12/01/2026 10:00:00"
                      "</startDate></schedule><accessControl><meetingPassword>M33tPass</meetingPassword>"
                      "</accessControl>", password=None, ticket=ticket)
    api.post(get(key)).ok()
    journal = api.app.state.tenancy.get().journal.entries()
    text = repr([entry.to_dict() for entry in journal])
    assert len(journal) == 4
    for secret in ("passw0rd", ticket, TOKEN, "M33tPass"):
        assert secret not in text, secret
    assert "******" in text


def test_admin_api_never_shows_user_credentials(api):
    client = api._client
    headers = {}
    sites = client.get("/_mock/sites", headers=headers).text
    users = client.get("/_mock/sites/acme/users", headers=headers).text
    state = client.get("/_mock/state", headers=headers).text
    for secret in ("passw0rd", TOKEN):
        assert secret not in sites and secret not in users and secret not in state
