"""The encoded form of a meeting's extension (:mod:`.records`): one bytes object, small, exact, cheap to make.

Most meetings repeat the first meeting of their shape (the same blocks in the same order) almost byte for byte:
the rules fill in the same defaults. So an extension is held as its differences from that reference:

* each top-level block is marshalled (format 2: the bytes depend on the data alone) and compared with the
  reference's block, byte for byte, so what reads back is exactly what was stored (``True`` stays ``True``, never
  ``1``);
* a block that differs is held as (its place, the bytes it shares with the reference's block at the start and at
  the end, the bytes between): a changed password or attendee costs the few bytes around it;
* the differences, marshalled, are deflated only when they are long (an attendee list, say), against the
  reference's bytes.

A deflate stream per meeting cost little in a loop but about 70 µs of each CreateMeeting over HTTP (its state, some
24 KB, is allocated and copied per call; docs/benchmarks.md). The references live as long as the process: held
bytes never leave it (the state file writes meetings decoded).
"""

from __future__ import annotations

import marshal
import threading
import zlib
from typing import Any

#: marshal format 2 writes every string in full, never as a reference to an equal one seen before (format 3 on):
#: its bytes depend on the data alone, not on which strings happen to be one object, so a meeting made by a call
#: and the same meeting read back from JSON encode alike
MARSHAL_VERSION = 2
#: shapes (top-level keys in order) given a reference; a meeting of any further shape is deflated whole
MAX_REFERENCES = 256
#: differences longer than this (marshalled bytes) are deflated
DEFLATE_OVER = 320

_DIFFERENCES, _DEFLATED, _WHOLE = b"d", b"z", b"w"
#: deflate settings: a 4 KiB window holds the reference and the differences; a small hash table allocates fast
_WINDOW_BITS, _MEMORY_LEVEL = -12, 2


class _Reference:
    """The first extension of a shape: its blocks' bytes, and a compressor and decompressor primed with them, made
    when first needed (about 40 KB of zlib state a shape; most shapes never deflate)."""

    def __init__(self, keys: tuple[str, ...], blocks: list[bytes]) -> None:
        self.keys = keys
        self.blocks = tuple(blocks)
        self._primed: tuple[zlib._Compress, zlib._Decompress] | None = None

    @property
    def compressor(self) -> zlib._Compress:
        return (self._primed or self._prime())[0]

    @property
    def decompressor(self) -> zlib._Decompress:
        return (self._primed or self._prime())[1]

    def _prime(self) -> tuple[zlib._Compress, zlib._Decompress]:
        primer = b"".join(self.blocks)[-(1 << -_WINDOW_BITS):]
        with _lock:
            if self._primed is None:
                self._primed = (zlib.compressobj(1, zlib.DEFLATED, _WINDOW_BITS, _MEMORY_LEVEL,
                                                 zlib.Z_DEFAULT_STRATEGY, primer),
                                zlib.decompressobj(_WINDOW_BITS, primer))
        return self._primed


_lock = threading.Lock()
_numbers: dict[tuple[str, ...], int] = {}
_references: list[_Reference] = []
#: for a shape past MAX_REFERENCES: deflated whole, against the first such extension
_whole: _Reference | None = None


def encode(data: dict[str, Any]) -> bytes:
    return encode_blocks(data, [marshal.dumps(value, MARSHAL_VERSION) for value in data.values()])


def encode_blocks(data: dict[str, Any], blocks: list[bytes]) -> bytes:
    """:func:`encode` of ``data`` whose values, marshalled (MARSHAL_VERSION), are ``blocks`` (a caller that has
    most of them marshalled already marshals only the rest)."""
    keys = tuple(data)
    number = _numbers.get(keys)
    if number is None:
        number = _referenced(keys, blocks)
        if number is None:
            return _WHOLE + _deflated(_whole_reference(blocks), marshal.dumps(data, MARSHAL_VERSION))
    reference = _references[number].blocks
    return _held_differences(number, tuple((place, *_spliced(block, reference[place]))
                                           for place, block in enumerate(blocks) if block != reference[place]))


def _held_differences(number: int, changed: tuple[tuple[int, int, int, bytes], ...]) -> bytes:
    """The held form of the blocks of reference ``number`` that differ from it (``changed``, in place order)."""
    differences = marshal.dumps((number, changed), MARSHAL_VERSION)
    if len(differences) > DEFLATE_OVER:
        return _DEFLATED + _deflated(_references[number], differences)
    return _DIFFERENCES + differences


class Fixed:
    """What :func:`encode_blocks` finds of extensions of one shape whose blocks are the same but at ``varying``
    places (a planned meeting's: :mod:`.plans`): the other blocks' differences from the reference, found once."""

    __slots__ = ("number", "changed", "varying")

    def __init__(self, number: int, changed: dict[int, tuple[int, int, int, bytes]], varying: tuple[int, ...]) -> None:
        self.number, self.changed, self.varying = number, changed, varying


def fixed(keys: tuple[str, ...], blocks: tuple[bytes, ...], varying: tuple[int, ...]) -> Fixed | None:
    """:class:`Fixed` of extensions with these ``keys`` and ``blocks`` but at ``varying`` places (None: their shape
    has no reference, and :func:`encode_blocks` is to be used)."""
    number = _numbers.get(keys)
    if number is None:
        return None
    reference = _references[number].blocks
    return Fixed(number, {place: (place, *_spliced(block, reference[place])) for place, block in enumerate(blocks)
                          if place not in varying and block != reference[place]}, varying)


def encode_fixed(known: Fixed, blocks: list[bytes]) -> bytes:
    """:func:`encode_blocks` of an extension of ``known``'s shape, whose blocks are ``blocks``."""
    reference = _references[known.number]
    changed = known.changed
    for place in known.varying:
        if blocks[place] != reference.blocks[place]:
            changed = {**changed, place: (place, *_spliced(blocks[place], reference.blocks[place]))}
    return _held_differences(known.number, tuple(changed[place] for place in sorted(changed)))


def decode(held: bytes) -> Any:
    kind = held[:1]
    if kind == _WHOLE:
        assert _whole is not None, "deflated whole only after the reference was made"
        return marshal.loads(_whole.decompressor.copy().decompress(held[1:]))
    if kind == _DEFLATED:
        number = int.from_bytes(held[1:3], "big")
        differences = _references[number].decompressor.copy().decompress(held[3:])
    else:
        differences = held[1:]
    number, changed = marshal.loads(differences)
    reference = _references[number]
    blocks = list(reference.blocks)
    for place, start, end, middle in changed:
        shared = blocks[place]
        blocks[place] = shared[:start] + middle + shared[len(shared) - end:]
    return dict(zip(reference.keys, map(marshal.loads, blocks), strict=True))


def _spliced(block: bytes, reference: bytes) -> tuple[int, int, bytes]:
    """(bytes shared at the start, bytes shared at the end, the bytes of ``block`` between): the two ends found
    by XOR-ing the bytes as one big number each way, so in C, in linear time."""
    length = min(len(block), len(reference))
    start = _shared(block[:length], reference[:length], "big")
    end = min(_shared(block[len(block) - length:], reference[len(reference) - length:], "little"), length - start)
    return start, end, block[start:len(block) - end]


def _shared(one: bytes, other: bytes, order: Any) -> int:
    """How many bytes of two equally long byte strings are equal, from the first (``big``) or the last (``little``)."""
    differing = int.from_bytes(one, order) ^ int.from_bytes(other, order)
    return len(one) - (differing.bit_length() + 7) // 8


def _deflated(reference: _Reference, data: bytes) -> bytes:
    compressor = reference.compressor.copy()
    number = b"" if reference is _whole else _numbers[reference.keys].to_bytes(2, "big")
    return number + compressor.compress(data) + compressor.flush()


def _referenced(keys: tuple[str, ...], blocks: list[bytes]) -> int | None:
    with _lock:
        number = _numbers.get(keys)
        if number is None and len(_references) < MAX_REFERENCES:
            _references.append(_Reference(keys, blocks))
            number = _numbers[keys] = len(_references) - 1
    return number


def _whole_reference(blocks: list[bytes]) -> _Reference:
    global _whole
    with _lock:
        if _whole is None:
            _whole = _Reference((), blocks)
    return _whole
