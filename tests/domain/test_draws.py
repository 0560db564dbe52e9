"""A new meeting's ids drawn at once are the draws one at a time gave, in the same order: a run with a seed gives
the ids it gave before they were drawn together."""

from __future__ import annotations

from mockserver.domain.store import Store


def test_meeting_ids_are_the_single_draws_in_order() -> None:
    together, alone = Store(seed=7), Store(seed=7)
    for _ in range(200):
        key = alone.new_meeting_key()
        expected = (key, alone.hex(33), "m" + alone.hex(32), alone.hex(32), alone.digits(6),
                    int(alone.digits(9)) + 1_000_000_000, "m" + alone.hex(32))
        assert together.meeting_ids() == expected
    assert together.used_keys == alone.used_keys and len(together.used_keys) == 200


def test_hex_and_digits_are_the_single_draws_in_order():
    together, alone = Store(seed=11), Store(seed=11)
    for chars, count in ((5, 3), (1, 1), (32, 9)):
        assert together.hex_and_digits(chars, count) == (alone.hex(chars), alone.digits(count))
