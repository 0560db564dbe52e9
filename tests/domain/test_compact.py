"""A meeting's extension held as its differences from the first of its shape (mockserver.domain.compact): exactly
what was stored reads back, small when it repeats the reference, deflated when its differences are long."""

import marshal

from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.domain import compact

leaves = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                   st.text(max_size=30))
values = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                      max_leaves=20)


def exact(data):
    """What marshal writes for ``data``: equal only when the types are equal too (``True`` is not ``1``)."""
    return marshal.dumps(data, compact.MARSHAL_VERSION)


def test_a_meeting_like_its_reference_is_held_in_a_few_bytes_and_reads_back_exactly():
    reference = {"accessControl": {"meetingPassword": "pass123", "listToPublic": "true"},
                 "participants": {"attendees": {"attendee": [{"contactID": "255512575", "role": "ATTENDEE"}]}},
                 "schedule": {"startDate": "05/31/2004 10:10:10", "duration": "60", "note": "x" * 400}}
    compact.encode(reference)
    changed = marshal.loads(exact(reference))
    changed["participants"]["attendees"]["attendee"][0]["contactID"] = "490912345"
    held = compact.encode(changed)
    assert len(held) < 80
    assert exact(compact.decode(held)) == exact(changed)
    assert exact(compact.decode(compact.encode(reference))) == exact(reference)


def test_types_read_back_as_stored_where_equal_values_differ_in_type():
    reference = {"rest": {"enabled": 1, "minutes": 5, "ratio": 1.0, "flags": [0, 1]}}
    compact.encode(reference)
    same_values = {"rest": {"enabled": True, "minutes": 5.0, "ratio": 1, "flags": [False, True]}}
    assert same_values == reference  # equal to Python: only the types differ
    decoded = compact.decode(compact.encode(same_values))
    assert exact(decoded) == exact(same_values)
    assert decoded["rest"]["enabled"] is True


def test_long_differences_are_deflated_and_read_back():
    reference = {"participants": {"attendees": []}, "metaData": {"agenda": ""}}
    compact.encode(reference)
    many = {"participants": {"attendees": [{"email": f"person{n}@example.com", "name": f"Person {n}"}
                                           for n in range(50)]}, "metaData": {"agenda": "a" * 900}}
    held = compact.encode(many)
    assert held[:1] == b"z"
    assert len(held) < len(exact(many)) // 3
    assert exact(compact.decode(held)) == exact(many)


def test_shapes_past_the_references_are_deflated_whole(monkeypatch):
    monkeypatch.setattr(compact, "MAX_REFERENCES", len(compact._references))
    data = {"a shape no meeting had": {"value": "v" * 200}, "and": [1, True, None]}
    held = compact.encode(data)
    assert held[:1] == b"w"
    assert exact(compact.decode(held)) == exact(data)


def test_blocks_that_grow_or_shrink_against_the_reference_read_back():
    reference = {"block": "abc" * 20, "other": ["x"]}
    compact.encode(reference)
    for block in ("abc" * 40, "abc", "", "abc" * 19 + "ab", "zz" + "abc" * 20, "abc" * 20 + "abc"):
        data = {"block": block, "other": ["x"]}
        assert compact.decode(compact.encode(data)) == data, block


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(["accessControl", "metaData", "schedule", "telephony"]), values, min_size=1),
       st.dictionaries(st.sampled_from(["accessControl", "metaData", "schedule", "telephony"]), values, min_size=1))
def test_any_extension_reads_back_exactly_whatever_came_first(first, second):
    for data in (first, second):
        assert exact(compact.decode(compact.encode(data))) == exact(data)


@settings(max_examples=60, deadline=None)
@given(st.lists(values, min_size=3, max_size=3), st.lists(values, min_size=3, max_size=3),
       st.lists(values, min_size=2, max_size=2), st.integers(0, 1))
def test_blocks_fixed_but_some_encode_as_the_whole(reference, planned, varying_values, long_one):
    """A plan's meetings (mockserver.domain.plans) encode their blocks against the reference's with the fixed ones'
    differences found once (compact.fixed): the same bytes as compact.encode, for varying blocks equal to the
    reference's, differing, and long enough to deflate."""
    keys = ("a", "varying1", "b", "varying2", "c")
    first = dict(zip(keys, [reference[0], None, reference[1], None, reference[2]], strict=True))
    compact.encode(first)
    kind = dict(zip(keys, [planned[0], "x", planned[1], "y", planned[2]], strict=True))
    blocks = [exact(value) for value in kind.values()]
    known = compact.fixed(keys, tuple(blocks), (1, 3))
    assert known is not None
    for one, other in ((None, None), tuple(varying_values), ("z" * 800 * long_one, varying_values[1])):
        data = {**kind, "varying1": one, "varying2": other}
        made = list(blocks)
        made[1], made[3] = exact(one), exact(other)
        held = compact.encode_fixed(known, made)
        assert held == compact.encode(data)
        assert exact(compact.decode(held)) == exact(data)
