"""What stubs and faults cost a call, as ratios to a seed CreateMeeting measured in the same run.

    python3 benchmarks/bench_stubs.py

In-process ``XMLService.handle`` (no HTTP), best of N: a CreateMeeting with a namespace full of stubs and faults
of other operations (at most ``controls.matching.MAX_RULES`` a kind), with as many stubs of its own operation whose
``where`` does not hold, and a GetMeeting answered by a stub whose body is ``controls.stubs.MAX_STUB_BODY_BYTES``.
"""

from __future__ import annotations

from harness import machine, per_call, report
from webex import create_meeting, message, sample

from mockserver.controls.faults import FaultSet
from mockserver.controls.matching import MAX_RULES
from mockserver.controls.stubs import MAX_STUB_BODY_BYTES, StubSet
from mockserver.controls.tenancy import Tenancy
from mockserver.domain.sites import load_seed_dicts
from mockserver.faces import check_fault, check_stub
from mockserver.xml.namespaces import NS
from mockserver.xml.service import XMLService

SEED = sample("seed-createmeeting-request.xml")
KEY = "<meet:meetingkey>42</meet:meetingkey>"
GET = message("meeting.GetMeeting", "<meetingKey>1</meetingKey>")
FAILURE = ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<serv:message xmlns:serv="{NS["serv"]}"><serv:header><serv:response><serv:result>FAILURE</serv:result>'
           "<serv:reason>{reason}</serv:reason><serv:gsbStatus>PRIMARY</serv:gsbStatus>"
           "<serv:exceptionID>000015</serv:exceptionID></serv:response></serv:header><serv:body><serv:bodyContent/>"
           "</serv:body></serv:message>")


def main() -> None:
    print(machine())
    service = XMLService()
    tenant = Tenancy(load_seed_dicts(None), random_seed=1).get()

    def call(body: bytes | str, stubs: StubSet, faults: FaultSet) -> None:
        service.handle(body if isinstance(body, bytes) else body.encode(), "text/xml", tenant.store, faults,
                       tenant.fidelity, stubs)

    empty_stubs, empty_faults = StubSet(), FaultSet()
    for _ in range(200):  # warm up: the first calls load what later ones reuse
        call(SEED, empty_stubs, empty_faults)
    baseline = per_call(lambda: call(SEED, empty_stubs, empty_faults), 300)
    others, other_faults = StubSet(), FaultSet()
    for n in range(MAX_RULES):
        others.add(check_stub, operation="GetMeeting", bodyContent=KEY, where={"meetingKey": str(n)})
        other_faults.add(check_fault, action="failure", operation="GetUser")
    same = StubSet()
    for n in range(MAX_RULES):
        same.add(check_stub, operation="CreateMeeting", bodyContent=KEY, where={"metaData/confName": f"x{n}"})
    big = StubSet()
    reason = "x" * (MAX_STUB_BODY_BYTES - len(FAILURE) + len("{reason}"))
    big.add(check_stub, operation="GetMeeting", body=FAILURE.replace("{reason}", reason))
    plain = create_meeting()
    report("A call with stubs and faults", "seed CreateMeeting, no rules", baseline, [
        ("CreateMeeting (the request below), no rules", per_call(lambda: call(plain, empty_stubs, empty_faults), 300)),
        (f"CreateMeeting, {MAX_RULES} stubs and {MAX_RULES} faults of other operations",
         per_call(lambda: call(SEED, others, other_faults), 300)),
        (f"CreateMeeting, {MAX_RULES} stubs of CreateMeeting whose where fails",
         per_call(lambda: call(plain, same, empty_faults), 100)),
        (f"GetMeeting answered by a stub of {MAX_STUB_BODY_BYTES} bytes",
         per_call(lambda: call(GET, big, empty_faults), 100)),
    ])


if __name__ == "__main__":
    main()
