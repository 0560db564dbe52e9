"""The XML API face (``POST /WBXService/XMLService``): it parses and renders; the domain decides.

A call runs ``decoding`` (the document's text) -> ``intake`` (operation, credentials, normalised payload) ->
``service`` (faults, dispatch, ``schema`` validation, authentication, the handler in ``operations/`` or a stub
from ``stubs``) -> ``render`` and ``envelope`` (answers in the XSD's order, byte for byte; a FAILURE's exceptionID
from ``errors``). ``namespaces``: each service's XML namespace prefixes; ``xsd``: the one model of the XSDs under
``schemas/``; ``catalogue``: the error tables of docs/operations.md.
"""
