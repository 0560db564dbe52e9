"""The state machine of docs/time.md ("Meetings that happen") as pure functions: an occurrence's, a series' and an
instance's state from the clock and the instances, and what the XML face shows."""

from __future__ import annotations

from mockserver.domain.happenings import Happenings, Instance, instance_number
from mockserver.domain.meetingstate import Occurrence, occurrence_state, seen, xml_status

S, E = 1_800_000_000, 1_800_001_800  # an occurrence from S to E (epoch seconds)
MS = 1000


def test_a_later_occurrence_is_scheduled_until_the_one_before_ends_then_ready_then_missed():
    later = Occurrence(S, E, S - 86_400 + 1800, False)
    assert occurrence_state(later, [], (S - 86_400) * MS).state == "scheduled"
    assert occurrence_state(later, [], (S - 86_400 + 1800) * MS).state == "ready"
    assert occurrence_state(later, [], E * MS).state == "missed"


def test_an_occurrence_whose_instance_runs_past_its_end_is_ready_until_it_ends():
    first = Occurrence(S, E, None, True)
    overrun = Instance("1", S, S * MS, S * MS, (E + 600) * MS, ("ann@example.com",))
    assert occurrence_state(first, [overrun], (E + 300) * MS) == ("ready", True, True)
    assert occurrence_state(first, [overrun], (E + 600) * MS).state == "ended"


def test_attendees_without_the_host_are_in_the_lobby_unless_they_may_join_before_the_host():
    lobby = Instance("1", S, S * MS, None, None, ("ann@example.com",))
    assert lobby.state_at(S * MS) == "lobby"
    assert Instance("2", S, S * MS, None, None, ("ann@example.com",), open=True).state_at(S * MS) == "inProgress"
    assert xml_status([lobby], S * MS) == ("INPROGRESS", False, True)
    assert xml_status([lobby], (S - 1) * MS) == ("NOT_INPROGRESS", False, False)


def test_the_lists_see_an_instance_as_it_was_a_lag_earlier():
    done = Instance("1", S, S * MS, S * MS, (S + 600) * MS)
    assert seen(done, (S + 899) * MS, 900) is None
    assert seen(done, (S + 900) * MS, 900) == "inProgress"
    assert seen(done, (S + 1500) * MS, 900) == "ended"


def test_instance_numbers_have_18_digits_and_grow_with_time():
    numbers = [instance_number(S * MS, 1), instance_number(S * MS, 2), instance_number((S + 1) * MS, 1)]
    assert [len(n) for n in numbers] == [18, 18, 18] and numbers == sorted(numbers, key=int)


def test_the_state_is_kept_and_read_back_whole():
    happened = Happenings(run_as_scheduled=True, lag_s=60)
    happened.put("acme", 123456789, Instance("1", S, S * MS, S * MS, None, ("ann@example.com",)))
    again = Happenings.from_state(happened.state())
    assert again.state() == happened.state() and again.of("acme", 123456789)[0].attendees == ("ann@example.com",)
