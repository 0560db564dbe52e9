"""``python -m mockserver`` with its two create handlers free, for ``bench_plumbing.py``.

XML CreateMeeting and REST ``POST /v1/meetings`` each run for real once, then answer that first answer again (the
REST one with the title sent, as a WireMock stub echoes it) and store nothing: no rules, no store, no answer made.
Everything around them runs as in the mock: uvicorn, the endpoint, the namespace, the fast intake and its XSD
check, authentication, faults and stubs, the payload read (XML) and the JSON read into its model (REST), the journal
and the send. What such a server costs an answer is what the mock costs around its handlers: the part of an answer
no handler, however lean, saves.
"""

from __future__ import annotations

import sys
from typing import Any

from mockserver import cli
from mockserver.rest import routes
from mockserver.rest.calls import Answer, Call
from mockserver.rest.models import MeetingIn
from mockserver.xml.operations.registry import OPERATIONS

_first: dict[str, Any] = {}


def _free(name: str, real: Any) -> Any:
    def answer(*args: Any) -> Any:
        if name not in _first:
            _first[name] = real(*args)
        return _first[name]
    return answer


def _rest_free(real: Any) -> Any:
    first = _free("rest", real)

    def answer(call: Call) -> Answer:
        sent = call.json(MeetingIn)  # a REST create reads its body, whatever it does next
        made: Answer = first(call)
        return Answer(made.status, {**made.body, "title": sent.title}, made.headers)  # the title echoed, as a stub
    return answer


def main() -> int:
    route = next(each for each in routes.ROUTES if each.name == "POST /meetings")
    object.__setattr__(route, "handler", _rest_free(route.handler))
    create = OPERATIONS["meeting.CreateMeeting"]
    object.__setattr__(create, "handler", _free("xml", create.handler))
    return cli.main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
