"""Intake accepts what the real service accepts (reference 1, 2.3, 10.1)."""

import urllib.parse

import pytest
from webex import create_meeting, message, sample

SEED = sample("seed-createmeeting-request.xml")


def stored(api, answer):
    key = int(answer.text("serv:body/serv:bodyContent/meet:meetingkey"))
    return api.store.get_meeting("acme", key).data


def test_seed_sample_byte_for_byte_is_accepted(api):
    assert b"xmlns:serv" not in SEED  # the sample really omits the serv declaration
    answer = api.post(SEED).ok()
    data = stored(api, answer)
    assert data["metaData"]["confName"] == "Sample Meeting"
    assert data["participants"]["attendees"]["attendee"][0]["person"]["email"] == "Jkirk@sz.webex.com"
    assert "Call 1-800-555-1234, Passcode 98765" in data["telephony"]["extTelephonyDescription"]


def test_unprefixed_message_root(api):
    answer = api.post(create_meeting(root="message")).ok()
    assert stored(api, answer)["metaData"]["confName"] == "Standup"


def test_qualified_payload_elements(api):
    content = ('<meet:metaData xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting">'
               "<meet:confName>Qualified</meet:confName></meet:metaData>"
               "<serv:schedule><serv:startDate>12/01/2026 10:00:00</serv:startDate></serv:schedule>")
    answer = api.post(create_meeting(content)).ok()
    assert stored(api, answer)["metaData"]["confName"] == "Qualified"


def test_declared_serv_prefix_everywhere(api):
    body = create_meeting().replace(
        "<serv:message ", '<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" ')
    body = body.replace("<header>", "<serv:header>").replace("</header>", "</serv:header>")
    body = body.replace("<body>", "<serv:body>").replace("</body>", "</serv:body>")
    api.post(body).ok()


def test_children_in_any_order(api):
    content = ("<schedule><timeZoneID>11</timeZoneID><duration>45</duration>"
               "<startDate>12/01/2026 10:00:00</startDate></schedule>"
               "<enableOptions><voip>FALSE</voip><chat>false</chat></enableOptions>"
               "<metaData><agenda>a</agenda><confName>Reordered</confName></metaData>"
               "<accessControl><meetingPassword>x1</meetingPassword></accessControl>")
    data = stored(api, api.post(create_meeting(content)).ok())
    assert data["schedule"]["duration"] == "45"
    assert data["schedule"]["timeZoneID"] == "11"
    assert data["enableOptions"]["chat"] == "false"
    assert data["metaData"]["agenda"] == "a"


@pytest.mark.parametrize("literal,expected", [
    ("true", "true"), ("TRUE", "true"), ("True", "true"),
    ("false", "false"), ("FALSE", "false"), ("False", "false"), (" TRUE\n", "true"),
])
def test_boolean_spellings(api, literal, expected):
    content = ("<metaData><confName>B</confName></metaData>"
               "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>"
               f"<enableOptions><poll>{literal}</poll></enableOptions>")
    assert stored(api, api.post(create_meeting(content)).ok())["enableOptions"]["poll"] == expected


def test_iso_8859_1_declaration_with_real_latin1_bytes(api):
    body = create_meeting(
        "<metaData><confName>Café für Zoë</confName></metaData>"
        "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>",
        declaration='<?xml version="1.0" encoding="ISO-8859-1"?>\n',
    ).encode("iso-8859-1")
    assert b"Caf\xe9" in body
    assert stored(api, api.post(body).ok())["metaData"]["confName"] == "Café für Zoë"


def test_no_declaration_and_whitespace_before_declaration(api):
    api.post(create_meeting(declaration="")).ok()
    api.post("\n  \t" + create_meeting()).ok()


def test_utf8_bom(api):
    api.post(b"\xef\xbb\xbf" + create_meeting().encode()).ok()


def test_comments_and_multiline_text(api):
    content = ("<!-- a comment before --><metaData><!-- inside --><confName>C</confName>"
               "<agenda>line one\nline two\n</agenda></metaData>"
               "<schedule><startDate>12/01/2026 10:00:00</startDate><!-- tail --></schedule>")
    data = stored(api, api.post(create_meeting(content)).ok())
    assert data["metaData"]["agenda"] == "line one\nline two\n"


@pytest.mark.parametrize("content_type", [
    "text/xml", "application/xml", "text/xml charset=UTF-8", "text/xml; charset=utf-8", None,
    "application/x-www-form-urlencoded",
])
def test_request_content_types(api, content_type):
    api.post(create_meeting(), content_type=content_type).ok()


def test_form_field_named_xml(api):
    form = "XML=" + urllib.parse.quote_plus(create_meeting())
    api.post(form, content_type="application/x-www-form-urlencoded").ok()


def test_form_field_keeps_latin1_bytes(api):
    xml = create_meeting("<metaData><confName>Crème</confName></metaData>"
                         "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>",
                         declaration='<?xml version="1.0" encoding="ISO-8859-1"?>')
    form = "XML=" + urllib.parse.quote_plus(xml.encode("iso-8859-1"))
    answer = api.post(form, content_type="application/x-www-form-urlencoded").ok()
    assert stored(api, answer)["metaData"]["confName"] == "Crème"


def test_schema_location_and_unused_namespace_declarations(api):
    body = create_meeting().replace(
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://www.webex.com/schemas/2002/06/service http://www.webex.com/schemas/2002/06/service/service.xsd"')
    body = body.replace("<bodyContent ",
                        '<bodyContent xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting" ')
    api.post(body).ok()


def test_un_padded_date_and_date_without_seconds(api):
    for date, expected in (("6/1/2026 9:5:0", "06/01/2026 09:05:00"), ("12/24/2026 18:30", "12/24/2026 18:30:00")):
        content = f"<metaData><confName>D</confName></metaData><schedule><startDate>{date}</startDate></schedule>"
        assert stored(api, api.post(create_meeting(content)).ok())["schedule"]["startDate"] == expected


def test_security_context_by_site_id_and_partner_id(api):
    context = ("<securityContext><webExID>hostid@acme.com</webExID><password>passw0rd</password>"
               "<siteID>690319</siteID><partnerID>g0webx!</partnerID></securityContext>")
    api.post(message("meeting.CreateMeeting",
                     "<metaData><confName>S</confName></metaData>"
                     "<schedule><startDate>12/01/2026 10:00:00</startDate></schedule>",
                     context=context)).ok()


def test_session_ticket_instead_of_password(api):
    site = api.store.site_by_name("acme")
    ticket = api.store.issue_ticket(site, "hostid@acme.com", api.store.now_ms())
    api.post(create_meeting(password=None, ticket=ticket.value)).ok()
