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
INVALID = create_meeting("<metaData><confName>x</confName><agenda>" + "a" * 2600 + "</agenda></metaData>").encode()


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


if __name__ == "__main__":
    main()
