"""CreateMeeting request path vs a plain lxml parse of the same bytes (the baseline)."""

from __future__ import annotations

from harness import per_call, report
from lxml import etree
from webex import create_meeting, sample

from mockserver import intake
from mockserver.service import XMLService
from mockserver.sites import load_seed
from mockserver.store import Store

SEED = sample("seed-createmeeting-request.xml")
PLAIN = create_meeting(root="message").encode()  # parseable by plain lxml
#: plain lxml refuses the sample's unbound ``serv:`` prefix unless it recovers (which costs about the same)
SAME_BYTES_PARSER = etree.XMLParser(recover=True)
INVALID = create_meeting("<metaData><confName>x</confName><agenda>" + "a" * 2600 + "</agenda></metaData>").encode()


def create_vs_parse() -> tuple[float, float]:
    """Seconds for one in-process seed CreateMeeting and for one lxml parse of the same bytes (goal: <= 13x)."""
    service = XMLService()
    store = Store.from_sites(load_seed(), seed=1)
    service.handle(SEED, "text/xml", store)  # load what the first call loads
    create = per_call(lambda: service.handle(SEED, "text/xml", store), 1000)
    return create, per_call(lambda: etree.fromstring(SEED, SAME_BYTES_PARSER), 2000)


def report_create_vs_parse() -> None:
    create, parse = create_vs_parse()
    report("CreateMeeting vs the same bytes (goal: <= 13x)", "lxml parse of the seed request", parse,
           [("CreateMeeting end to end (seed)  ", create)])


def main() -> None:
    service = XMLService()
    store = Store.from_sites(load_seed(), seed=1)
    schema = service.schema
    call = intake.read(SEED, "text/xml")
    schema.explainer()  # load xmlschema before timing
    invalid_call = intake.read(INVALID, "text/xml")
    baseline = per_call(lambda: etree.fromstring(PLAIN), 2000)
    rows = [
        ("intake (decode, parse, normalise) ", per_call(lambda: intake.read(SEED, "text/xml"), 2000)),
        ("lxml XSD validation              ", per_call(lambda: schema._validator.validate(call.message), 2000)),
        ("xmlschema validation (fail path) ",
         per_call(lambda: list(schema.explainer().iter_errors(invalid_call.message)), 50)),
        ("CreateMeeting end to end (seed)  ", per_call(lambda: service.handle(SEED, "text/xml", store), 1000)),
        ("refused CreateMeeting (agenda)   ", per_call(lambda: service.handle(INVALID, "text/xml", store), 100)),
        ("wrong password                   ",
         per_call(lambda: service.handle(SEED.replace(b"passw0rd", b"nope"), "text/xml", store), 1000)),
    ]
    report("CreateMeeting path (in-process, no HTTP)", "lxml parse of a small request", baseline, rows)
    report_create_vs_parse()


if __name__ == "__main__":
    main()
