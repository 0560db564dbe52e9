"""Redaction reads the lower-cased text when lowering keeps every character in place, and the case-insensitive
patterns otherwise: either way the same secrets are masked (docs/admin-api.md "Logs and the journal")."""

import json

import pytest

from mockserver.base import redact


@pytest.mark.parametrize("document, kept", [
    ("<SESSIONTICKET>AAAB==</SESSIONTICKET>", "<SESSIONTICKET>******</SESSIONTICKET>"),
    ("<x:MeetingPW a='1'>pw</x:MeetingPW>", "<x:MeetingPW a='1'>******</x:MeetingPW>"),
    ("<a href='j.php?MTID=m1&amp;Pw=top&amp;x=1'/>", "<a href='j.php?MTID=m1&amp;Pw=******&amp;x=1'/>"),
    ("<u>https://h/j?TICKET=abc def</u>", "<u>https://h/j?TICKET=****** def</u>"),
    # İ lowers to two characters: positions shift, so the case-insensitive patterns are used
    ("<name>İstanbul</name><password>s3cret</password>", "<name>İstanbul</name><password>******</password>"),
    # ſ and K (Kelvin) match s and k case-insensitively; lowering leaves ſ as it is
    ("<ſessionTicket>s3cret</ſessionTicket><x>K</x>", "<ſessionTicket>******</ſessionTicket><x>K</x>"),
    ("<accessToKen>s3cret</accessToKen>", "<accessToKen>******</accessToKen>"),
    ("<x>?ſ&password=s3cret</x>", "<x>?ſ&password=******</x>"),
    ("<confName>PASSWORD=x</confName>", "<confName>PASSWORD=x</confName>"),
])
def test_secrets_are_masked_in_any_case_and_script(document, kept):
    assert redact.xml_text(document) == kept


@pytest.mark.parametrize("payload, secret", [
    ({"accessControl": {"meetingPassword": "s3cret"}}, True),
    ({"attendees": [{"person": {"PW": "s3cret"}}]}, True),
    ({"metaData": {"confName": "password: none"}}, False),
])
def test_a_payload_is_checked_for_secret_fields_by_its_json(payload, secret):
    text = json.dumps(payload, separators=(",", ":")).encode()
    assert (redact.json_masked(text) != text) is secret
    assert (redact.data(payload) != payload) is secret
