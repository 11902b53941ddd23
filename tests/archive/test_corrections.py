"""Which of a person's corrections on one copy of a message are offered on another
(archive/corrections.py ``corrected_on_copy``): what both copies print alike and read otherwise,
never what one of them withholds or prints less of."""

from __future__ import annotations

import pytest

from archive.corrections import corrected_on_copy

JANE = {"name": "Jane Roe", "address": "jroe@harbor.example.gov", "redactions": []}
JOHN = {"name": "John Doe", "address": "jdoe@harbor.example.gov", "redactions": []}


def _values(**changes):
    values = {"sender": JANE, "to": [JOHN], "cc": [],
              "date": {"sent": "2019-03-04T15:20:00+00:00", "certainty": "exact"},
              "subject": {"subject": "Pier permits", "normalized": "pier permits"}, "exemptions": []}
    return values | changes


def _offered(here, theirs, gave=("sender", "to", "cc", "date", "subject")):
    return corrected_on_copy(here, theirs, here_gave=(), theirs_gave=gave)


def test_a_field_a_person_corrected_there_that_reads_otherwise_here_is_offered() -> None:
    here = _values(sender={**JANE, "name": "Jane Rae"}, subject={"subject": "Pier pernits", "normalized": "x"})
    assert _offered(here, _values()) == ("sender", "subject")
    assert _offered(here, _values(), gave=("subject",)) == ("subject",)  # only what a person gave there
    assert corrected_on_copy(here, _values(), here_gave=("subject",), theirs_gave=("sender", "subject")) == (
        "sender",)  # a person's value here stands
    assert _offered(_values(subject={"subject": "PIER  permits", "normalized": "x"}), _values()) == ()  # case, spaces


@pytest.mark.parametrize(("here", "theirs"), [
    # a subject one release withholds, a party one release boxes
    (_values(), _values(subject={"subject": "Pier permits for (b)(6)", "normalized": "x"})),
    (_values(subject={"subject": "Pier permits for (b)(6)", "normalized": "x"}), _values(subject={
        "subject": "Pier permits for Jane Roe", "normalized": "x"})),
    (_values(to=[{**JOHN, "redactions": ["(b)(6)"]}]), _values(to=[{**JOHN, "name": "John Dee"}])),
    # the other copy prints less: its sender without the address, fewer recipients
    (_values(sender={**JANE, "name": "Jane Rae"}), _values(sender={**JANE, "address": ""})),
    (_values(to=[{**JOHN, "name": "John Dee"}, JANE]), _values(to=[JOHN])),
    # a day without the time, a time without the zone this one prints
    (_values(date={"sent": "2019-03-05T15:20:00+00:00", "certainty": "exact"}),
     _values(date={"sent": "2019-03-04", "certainty": "exact"})),
    (_values(date={"sent": "2019-03-04T15:20:00+00:00", "certainty": "exact"}),
     _values(date={"sent": "2019-03-04T10:20:00", "certainty": "exact"})),
    # a subject this copy does not print (a quoted copy's short header)
    (_values(subject={"subject": "", "normalized": ""}), _values()),
])
def test_what_either_copy_withholds_or_prints_less_of_is_never_offered(here, theirs) -> None:
    assert _offered(here, theirs) == ()


def test_a_date_printed_in_another_zone_is_compared_as_the_moment_it_names() -> None:
    here = _values(date={"sent": "2019-03-04T10:20:00-05:00", "certainty": "exact"})
    assert _offered(here, _values()) == ()  # 15:20 UTC: the same moment
    assert _offered(_values(date={"sent": "2019-03-04T11:20:00-05:00", "certainty": "exact"}), _values()) == ("date",)


def test_two_peoples_readings_that_disagree_are_told_apart_from_a_correction_to_offer() -> None:
    here = _values(subject={"subject": "Pier permits, phase 3", "normalized": "x"})
    theirs = _values(subject={"subject": "Pier permits, phase 2", "normalized": "x"})
    both = {"here_gave": ("subject",), "theirs_gave": ("subject",)}
    assert corrected_on_copy(here, theirs, **both) == ()  # a person's value here stands: nothing to offer
    assert corrected_on_copy(here, theirs, **both, disputed=True) == ("subject",)
    assert corrected_on_copy(here, here, **both, disputed=True) == ()  # they agree
    assert corrected_on_copy(here, theirs, here_gave=(), theirs_gave=("subject",), disputed=True) == ()
