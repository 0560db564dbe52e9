"""The base: plain kinds every layer may use and none of which knows a wire format's shape beyond its own.

``errors`` (the error kinds, and the errors rules raise), ``fidelity`` (fidelity notes and modes), ``redact``
(secrets masked), ``bodies`` (bounded request bodies), ``jsondoc`` (JSON documents read safely and checked against a
dataclass). Imports nothing else of the package but ``config`` and ``resources`` (docs/architecture.md).
"""
