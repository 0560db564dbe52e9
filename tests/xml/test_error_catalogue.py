"""Errors are kinds; the XML face maps each to its exceptionID (mockserver/xml/errors.py); one catalogue, written
from the code, in docs/operations.md ("Error catalogue").

That the XML answers stayed byte for byte when errors became kinds (issue 21) is pinned by
tests/xml/test_answer_bytes_and_keys.py (test_failure_envelope_bytes, test_failure_envelope_bytes_by_kind,
test_fault_failure_envelope_bytes) and by the exceptionID and reason every operation's tests check."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest
from repo import ROOT

import mockserver
from mockserver.base import errors as domain_errors
from mockserver.base.errors import Kind, WebexError, every_error
from mockserver.controls.faults import FaultRule, InjectedFailure
from mockserver.xml import errors as xml_errors
from mockserver.xml.catalogue import catalogue, catalogue_markdown
from mockserver.xml.errors import ANSWERS, answer, answer_of

OPERATIONS_PAGE = ROOT / "docs" / "operations.md"
XML_ONLY = {xml_errors.ForwardFailed, xml_errors.MalformedRequest, xml_errors.UnknownOperation,
            xml_errors.NotImplementedOperation}
#: what an error of the base layer no longer says: it is the XML face's (mockserver.xml.errors.XmlAnswer)
XML_FACTS = ("exception_id", "certainty", "source", "id_assumed", "bare_envelope", "catalogued", "reason")


@pytest.fixture(scope="module")
def every_class() -> list[type[WebexError]]:
    """Every error class of the package: every module imported first, so that none is missed."""
    for module in pkgutil.walk_packages(mockserver.__path__, "mockserver."):
        if module.name != "mockserver.__main__":
            importlib.import_module(module.name)
    return every_error()


def test_every_error_has_a_kind_a_message_and_an_xml_answer(every_class):
    assert len(every_class) >= 25
    for cls in every_class:
        assert isinstance(cls.kind, Kind) and cls.message, cls
        if cls is InjectedFailure:  # a test's failure: its rule chose the exceptionID
            continue
        assert cls in ANSWERS, f"{cls.__name__} has no XML answer in mockserver/xml/errors.py ANSWERS"
    assert xml_errors.unmapped() == []


def test_every_xml_answer_has_id_certainty_and_source():
    for cls, xml in ANSWERS.items():
        assert len(xml.exception_id) == 6 and xml.exception_id.isdigit(), cls
        assert xml.certainty in xml_errors.CERTAINTIES and xml.source, cls


def test_every_kind_has_a_meaning_and_an_error(every_class):
    used = {cls.kind for cls in every_class}
    for kind in Kind:
        assert kind.meaning and kind in used, kind


def test_base_errors_say_nothing_of_the_xml_wire():
    for cls in every_error():
        if cls.__module__ == domain_errors.__name__:
            assert not [fact for fact in XML_FACTS if hasattr(cls, fact)], cls


def test_the_xml_only_failures_live_in_the_xml_face_and_answer_bare():
    assert {cls for cls, xml in ANSWERS.items() if xml.bare_envelope} == XML_ONLY
    assert all(cls.__module__ == xml_errors.__name__ for cls in XML_ONLY)
    assert not any(hasattr(domain_errors, cls.__name__) for cls in XML_ONLY)


def test_an_error_without_a_kind_or_an_xml_answer_cannot_be(tmp_path):
    """A class without a kind fails where it is defined; one without an XML answer stops the XML face's import (run
    with a bare ``mockserver`` package, whose __init__ would import the XML face before the class is defined)."""
    script = ("import gc, importlib.util, sys, types\n"
              "import pytest\n"
              "package = types.ModuleType('mockserver')\n"
              "package.__path__ = importlib.util.find_spec('mockserver').submodule_search_locations\n"
              "sys.modules['mockserver'] = package\n"
              "from mockserver.base.errors import Kind, WebexError\n"
              "with pytest.raises(TypeError, match='Kindless needs a kind'):\n"
              "    class Kindless(WebexError):\n"
              "        message = 'no kind'\n"
              "gc.collect()  # the refused class is gone\n"
              "class Unanswered(WebexError):\n"
              "    kind, message = Kind.INVALID, 'no XML answer'\n"
              "with pytest.raises(TypeError, match='^no XML answer for Unanswered: add it to ANSWERS$'):\n"
              "    import mockserver.xml.errors\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_real_reasons_are_exact():
    assert domain_errors.IncorrectPassword.message == "Incorrect user or password"
    assert domain_errors.MeetingNotFound.message == "Corresponding Meeting not found"
    assert domain_errors.InvalidSessionTicket.message == "Not a valid session ticket"
    assert domain_errors.MeetingPasswordRequired.message == "Meeting password must not be null"
    assert xml_errors.ForwardFailed.message == "Fail to forward request:null"
    assert domain_errors.SiteNotFound.message == "Failed to get SiteUrl from server"  # OBS, compared exactly


def test_custom_text_keeps_the_answer():
    for cls, xml in ANSWERS.items():
        error = cls("custom")
        assert isinstance(error, WebexError) and error.text == "custom" and answer(error) is xml


def test_a_subclass_answers_as_its_nearest_catalogued_parent():
    assert answer_of(domain_errors.NoUserFound).exception_id == "000015"
    assert answer_of(domain_errors.CallerNotFound).exception_id == answer_of(domain_errors.UserNotFound).exception_id
    assert domain_errors.CallerNotFound.kind is Kind.UNAUTHENTICATED  # the same answer, another kind


def test_a_faults_failure_answers_its_rules_exception_id():
    failure = InjectedFailure(FaultRule("failure", exception_id="000035", reason="down"))
    assert (failure.kind, failure.text) == (Kind.INJECTED, "down")
    xml = answer(failure)
    assert (xml.exception_id, xml.certainty, xml.chosen_by_us) == ("000035", "FAULT", False)
    assert InjectedFailure not in ANSWERS and InjectedFailure not in [cls for cls, _ in catalogue()]


def test_the_docs_are_the_generated_catalogue():
    text = OPERATIONS_PAGE.read_text(encoding="utf-8")
    assert catalogue_markdown() in text, "docs/operations.md: paste `python -m mockserver.xml.catalogue`"
    for cls, xml in catalogue():
        assert f"| `{cls.kind.name}` | {cls.__name__} | `{xml.exception_id}` | {cls.message} |" in text, cls


def test_the_catalogue_prints_without_a_warning():
    done = subprocess.run([sys.executable, "-W", "error", "-m", "mockserver.xml.catalogue"], capture_output=True,
                          text=True, timeout=60, cwd=ROOT)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert done.stdout.strip() == catalogue_markdown()
