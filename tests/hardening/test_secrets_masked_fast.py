"""The quicker masking of issue 25, item 4 (:func:`mockserver.base.redact.xml_text`) masks what the masking before it
masked, character for character (:func:`_masked_before`, a copy of it, is the oracle): over generated XML full of
secret tags in every form a client may send them (any case, prefixed, attributes, CDATA, comments, entities,
unterminated, secret URL parameters), the REST face's JSON, and non-ASCII text (letters that lowering moves
included). And what :func:`mockserver.base.redact.plainly_masked` calls a plain masking is one."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from webex import create_meeting, sample

from mockserver.base import redact


def _masked_before(document: str) -> str:
    """``redact.xml_text`` as it was before issue 25 (its two patterns and its test for URL parameters)."""
    lowered = document.lower()
    if len(lowered) != len(document) or any(letter in document for letter in redact._CASE_FOLDED_TO_ASCII):
        lowered, opening, query = document, redact._OPEN, redact._QUERY
    else:
        opening, query = _OPEN_LOWER_BEFORE, redact._QUERY_LOWER
    kept: list[str] = []
    position = 0
    while opened := opening.search(lowered, position):
        kept.append(document[position:opened.end()])
        kept.append(redact.MASK)
        position = redact._content_end(document, opened.end(), opened.group(1).lower())
    kept.append(document[position:])
    masked = "".join(kept)
    if query is redact._QUERY_LOWER and not any(marker in lowered for marker in ("pw=", "password=", "ticket=")):
        return masked
    return redact._masked_parameters(masked, query)


_OPEN_LOWER_BEFORE = re.compile(redact._OPEN.pattern.replace("A-Za-z", "a-z").replace(redact._NAMES,
                                                                                      redact._NAMES.lower()))

NAMES = [*redact.SECRET_ELEMENTS, "webExID", "confName", "passwordx", "mypw", "ticket", "pwd"]
CASED = st.sampled_from(NAMES).flatmap(
    lambda name: st.sampled_from([name, name.upper(), name.lower(), name.swapcase(), name.title()]))
PREFIXES = st.sampled_from(["", "", "serv:", "com:", "x.y-z:", "_a:", "1:", "é:"])
ATTRIBUTES = st.sampled_from(["", "", " a=\"1\"", " a='>'", ' a=">"', " a='\"'", " xsi:type=\"x\"", "\n", " /",
                              ' a="?PW=1"'])
CONTENTS = st.sampled_from(["S3cr3t", "", " ", "\n\t", " x ", "<![CDATA[S3cr3t]]>", "<![CDATA[]]>", "<!-- c -->",
                            "a<!-- </password> -->b", "&#32;", "&amp;", "a&#32;", "&lt;x&gt;", "<x/>",
                            "<x>S3cr3t</x>", "İS3", "ſecret", "a?PW=b", "]]>", "-->"])
ENDS = st.sampled_from(["same", "same", "upper", "none", "other", "spaced"])
AROUND = st.sampled_from(["", "<a>", "</a>", "<!-- ", " -->", "<![CDATA[", "]]>", "<?pi ", "?>",
                          "https://acme.webex.com/j.php?MTID=1&PW=abc", "&amp;password=x&ticket=y",
                          "?pw=1", "&amp;PW=", "İ", "ı", "ſ", "\u212a", "ẞ", "\u0130\u0130", "é", "<", ">",
                          '{"password":"x"}', "<password/>", "<pw >x</pw >"])


@st.composite
def secret_elements(draw) -> str:
    name = draw(PREFIXES) + draw(CASED)
    end = draw(ENDS)
    closing = {"same": f"</{name}>", "upper": f"</{name.upper()}>", "none": "", "other": "</other>",
               "spaced": f"</{name} >"}[end]
    return f"<{name}{draw(ATTRIBUTES)}>{draw(CONTENTS)}{closing}"


DOCUMENTS = st.lists(st.one_of(secret_elements(), AROUND), max_size=12).map("".join)


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(DOCUMENTS)
def test_the_masking_masks_what_it_masked_before(document):
    assert redact.xml_text(document) == _masked_before(document)


@settings(max_examples=500, deadline=None, database=None, derandomize=True)
@given(st.text(max_size=200))
def test_the_masking_masks_what_it_masked_before_in_any_text(text):
    for document in (text, f"<password>{text}</password>{text}", f"{text}<com:PW a='1'>{text}",
                     f"{text}=x&pw={text}" * 5):
        assert redact.xml_text(document) == _masked_before(document)


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(DOCUMENTS)
def test_the_masking_judged_in_one_pass_is_judged_as_in_two(document):
    """What the journal keeps of a request (redact.masked_plainly: masked, and judged plain or not where each content
    was masked) is what masking it and judging the masking apart give."""
    masked = redact.xml_text(document)
    assert redact.masked_plainly(document) == (masked, redact.plainly_masked(document, masked))


@settings(max_examples=3000, deadline=None, database=None, derandomize=True)
@given(DOCUMENTS)
def test_the_two_searches_find_the_secret_start_tags_the_one_pattern_finds(document):
    lowered = document.lower()
    found, position = [], 0
    while opened := redact._OPEN_LOWER.search(lowered, position):
        found.append((opened.start(), opened.end(), opened.group(1)))
        position = opened.end()
    assert redact._openings(lowered) == found


@pytest.mark.parametrize("name", sorted(redact._SECRET_NAMES))
def test_the_secret_tags_pattern_finds_each_name_and_no_longer_or_shorter_one(name):
    pattern = re.compile(redact._SECRET_TAG + "$")
    assert pattern.match(name)
    assert not pattern.match(name + "x") and not pattern.match(name[:-1]) or name[:-1] in redact._SECRET_NAMES


SECRET = "S3cr3tValue"
KNOWN = [
    f"<password>{SECRET}</password>",
    f"<PassWord>{SECRET}</PassWord>",
    f"<com:password>{SECRET}</com:password>",
    f"<serv:sessionTicket a='1' b=\"2\">{SECRET}</serv:sessionTicket>",
    f"<password><![CDATA[{SECRET}]]></password>",
    f"<password><!-- c -->{SECRET}</password>",
    f"<meetingPassword>{SECRET}",
    f"<meetingPW>{SECRET}</meetingpw>",
    f"<a>https://acme.webex.com/j.php?MTID=1&amp;PW={SECRET}</a>",
    f"<a>https://acme.webex.com/j.php?password={SECRET}&amp;x=1</a>",
    f"<a>https://acme.webex.com/j.php?x=1&TICKET={SECRET}</a>",
    f"<accessToken\n>{SECRET}</accessToken>",
    f"<İ><password>{SECRET}</password></İ>",
    f"<pa\u017f\u017fword>{SECRET}</pa\u017f\u017fword>",
    json.dumps({"password": redact.MASK, "webLink": f"https://x/j.php?MTID=1&PW={SECRET}"}),
    f"POST /meetings\n{json.dumps({'title': 'x', 'link': f'https://x/?pw={SECRET}'})}",
]


@pytest.mark.parametrize("document", KNOWN)
def test_no_secret_survives_the_masking(document):
    shown = redact.xml_text(document)
    assert SECRET not in shown and shown == _masked_before(document)


@pytest.mark.parametrize("document", [sample("seed-createmeeting-request.xml").decode(), create_meeting()])
def test_a_real_request_is_masked_plainly(document):
    shown = redact.xml_text(document)
    assert "passw0rd" not in shown and redact.plainly_masked(document, shown)


@pytest.mark.parametrize("document", [
    "<password></password>", "<password> </password>", "<password>&#32;</password>",
    "<password><![CDATA[x]]></password>", "<password><!-- c --></password>", "<password>x",
    "<!-- x --><password>x</password>", "<a><![CDATA[<password>x</password>]]></a>",
    "<?xml version='1.0'?><?pi <password>x</password> ?>", "<password a='>'>x</password>",
    '<password a=">">x</password>', "<a>?PW=1</a><password>x</password>", "<a>?PW=1</a>",
    "<password><x>1</x></password>", "<İ/><pa\u017f\u017fword>x</pa\u017f\u017fword>",
])
def test_what_is_no_plain_masking(document):
    """A masking the document read again would not give back with only its secret values masked."""
    assert redact.plainly_masked(document, redact.xml_text(document)) is False


@pytest.mark.parametrize("document", [
    "<a>x</a>", "<password>x</password>", "<a>******</a><pw a=\"1\">y</pw>", "<com:PassWord>\n x \n</com:PassWord>",
    "<?xml version='1.0'?>\n<password>a&amp;b</password>", "<password>a&#65;</password>",
    "<x:meetingPW>1</x:meetingPW><PW>2</PW><password/>"])
def test_what_is_a_plain_masking(document):
    assert redact.plainly_masked(document, redact.xml_text(document)) is True


def test_a_masking_is_judged_by_what_it_changed():
    """A masked text that is not the document's plain masking is never called one."""
    document = "<password>x</password><b>y</b>"
    assert not redact.plainly_masked(document, "<password>******</password><b>******</b>")
    assert not redact.plainly_masked(document, "<password>x</password><b>y</b>!")
    assert not redact.plainly_masked(document, "<password>******</password><b>y</b>?PW=******")
