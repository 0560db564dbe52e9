"""GetAPIVersion (ep service, reference 2.5, 9): works with only the site in securityContext."""

from __future__ import annotations

from lxml import etree
from webex import message

EP_ROOT = (b'<serv:message xmlns:serv="http://www.webex.com/schemas/2002/06/service" '
           b'xmlns:com="http://www.webex.com/schemas/2002/06/common" '
           b'xmlns:ep="http://www.webex.com/schemas/2002/06/service/ep" '
           b'xmlns:meet="http://www.webex.com/schemas/2002/06/service/meeting"><serv:header>')


def version(api, inner: str):
    return api.post(message("ep.GetAPIVersion", context=f"<securityContext>{inner}</securityContext>"))


def test_site_name_only(api):
    answer = version(api, "<siteName>acme</siteName>").ok()
    assert EP_ROOT in answer.body and b'xsi:type="ep:getAPIVersionResponse"' in answer.body
    assert [(etree.QName(c).localname, c.text) for c in answer.content] == [
        ("apiVersion", "WebEx XML API V10.0.0"), ("release", "EP1"), ("trainReleaseVersion", "T31L"),
        ("trainReleaseOrder", "400")]


def test_site_id_and_partner_id_only(api):
    answer = version(api, "<siteID>700001</siteID><partnerID>gl0bex</partnerID>").ok()
    assert answer.text("serv:body/serv:bodyContent/ep:apiVersion") == "WebEx XML API V10.0.0"


def test_full_credentials_work_too(api):
    answer = api.post(message("ep.GetAPIVersion")).ok()
    assert answer.text("serv:body/serv:bodyContent/ep:trainReleaseVersion") == "T31L"


def test_a_site_is_still_needed(api):
    for inner in ("<siteName>nosuchsite</siteName>", "<webExID>hostid@acme.com</webExID>"):
        answer = version(api, inner)
        assert answer.exception_id == "010000" and answer.reason.startswith("Failed to get SiteUrl from server"), inner
        assert EP_ROOT in answer.body and b"<serv:body><serv:bodyContent/></serv:body>" in answer.body


def test_body_must_be_empty(api):
    answer = api.post(message("ep.GetAPIVersion", "<apiVersion>10</apiVersion>"))
    assert answer.exception_id == "999999" and "apiVersion" in answer.reason
