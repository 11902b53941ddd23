"""The query language: what lawyers type becomes a syntax tree; nothing typed makes it raise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archive.query import (
    MAX_WORK_CLAUSES,
    NO_TAG,
    NOTHING,
    And,
    DateRange,
    Fielded,
    Fuzzy,
    Keyword,
    MatchAll,
    Near,
    Not,
    Or,
    Phrase,
    Wildcard,
    Word,
    bates_range_start,
    canonical_exemption,
    parse_query,
)


@pytest.mark.parametrize(("text", "node"), [
    ("facial recognition", And((Word("facial"), Word("recognition")))),
    ('"facial recognition"', Phrase(("facial", "recognition"))),
    ('"recognition"', Word("recognition", exact=True)),
    ('"facial recognition"~5', Phrase(("facial", "recognition"), slop=5)),
    ('"facial recognition"~9999', Phrase(("facial", "recognition"), slop=9999)),
    ("recogni*", Wildcard("recogni*")),
    ("recognition~", Fuzzy("recognition", 2)),
    ("face~1", Fuzzy("face", 1)),
    ("face w/5 recognition", Near(Word("face"), Word("recognition"), 5)),
    ("DEA pre/3 Microsoft", Near(Word("dea"), Word("microsoft"), 3, ordered=True)),
    ("DEA /3 Microsoft", Near(Word("dea"), Word("microsoft"), 3)),
    ("DEA OR FBI w/5 Microsoft", Near(Or((Word("dea"), Word("fbi"))), Word("microsoft"), 5)),
    ("a b OR c", And((Word("a"), Or((Word("b"), Word("c")))))),
    ("a AND b", And((Word("a"), Word("b")))),
    ("a -b", And((Word("a"), Not(Word("b"))))),
    ("a NOT b", And((Word("a"), Not(Word("b"))))),
    ("(a OR b) c", And((Or((Word("a"), Word("b"))), Word("c")))),
    ("from:jane", Fielded("sender", Word("jane", "sender"))),
    ('subject:"budget meeting"', Fielded("subject", Phrase(("budget", "meeting"), "subject"))),
    ("to:bob@dea.gov", Fielded("to", Phrase(("bob", "dea", "gov"), "to"))),
    ("cc:(b)(6)", Fielded("cc", Phrase(("b", "6"), "cc"))),
    ("to:(b)(7)(C) pilot", And((Fielded("to", Phrase(("b", "7", "c"), "to")), Word("pilot")))),
    ("release:dea-msft", Keyword("release", "dea-msft")),
    ("bates:DEA-MSFT-000123", Keyword("bates", "dea-msft-000123")),
    ("bates:DEA-MSFT-0001*", Keyword("bates", "dea-msft-0001", prefix=True)),
    ('bates:"PEMB  SCB 0045847"', Keyword("bates", "pemb scb 0045847")),  # the search reads it as stamped
    ("date:2018-11", DateRange("2018-11", "2018-11\uffff")),
    ("date:[2017-09 to 2018-12]", DateRange("2017-09", "2018-12\uffff")),
    ("date:[2018 to *]", DateRange("2018", "")),
    ("before:2018-11-13", DateRange("", "2018-11-13")),
    ("after:2018", DateRange("2018\uffff", "")),
    ("date:11/13/2018", DateRange("2018-11-13", "2018-11-13\uffff")),
    ('date:"Nov 13, 2018"', DateRange("2018-11-13", "2018-11-13\uffff")),
    ('date:"November 2018"', DateRange("2018-11", "2018-11\uffff")),
    ("date:2016-02-29", DateRange("2016-02-29", "2016-02-29\uffff")),
    ("exemption:(b)(6)", Keyword("exemption", "(b)(6)")),
    ("exemption:(b)(7)(C)", Keyword("exemption", "(b)(7)(c)")),
    ("exemption:7(1)(c)", Keyword("exemption", "7(1)(c)")),
    ("exemption:6", Keyword("exemption", "(b)(6)")),
    ("(exemption:(b)(6) OR a)", Or((Keyword("exemption", "(b)(6)"), Word("a")))),
    ("face w/ 5 recognition", Near(Word("face"), Word("recognition"), 5)),
    ("face W/ 5 recognition", Near(Word("face"), Word("recognition"), 5)),
    ("DEA pre/ 3 Microsoft", Near(Word("dea"), Word("microsoft"), 3, ordered=True)),
    ("face w/1000 recognition", Near(Word("face"), Word("recognition"), 1000)),
    ("author:jane", Fielded("sender", Word("jane", "sender"))),
    ("subj:budget", Fielded("subject", Word("budget", "subject"))),
    ("from:-jane", Not(Fielded("sender", Word("jane", "sender")))),
    ("-from:jane", Not(Fielded("sender", Word("jane", "sender")))),
    ('a -"b c"', And((Word("a"), Not(Phrase(("b", "c")))))),
    ('a +"b c"', And((Word("a"), Phrase(("b", "c"))))),
    ("a -(b OR c)", And((Word("a"), Not(Or((Word("b"), Word("c"))))))),
    ("a -release:dea-msft", And((Word("a"), Not(Keyword("release", "dea-msft"))))),
    ("e-mail", Phrase(("e", "mail"))),
    ("not privileged", And((Word("not"), Word("privileged")))),  # no term before: the word itself
    ('a "or" b', And((Word("a"), Word("or", exact=True), Word("b")))),
    ("http://example.com", Phrase(("http", "example", "com"))),
    ("", MatchAll()),
    ("*", MatchAll()),
])
def test_parses(text, node):
    parsed = parse_query(text)
    assert parsed.node == node
    assert parsed.messages == ()


@pytest.mark.parametrize("printed", ["b6", "(b)(6)", "(b) (6)", "B6", "Exemption 6", "ex. 6", "b 6"])
def test_every_printed_form_of_an_exemption_is_one_code(printed):
    assert canonical_exemption(printed) == "(b)(6)"
    assert parse_query(f'exemption:"{printed}"').node == Keyword("exemption", "(b)(6)")


def test_b7_covers_its_subparagraphs_and_b7c_is_exact():
    assert parse_query("exemption:b7").node == Keyword("exemption", "(b)(7)", prefix=True)
    assert parse_query("exemption:b7c").node == Keyword("exemption", "(b)(7)(c)")


@pytest.mark.parametrize("slop", ["10000", "99999999999999999999", "9" * 1900])
def test_a_phrase_slop_wider_than_any_email_is_its_words_anywhere(slop):
    parsed = parse_query(f'"facial recognition"~{slop} drone')
    both = (Word("facial", exact=True), Word("recognition", exact=True))
    assert parsed.node == And((*both, Word("drone")))
    assert parsed.terms == ("facial", "recognition", "drone")
    assert any("farther than any two words" in m for m in parsed.messages)


@pytest.mark.parametrize(("text", "fragment"), [
    ('"facial recognition', "never closed"),
    ("(a OR b", '"(" is never closed'),
    ("a ) b", 'closes no "("'),
    ("date:last-tuesday", "could not read the date"),
    ("date:2018-02-30", "there is no date"),
    ("date:[2018 to", "never closed"),
    ("exemption:zz9", "not an exemption code"),
    ("a w/s b", "approximated as within 20 words"),
    ("a w/p b", "approximated"),
    ("a w/0 b", "read as w/1"),  # (was silently read so)
    ("a pre/0 b", "read as pre/1"),
    ("w/5 b", "with nothing before it"),
    ("a w/5", "needs words on both sides"),
    ("from:jane w/5 b", "works between words"),
    ("a OR", 'ignored "OR"'),
    ("NOT", 'ignored "NOT"'),
    ("a \x00 b", "control characters"),
    ("word " * 3000, "characters long"),
    ("x~9", "at most 2"),
    ("recognition~9999", "at most 2"),
    ("recognition~" + "9" * 5000, "at most 2"),
    ('"a b"~123456', "farther than any two words"),
    ("/ : //", "no letters or digits"),
])
def test_what_is_not_understood_gets_a_specific_message(text, fragment):
    parsed = parse_query(text)
    assert any(fragment in m for m in parsed.messages), parsed.messages


@pytest.mark.parametrize(("text", "node", "fragment"), [
    # Lexis connectors and Westlaw habits: lowercase or/and/not between terms are operators
    ("face or drone", Or((Word("face"), Word("drone"))), 'read "or" as an operator'),
    ("face not drone", And((Word("face"), Not(Word("drone")))), 'read "not" as an operator'),
    ("face and not drone", And((Word("face"), Not(Word("drone")))), 'read "and", "not" as operators'),
    ("bcc:jane", Fielded("cc", Word("jane", "cc")), "Cc and Bcc recipients together"),
    # the index splits addresses at "@" and ".": a leading wildcard adds nothing
    ("from:*@microsoft.com", Fielded("sender", Phrase(("microsoft", "com"), "sender")),
     'searched for "microsoft com" together'),
    ("from:j*@microsoft.com", And((Fielded("sender", Wildcard("j*", "sender")),
                                   Fielded("sender", Word("microsoft", "sender", exact=True)),
                                   Fielded("sender", Word("com", "sender", exact=True)))),
     "not necessarily together"),
    ("a w/10000 b", And((Word("a"), Word("b"))), "anywhere in the email"),
    ("date:2018-02-30", MatchAll(), "February 2018 has 28 days"),
    ("a date:2018-04-31", Word("a"), "April 2018 has 30 days"),
    ("date:[2018-01 to 2018-02-30]", MatchAll(), "February 2018 has 28 days"),
    ("date:2018-13", MatchAll(), "there is no month 13"),
    ("foo:bar", Phrase(("foo", "bar")), 'there is no field "foo:"'),
])
def test_what_a_litigator_types_is_done_or_said(text, node, fragment):
    """GIVEN a query as Westlaw and Lexis users type it WHEN parsed THEN it means what they
    meant, or a message says plainly what was searched instead."""
    parsed = parse_query(text)
    assert parsed.node == node
    assert any(fragment in m for m in parsed.messages), parsed.messages


def test_backwards_range_is_swapped_and_said():
    parsed = parse_query("date:[2019 to 2017]")
    assert parsed.node == DateRange("2017", "2019\uffff")
    assert "swapped" in parsed.messages[0]


def test_terms_to_highlight_are_the_words_typed():
    assert parse_query('"Facial Recognition" OR drones -budget').terms == ("facial", "recognition", "drones", "budget")


QUERY_PIECES = st.sampled_from(list('ab "()[]{}:/~*?-+\\\x00\n\t') + [
    "w/5", "pre/2", "OR", "AND", "NOT", "date:", "from:", "bates:", "exemption:", "w/s", " ", "2018-11"])


@settings(max_examples=300, deadline=None)
@given(st.lists(QUERY_PIECES, max_size=40).map("".join) | st.text(max_size=200))
def test_any_input_parses_without_raising(text):
    parsed = parse_query(text)
    assert all(isinstance(m, str) and m for m in parsed.messages)


def test_huge_and_deeply_nested_input_is_bounded():
    parsed = parse_query("(" * 5000 + "a" + ")" * 5000)
    assert any("nested" in m for m in parsed.messages)
    parsed = parse_query(" OR ".join(f"w{i}" for i in range(5000)))
    assert any("characters long" in m or "first 200" in m for m in parsed.messages)


@pytest.mark.parametrize(("text", "node"), [
    ("NOT " * 490 + "harbor", Word("harbor")),
    ("NOT " * 497 + "harbor", Not(Word("harbor"))),
    ("NOT NOT -harbor", Not(Word("harbor"))),
])
def test_a_run_of_nots_is_read_as_one_or_none_not_nested_hundreds_deep(text, node):
    """GIVEN hundreds of NOTs in a row (2,000 characters allow 500) WHEN parsed THEN they cancel in
    pairs, and the tree stays shallow: one nested 490 deep broke hashing it (RecursionError, a 500)."""
    parsed = parse_query(text)
    assert parsed.node == node and hash(parsed.node) is not None
    assert any("NOTs in a row" in m for m in parsed.messages)


def test_a_query_takes_a_bounded_number_of_note_and_tag_clauses_and_says_so():
    """GIVEN a query of 100 note: and tag: clauses (each a lookup in the reader's work product)
    and a word, one clause negated
    WHEN it is parsed
    THEN nothing is searched (a tag no one can name) and the message names the limit and how to
    split it: keeping the first clauses dropped a "-tag:privileged" past them, which widened the
    search to the records it excluded; within the limit every clause is kept"""
    parsed = parse_query(" ".join(f"note:w{n} tag:t{n}" for n in range(50)) + " -tag:privileged facial")
    assert parsed.node == Keyword("tag", NO_TAG)
    assert [m for m in parsed.messages if "note:" in m] == [
        f'a search takes at most {MAX_WORK_CLAUSES} "note:" and "tag:" clauses and this one has 101: nothing was '
        "searched; split it into several searches"]
    within = parse_query(" ".join(f"tag:t{n}" for n in range(MAX_WORK_CLAUSES - 1)) + " -tag:privileged")
    assert isinstance(within.node, And) and Not(Keyword("tag", "privileged")) in within.node.children
    assert not [m for m in within.messages if "note:" in m]


@pytest.mark.parametrize(("typed", "node"), [
    ("(b)(6)", Keyword("exemption", "(b)(6)")),
    ("(b)(7)(C)", Keyword("exemption", "(b)(7)(c)")),
    ("(b)(6) OR (b)(5)", Or((Keyword("exemption", "(b)(6)"), Keyword("exemption", "(b)(5)")))),
    ("((b)(6) OR (b)(5))", Or((Keyword("exemption", "(b)(6)"), Keyword("exemption", "(b)(5)")))),
    ("-(b)(6)", Not(Keyword("exemption", "(b)(6)"))),
])
def test_a_bare_exemption_code_is_the_code(typed: str, node: object) -> None:
    """A code typed as printed, without a field, is what is withheld under it (was "b" AND "6"
    anywhere: a name's initial B and a clock's 6 matched); said so, and quoted it is the printed
    words; a bracketed group of words is still a group."""
    parsed = parse_query(typed)
    assert parsed.node == node
    assert any("exemption:" in message for message in parsed.messages)
    assert parse_query('"(b)(6)"').node == Phrase(("b", "6"))
    assert parse_query("(b OR c) 6").node == And((Or((Word("b"), Word("c"))), Word("6")))


@pytest.mark.parametrize(("typed", "stamps"), [
    ("bates:DEA-MSFT-000043–45", ["dea-msft-000043", "dea-msft-000044", "dea-msft-000045"]),
    ('bates:"DEA-MSFT-000099 – DEA-MSFT-000101"', ["dea-msft-000099", "dea-msft-000100", "dea-msft-000101"]),
    ("bates:[AGY 0045846 to AGY 0045847]", ["agy 0045846", "agy 0045847"]),  # (searched as stamped)
    ("bates:AGY-SCB0045846-47", ["agy-scb0045846", "agy-scb0045847"]),
    # a litigation production's stamp: digits and a bracketed part before its number
    ("bates:19-cv-4048(FBI)-1824\u201326", ["19-cv-4048(fbi)-1824", "19-cv-4048(fbi)-1825", "19-cv-4048(fbi)-1826"]),
    ("bates:[19-cv-4048(FBI)-1824 to 19-cv-4048(FBI)-1825]", ["19-cv-4048(fbi)-1824", "19-cv-4048(fbi)-1825"]),
    # a suffixed production's range, as its citation prints it or typed short
    ("bates:HBR-000024-S\u2013HBR-000026-S", ["hbr-000024-s", "hbr-000025-s", "hbr-000026-s"]),
    ("bates:HBR-000024-S-25-S", ["hbr-000024-s", "hbr-000025-s"]),
    # ... and a short prefix printed again at a range's end is no suffix
    ("bates:X-001-X-003", ["x-001", "x-002", "x-003"]), ("bates:AB-000123-AB-000124", ["ab-000123", "ab-000124"]),
])
def test_a_bates_range_as_a_citation_prints_it_is_every_stamp_of_it(typed: str, stamps: list[str]) -> None:
    """A range pasted from a citation found nothing (one stamp "dea-msft-000043–45" was looked
    for); its end's digits are filled from the start's, and the result says so."""
    parsed = parse_query(typed)
    assert parsed.node == Or(tuple(Keyword("bates", stamp) for stamp in stamps))
    assert any("stamps" in message for message in parsed.messages)


@pytest.mark.parametrize("typed", ["bates:ABC-2019-000123", "bates:X-001-999999", "bates:DEA-MSFT-000045",
                                   "bates:HBR-000024-S", "bates:HBR-000024-S-HBR-000026-R",
                                   "bates:A" + "-1-ab" * 390 + "-"])  # (past any range's length: read as typed)
def test_a_stamp_with_a_hyphen_between_numbers_is_one_stamp(typed: str) -> None:
    assert isinstance(parse_query(typed).node, Keyword)


def test_a_stamp_with_a_bracketed_part_is_one_value_unquoted() -> None:
    """GIVEN a stamp printing brackets ("19-cv-4048(FBI)-1824", the FBI's in litigation) typed
    unquoted after bates:, alone or in a group WHEN parsed THEN it is that one stamp (its brackets
    were read as a group: nothing found, and nothing said); a bare number range names no stamps."""
    assert parse_query("bates:19-cv-4048(FBI)-1824").node == Keyword("bates", "19-cv-4048(fbi)-1824")
    assert parse_query("(bates:19-cv-4048(FBI)-1824 OR memo)").node == Or(
        (Keyword("bates", "19-cv-4048(fbi)-1824"), Word("memo")))
    assert not isinstance(parse_query("bates:100-200").node, Or)


@pytest.mark.parametrize(("typed", "stamps", "said"), [
    ("bates:[DEA-MSFT-000057 to DEA-MSFT-000057]", ["dea-msft-000057"], "as the one stamp DEA-MSFT-000057"),
    ("bates:DEA-MSFT-000057\u201357", ["dea-msft-000057"], "as the one stamp DEA-MSFT-000057"),
    ("bates:[DEA-MSFT-000058 to DEA-MSFT-000056]", ["dea-msft-000056", "dea-msft-000057", "dea-msft-000058"],
     "runs backwards; searched it from its lower end"),
    ("bates:{DEA-MSFT-000056 to DEA-MSFT-000057}", ["dea-msft-000056", "dea-msft-000057"], "as the 2 stamps"),
    # a short end rolls over, as a citation's range does ("000198–02" ends at 000202)
    ("bates:DEA-MSFT-000198\u201302", [f"dea-msft-000{n}" for n in range(198, 203)], "as the 5 stamps"),
])
def test_a_bates_range_of_one_stamp_or_typed_backwards_is_searched_and_said(typed: str, stamps: list[str], said: str) -> None:
    """GIVEN a Bates range whose ends are one stamp, or typed high end first, or in braces WHEN
    parsed THEN its stamps are searched, and the result says how it was read (was: searched as one
    literal stamp no page prints: nothing found, nothing said)."""
    parsed = parse_query(typed)
    assert parsed.node == Or(tuple(Keyword("bates", stamp) for stamp in stamps))
    assert any(said in message for message in parsed.messages)
    assert bates_range_start(typed.removeprefix("bates:")) == stamps[0].upper()


@pytest.mark.parametrize("typed", ["bates:[DEA-MSFT-000056 to *]", "bates:[* to DEA-MSFT-000002]",
                                   "bates:[DEA-MSFT-000001 to CPD-000009]", "bates:[DEA-MSFT-000056 to DEA-MSFT-000058}"])
def test_a_bates_range_not_understood_is_said_and_matches_nothing(typed: str) -> None:
    """GIVEN a bracketed Bates range with an open end or two prefixes WHEN parsed THEN it is said to be
    no range we can read, and it matches nothing: no literal stamp is looked up (was: nothing found,
    nothing said), nor is the clause dropped (the search widened, to the whole archive where it was
    the query's one clause, and the export with it)."""
    parsed = parse_query(typed)
    assert parsed.node == NOTHING  # (dropped, the search widened to the whole archive)
    assert any("is no Bates range we can read" in message and "matches nothing" in message for message in parsed.messages)


@pytest.mark.parametrize(("typed", "stamps"), [
    ("bates:[000159 to 000161]", ["000159", "000160", "000161"]),  # a production stamped with numbers alone
    ("bates:000159\u2013161", ["000159", "000160", "000161"]),  # ... as its citation prints the range
    ("bates:HBR-000024-S\u201326", ["hbr-000024-s", "hbr-000025-s", "hbr-000026-s"]),  # a suffix typed at the start alone
    ("bates:[HBR-000024-S to 26]", ["hbr-000024-s", "hbr-000025-s", "hbr-000026-s"]),
    ("HBR-000024-S\u2013HBR-000025-S", ["hbr-000024-s", "hbr-000025-s"]),  # a citation's pinpoint pasted bare
    ("DEA-MSFT-000043\u201345", ["dea-msft-000043", "dea-msft-000044", "dea-msft-000045"]),
])
def test_the_bates_ranges_a_citation_prints_are_searched_as_stamps(typed: str, stamps: list[str]) -> None:
    """GIVEN a Bates range as the site's citations print it (numbers alone, a suffixed stamp's), typed
    after bates: or pasted bare WHEN parsed THEN its stamps are searched (was: one literal stamp no
    page prints, or the words alone: nothing found, nothing said)."""
    parsed = parse_query(typed)
    ranges = [n for n in (parsed.node.children if isinstance(parsed.node, Or) else ()) if isinstance(n, Or)]
    found = ranges[0] if ranges else parsed.node
    assert found == Or(tuple(Keyword("bates", stamp) for stamp in stamps))
    assert parsed.messages


def test_a_texas_section_typed_covers_its_subsections_not_another_section() -> None:
    """GIVEN "exemption:552.117" WHEN parsed THEN it finds the section and its subsections
    ("552.117(a)(1)"), as b7 covers (b)(7)(C), and not the section 552.1175 (a prefix would)."""
    assert parse_query("exemption:552.117").node == Or(
        (Keyword("exemption", "552.117"), Keyword("exemption", "552.117(", prefix=True)))
    assert parse_query("exemption:552.117(a)(1)").node == Keyword("exemption", "552.117(a)(1)")


@pytest.mark.parametrize("typed", ["HBR-000024-S", "DEA-MSFT-000043"])
def test_a_stamp_typed_bare_is_searched_as_a_bates_number_too(typed: str) -> None:
    """GIVEN a stamp typed bare, a suffixed one among them ("HBR-000024-S") WHEN parsed THEN it is
    searched as text and as that stamp, and said (was: the suffixed stamp as words alone)."""
    parsed = parse_query(typed)
    assert isinstance(parsed.node, Or) and Keyword("bates", typed.lower()) in parsed.node.children
    assert any("as a Bates number" in m for m in parsed.messages)
    assert not isinstance(parse_query("2019\u20132020").node, Or)  # (years, no stamps)


def test_one_stamp_in_a_ranges_brackets_is_that_stamp() -> None:
    """GIVEN one Bates stamp typed in a range's brackets WHEN parsed THEN that stamp is searched
    (a range's end alone is no range to refuse)."""
    assert parse_query("bates:[DEA-MSFT-000056]").node == Keyword("bates", "dea-msft-000056")


@pytest.mark.parametrize("typed", ["face~-1", "face~1.5", "face~+1"])
def test_a_fuzzy_count_with_a_sign_or_a_fraction_is_read_as_whole_differences(typed: str) -> None:
    """GIVEN a fuzzy word whose count has a sign or a fraction WHEN parsed THEN it is fuzzy, one
    difference, and said (was: the word and the number searched as a phrase: nothing found, nothing said)."""
    parsed = parse_query(typed)
    assert parsed.node == Fuzzy("face", 1, "body")
    assert any("counts whole differences" in message for message in parsed.messages)


def test_a_bates_range_is_searched_up_to_a_thousand_stamps() -> None:
    parsed = parse_query("bates:DEA-MSFT-000001–9999")
    assert isinstance(parsed.node, Or) and len(parsed.node.children) == 1000
    assert any("more than 1,000" in message for message in parsed.messages)


def test_the_bates_ranges_of_one_query_name_a_thousand_stamps_in_all() -> None:
    """Each stamp of a range is looked up: 125 ranges of 900 stamps each, 2,000 characters, cost
    the site five seconds a search, uncached and unthrottled. GIVEN ranges naming more than 1,000
    stamps in all WHEN parsed THEN the stamps past the thousandth are not searched, said once."""
    parsed = parse_query("bates:QZX0000-0599 bates:QZX1000-1599 " + " ".join(f"bates:QZX{i}000-{i}899" for i in range(2, 9)))
    stamps = [c for c in parsed.node.children if isinstance(c, Or)] if isinstance(parsed.node, And) else []
    assert [len(r.children) for r in stamps] == [600, 400]
    assert any("spans more than 400 stamps with the ranges before it" in m for m in parsed.messages)
    assert sum("it and every range after it match nothing" in m for m in parsed.messages) == 1


@pytest.mark.parametrize(("text", "node", "said"), [
    ("date:11/05/2018", DateRange("2018-11-05", "2018-11-05\uffff"),
     'read "11/05/2018" month first, as November 5, 2018; for May 11, 2018 type 2018-05-11'),
    ("date:13/11/2018", DateRange("2018-11-13", "2018-11-13\uffff"),
     'read "13/11/2018" day first, as November 13, 2018: there is no month 13'),
    ("before:04/03/2018", DateRange("", "2018-04-03"),
     'read "04/03/2018" month first, as April 3, 2018; for March 4, 2018 type 2018-03-04'),
    ("date:[01/02/2018 to 2018-03]", DateRange("2018-01-02", "2018-03\uffff"),
     'read "01/02/2018" month first, as January 2, 2018; for February 1, 2018 type 2018-02-01'),
])
def test_a_date_typed_with_slashes_that_reads_either_way_says_how_it_was_read(text, node, said):
    """GIVEN a date typed as 11/05/2018, November 5 to a US lawyer and 11 May to others, or as
    13/11/2018 WHEN searched THEN it is read month first (US releases' order) or, with no such
    month, day first, and the result says which, with how to type the other reading: never a
    silent guess (13/11/2018 was dropped from the search, which then matched every date)."""
    parsed = parse_query(text)
    assert parsed.node == node
    assert parsed.messages == (said,)


def test_a_date_typed_with_slashes_that_reads_one_way_says_nothing():
    for text in ("date:11/13/2018", "date:05/05/2018", "date:2018-11-05"):
        assert parse_query(text).messages == (), text


@pytest.mark.parametrize("typed", ["from:redacted", "to:[redacted]", "cc:Withheld"])
def test_a_party_searched_as_redacted_says_how_a_withheld_name_is_found(typed):
    """GIVEN the site showing a withheld sender as "[redacted (b)(6)]" WHEN a lawyer searches
    from:redacted THEN the word is searched as printed (a page may print it), and the result says
    that a withheld name is found by the code it was withheld under (it found nothing, saying
    nothing: read as "no email from a withheld sender")."""
    field, _, word = typed.partition(":")
    parsed = parse_query(typed)
    target = {"from": "sender"}.get(field, field)
    assert parsed.node == Fielded(target, Word(word.strip("[]").lower(), target))
    assert any(f"{field}:(b)(6)" in m and "withheld under" in m for m in parsed.messages), parsed.messages
