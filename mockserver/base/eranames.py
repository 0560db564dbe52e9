"""The names of the XML API eras a site may answer in (what each era answers: :mod:`mockserver.domain.eras`),
here so the configuration can check ``--era`` as it checks ``--fidelity``."""

from __future__ import annotations

#: the era of the captures the answers follow (GetAPIVersion "WebEx XML API V10.0.0")
CLASSIC = "classic"
#: with what Cisco added in XML API 40-42 (reference §41)
API42 = "api42"
ERAS = (CLASSIC, API42)
DEFAULT = CLASSIC


def check_era(value: object) -> str:
    """``value`` if it names an era, else ValueError naming the eras."""
    if not isinstance(value, str) or value not in ERAS:
        raise ValueError(f"era must be one of {', '.join(ERAS)}, not {value!r}")
    return value
