"""The Webex Meetings REST API face (``/v1/…``): JSON in, JSON out, on the same store as the XML API.

:mod:`.endpoint` is the ASGI app (namespace, body, bearer token, dispatch, journal), :mod:`.routes` the operations
and their paths, :mod:`.meetings` and :mod:`.people` the handlers, :mod:`.models` the request models (msgspec),
:mod:`.shapes` the answers, :mod:`.errors` the error answers. It never imports :mod:`mockserver.xml`
(docs/architecture.md); docs/rest.md says what it implements.
"""
