"""The REST API face (``/v1/...``): empty until the REST issue fills it.

It plugs in beside the XML face (docs/architecture.md, "Adding a face"): its endpoint in
:class:`mockserver.app.MockApp`, its operation names and stub check in :mod:`mockserver.faces`, its parsing and
rendering here, on the same domain. It never imports :mod:`mockserver.xml`, nor the XML face it.
"""
