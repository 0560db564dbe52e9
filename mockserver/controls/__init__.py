"""What a test sets or reads and the request path consults: ``tenancy`` (namespaces: one isolated mock each),
``faults``, ``stubs`` (with what both share in ``matching``) and the ``journal``. Face-neutral: the face of an
operation checks and renders what is face-specific (:mod:`mockserver.faces`).
"""
