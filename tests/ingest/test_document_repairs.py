"""OCR misreadings repaired against what the same document prints cleanly and often.

All names and addresses are fictional.
"""

from __future__ import annotations

import pytest

from archive.model import Party
from ingest.emails import emails_from_pages
from ingest.headers import Correspondents, damaged_address, parse_parties, settle_subjects

KEVIN = Party("Kevin Marsh", "kevin.marsh@example.com")
PRIYA = Party("Priya Raman", "priya.raman@example.com")


def _known(*parties: Party) -> Correspondents:
    return Correspondents.learn(parties)


# --- Correspondents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "party"),
    [
        # an address OCR could not read, a name printed cleanly with one address elsewhere
        ("Priya Raman <priya. ae rerneott com>", PRIYA),
        ("Kevin Marsh <kevin. Marsh@microsate com>", KEVIN),
        ("Kevin Marsh <kevin.marsh@exarnple.com>", KEVIN),  # well formed, one letter off
        # a name OCR misread, its address printed cleanly with the right name elsewhere
        ("Kevin-Marsh <kevin.marsh@example.com>", KEVIN),
        ("Priya Rathan <priya.raman@example.com>", PRIYA),
        # no repair: a different address, a name printed with no address, a redacted address
        ("Kevin Marsh <kevin@home.net>", Party("Kevin Marsh", "kevin@home.net")),
        ("Kevin Marsh", Party("Kevin Marsh")),
        ("Kevin Marsh <(b)(6)@example.com>", Party("Kevin Marsh", "", ("(b)(6)",))),
        ("Megan Cho <megan. ch rerneott>", Party("Megan Cho")),  # no trusted address for her
        # a different name on a known address is a different printing, not a misreading
        ("Marsh, Kevin <kevin.marsh@example.com>", Party("Marsh, Kevin", "kevin.marsh@example.com")),
    ],
)
def test_parties_are_repaired_against_the_documents_correspondents(raw: str, party: Party) -> None:
    known = _known(KEVIN, KEVIN, PRIYA, PRIYA, Party("Megan Cho", "megan.cho@example.com"))
    assert parse_parties(raw, known) == (party,)


def test_a_pair_printed_once_is_not_trusted() -> None:
    known = _known(KEVIN)
    assert known.address_for("Kevin Marsh", "kevin. marsh@microsate com") == ""
    assert known.name_for("Kevin-Marsh", "kevin.marsh@example.com") == "Kevin-Marsh"


def test_one_text_layer_printing_is_trusted() -> None:
    known = Correspondents.learn([], trusted=[KEVIN])
    assert known.address_for("Kevin Marsh", "kevin. marsh@microsate com") == "kevin.marsh@example.com"


def test_a_name_with_two_trusted_addresses_is_not_guessed() -> None:
    other = Party("Kevin Marsh", "kevin.marsh@example.org")
    known = _known(KEVIN, KEVIN, other, other)
    assert known.address_for("Kevin Marsh", "kevin. marsh@exarnple com") == ""


def test_a_name_that_reuses_a_known_word_is_not_a_misreading() -> None:
    """GIVEN "Kevin Marsh" trusted on an address, and "Kevin Walsh" printed elsewhere
    WHEN "Kevin Walsh" is printed with that address THEN it is kept: it is another name."""
    known = _known(KEVIN, KEVIN, Party("Kevin Walsh", "kw@example.net"),
                   Party("Kevin Walsh", "kevin.marsh@example.com"))
    assert known.name_for("Kevin Walsh", "kevin.marsh@example.com") == "Kevin Walsh"
    assert known.name_for("Kevin Rnarsh", "kevin.marsh@example.com") == "Kevin Marsh"


def test_an_address_printed_once_repairs_a_damaged_one_of_the_same_name() -> None:
    """OCR failure of faxed prints: GIVEN a thread whose two messages each print every
    address once, one reading whole and one damaged (a space inside, a top-level domain
    no mail system has) WHEN parsed against the document THEN the damaged reading takes
    the whole one; a well-formed reading is left alone, and another name's damaged
    address gets only its domain repaired."""
    known = Correspondents.learn([Party("Daniel Okafor", "dokafor@dcc.example.gov"),
                                  Party("Daniel Okafor", "dokafor@dcc.example.goy")])
    okafor = Party("Daniel Okafor", "dokafor@dcc.example.gov")
    assert parse_parties("Daniel Okafor <dokafor@dcc.example.goy>", known) == (okafor,)
    assert parse_parties("Daniel Okafor <dokafor@dcc. exarnple.gov>", known) == (okafor,)
    assert parse_parties("Daniel Okafor <d.okafor@dcc.example.gov>", known) == (
        Party("Daniel Okafor", "d.okafor@dcc.example.gov"),)
    assert parse_parties("Rita Sandoval <rs@dcc.example.goy>", known) == (  # only its domain
        Party("Rita Sandoval", "rs@dcc.example.gov"),)


def test_a_damaged_reading_does_not_repair_itself() -> None:
    """GIVEN the only printing of a name is a reading OCR broke with a space (whole once
    the space is gone, but wrong) and one other well-formed address WHEN it is parsed
    THEN the other printing is taken, not its own reading made whole."""
    known = Correspondents.learn([Party("Rita Sandoval", "rsandd6val@kell-county.xample.gov"),
                                  Party("Rita Sandoval", "rsandoval@kell-county.example.gov")])
    assert known.address_for("Rita Sandoval", "rsandd6val@kell-county. xample.gov") == (
        "rsandoval@kell-county.example.gov")


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        ("Ruiz, Ana <ruiz@agency.golt>", "ruiz@agency.gov"),  # the top-level domain misread
        ("ruiz@agency.gowt", "ruiz@agency.gov"),
        ("ruiz@agency.gov", "ruiz@agency.gov"),
        ("ruiz@mail.example", "ruiz@mail.example"),  # nothing printed whole is close to it
    ],
)
def test_a_damaged_domain_takes_the_domain_the_document_prints_whole(raw: str, address: str) -> None:
    """OCR failure of addresses: GIVEN a document printing "agency.gov" whole in other
    addresses WHEN an address's domain is damaged (no such top-level domain) THEN it is
    read as that domain; its local part is left as printed."""
    known = _known(Party("Jane Roe", "roe@agency.gov"), Party("", "other@clintonmail.example.com"))
    assert [party.address for party in parse_parties(raw, known)] == [address]


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        ("ruiz@agencygov", "ruiz@agency.gov"),  # the dot before a common top-level domain lost
        ("'ruiz@agency_gov'", "ruiz@agency.gov"),  # ... or read as another mark
        ("Ruiz <ruiz@agency.gok>", "ruiz@agency.gov"),  # one letter of it misread
        ("ruiz@mail.corn", "ruiz@mail.com"),  # "m" read as "rn"
        ("ruiz@agency.govi", "ruiz@agency.gov"),  # the closing bracket read as a letter
        ("ruiz@campus", "ruiz@campus"),  # not a two-letter domain's lost dot
        ("ruiz@agency.uz", "ruiz@agency.uz"),  # a real top-level domain
        ("ruiz@agency.gqz", "ruiz@agency.gqz"),  # close to none
    ],
)
def test_the_end_of_an_address_is_mended_where_one_reading_fits(raw: str, address: str) -> None:
    """OCR failure of addresses, with no help from the rest of the document."""
    assert [party.address for party in parse_parties(raw)] == [address]


@pytest.mark.parametrize(
    ("raw", "address"),
    [
        ("Kim Hale <khale@dharborview-health.example.org>", "khale@harborview-health.example.org"),  # a speck as a letter
        ("Kim Hale <khale@harborview--health.example.org>", "khale@harborview-health.example.org"),  # a mark doubled
        ("Kim Hale <khale@harborview-health-example.org>", "khale@harborview-health.example.org"),  # a dot read as a dash
        ("Kim Hale <khale@harborview-heaIth.example.org>", "khale@harborview-health.example.org"),  # a letter misread
        ("Kim Hale <khale@harborview-wealth.example.org>", "khale@harborview-wealth.example.org"),  # printed twice
        ("Kim Hale <khale@usds.gov>", "khale@usds.gov"),  # a short domain may be another agency's (usda.gov)
        ("Kim Hale <khale@county.example.org>", "khale@county.example.org"),  # a letter lost: no glyph misread
    ],
)
def test_a_well_formed_domain_a_glyph_from_the_one_the_document_prints_most_is_read_as_it(raw: str, address: str) -> None:
    """OCR failure of scanned prints: GIVEN a document whose addresses print "harborview-health.example.org"
    many times WHEN one address reads a domain a glyph from it, printed nowhere else in the document
    ("dharborview-", "harborview--health", "-example.org", "heaIth") THEN it is read with the document's
    domain (was: a well-formed address no one has, kept as read); a domain printed twice, a short one
    (two agencies' may be a letter apart) or one a letter from it that is no glyph's misreading
    ("county" and "country") is another's, and stays."""
    known = _known(*(Party(name, f"{name.split()[0].lower()}@harborview-health.example.org") for name in
                     ("Ann Roe", "Bo Doe", "Cy Moss", "Di Park")),
                   *(Party("Eve Lee", "elee@harborview-wealth.example.org") for _ in range(2)),
                   *(Party(name, f"{name.split()[0].lower()}@usda.gov") for name in ("Ann Roe", "Bo Doe", "Cy Moss")),
                   *(Party(name, f"{name.split()[0].lower()}@country.example.org") for name in ("Ann Roe", "Bo Doe", "Cy Moss")))
    assert [party.address for party in parse_parties(raw, known)] == [address]


def test_a_domain_close_to_two_printed_domains_is_not_guessed() -> None:
    known = _known(Party("Jane Roe", "roe@north-agency.gov"), Party("Pat Poe", "poe@south-agency.gov"))
    assert [party.address for party in parse_parties("ruiz@outh-agency.goxx", known)] == ["ruiz@outh-agency.goxx"]
    known = _known(Party("Jane Roe", "roe@north-agency.gov"))
    assert [party.address for party in parse_parties("ruiz@outh-agency.goxx", known)] == ["ruiz@north-agency.gov"]


@pytest.mark.parametrize(
    ("value", "damaged"),
    [
        ("Rita Sandoval <rsandd6val@kell-county. xample.gov>", True),  # a space inside
        ("Daniel Okafor <dokafor@dcc.example.gqz>", True),  # no such top-level domain
        ("Daniel Okafor <dokafor", True),  # cut short
        ("Tom Webb [mailto:t.webb@ex ample.org]", True),
        ("Daniel Okafor <dokafor@dcc.example.gov>", False),
        ("Okafor, Daniel <dokafor@dcc.example.gov>; Rita Sandoval <rs@kc.example.gov>", False),
        ("Daniel Okafor <(b)(6)>", False),  # redacted, not damaged
        ("Daniel Okafor", False),  # no address printed
    ],
)
def test_damaged_addresses_are_told_from_whole_and_redacted_ones(value: str, damaged: bool) -> None:
    assert damaged_address(value) is damaged


# --- Subjects ----------------------------------------------------------------------------------


def test_misread_subjects_take_the_reading_printed_most() -> None:
    subjects = ["Workshop agenda - April 3", "RE: Workshop agenda - April 3",
                "RE: Workshop agenda - apn 3", "Workshop agenda -- April 3"]
    assert settle_subjects(subjects) == ["Workshop agenda - April 3", "RE: Workshop agenda - April 3",
                                         "RE: Workshop agenda - April 3", "Workshop agenda - April 3"]


@pytest.mark.parametrize(
    "other",
    [
        "Workshop agenda - April 4",  # other digits: another subject
        "Workshop agenda - April 3 (revised)",  # more than a misreading adds
        "Workshop agenda - April 3",  # printed once: no better supported than the reading
    ],
)
def test_subjects_that_differ_otherwise_are_kept(other: str) -> None:
    subjects = [other, other, "Workshop agenda - apn 3"] if other != "Workshop agenda - April 3" else [
        other, "Workshop agenda - apn 3"]
    assert settle_subjects(subjects) == subjects


def test_a_subject_that_reuses_a_printed_word_is_another_subject() -> None:
    """GIVEN "Status call notes" twice and "Status plan notes" once, "plan" printed elsewhere
    THEN "Status plan notes" is not taken for a misreading."""
    subjects = ["Status call notes", "Status call notes", "Status plan notes", "Pilot plan"]
    assert settle_subjects(subjects) == subjects


def test_a_light_copys_f_read_as_t_on_several_printings_is_still_a_misreading() -> None:
    """OCR failure of light copies (a real release re-printed light): GIVEN a subject printed
    five times, twice with "for" read "tor" the same way WHEN settled THEN those read as the
    subject ("tor", printed by two readings, was taken for a word of another subject); one that
    adds a word stays as read."""
    right, wrong = "FW: Project Lists for Harbor Areas", "FW: Project Lists tor Harbor Areas"
    subjects = [right, right, right, wrong, wrong + " now", "Lists tor sale"]
    assert settle_subjects(subjects)[3:5] == [right, "FW: Project Lists tor Harbor Areas now"]


def test_a_long_subject_a_light_copy_misread_a_glyph_a_word_is_still_a_misreading() -> None:
    """OCR failure of light and faxed copies: GIVEN a long subject printed thrice, and once with
    five glyphs misread across its words ("PEMB" as "PFMB", "Harbor" as "Harhcr", "Areas" as
    "Arecs") WHEN settled THEN that one reads as the subject (three changed glyphs were the most
    a misreading changed, however long the subject); a short subject so changed, and a long one
    that adds a word, stay as read."""
    right = "PEMB Project Lists for Harbor Neighborhoods Now Areas"
    subjects = [right, right, right, "RE: PFMB Project Lists for Harhcr Neighborhoods Now Arecs"]
    assert settle_subjects(subjects)[3] == "RE: " + right
    assert settle_subjects([right] * 3 + [right + " plus"])[3] == right + " plus"
    short = ["Harbor Areas", "Harbor Areas", "Harbor Areas", "Hcrhcr Arecs"]
    assert settle_subjects(short) == short


def test_a_text_layer_subject_outweighs_ocr_readings_and_is_never_changed() -> None:
    subjects = ["Azure Government - new AI services availability",
                "RE: Azure Government - new Al services availability",
                "Azure Government - new Al services availability"]
    settled = settle_subjects(subjects, repairable=[False, True, True])
    assert settled == [subjects[0], "RE: " + subjects[0], subjects[0]]
    misread = subjects[2]
    assert settle_subjects([misread, misread, misread, subjects[0]], [False, True, True, True]) == [misread] * 4


# --- A whole document ------------------------------------------------------------------------------


def _header(sender: str, to: str, subject: str) -> str:
    return (f"From: {sender}\nSent: Friday, March 9, 2018 9:02 AM\nTo: {to}\n"
            f"Subject: {subject}\n\nBody.\n")


PAGES = [
    _header("Kevin Marsh <kevin.marsh@example.com>", "Priya Raman <priya.raman@example.com>",
            "Proof of concept proposal"),
    _header("Priya Raman <priya.raman@example.com>", "Kevin Marsh <kevin.marsh@example.com>",
            "RE: Proof of concept proposal"),
    _header("Priya Rathan <priya.raman@example.com>",
            "Kevin-Marsh <kevin.marsh@example.com>; Priya Raman <priya. ae rerneott com>",
            "RE: Proof of concept propesal"),
]


def test_emails_from_pages_repairs_ocr_headers_against_the_document() -> None:
    records, _ = emails_from_pages(PAGES, [None] * 3)
    last = records[2]
    assert last.sender == PRIYA
    assert last.to == (KEVIN, PRIYA)
    assert last.subject == "RE: Proof of concept proposal"
    assert last.normalized_subject == "proof of concept proposal"


def test_emails_from_pages_leaves_text_layer_headers_as_printed() -> None:
    records, _ = emails_from_pages(PAGES, [None] * 3, ocr_pages={1})
    last = records[2]
    assert last.sender == Party("Priya Rathan", "priya.raman@example.com")
    assert last.to == (Party("Kevin-Marsh", "kevin.marsh@example.com"), Party("Priya Raman"))
    assert last.subject == "RE: Proof of concept propesal"


@pytest.mark.parametrize(("printed", "known", "names"), [
    # a list that prints its names "Last, First": the full stop is the comma
    ("Ellis, Dana J.; Okafor. Daniel", (), ["Ellis, Dana J.", "Okafor, Daniel"]),
    ("Ellis, Dana J.: Okafor. Daniel", (), ["Ellis, Dana J.", "Okafor, Daniel"]),  # and its ";" read ":"
    # a name alone, printed with its comma elsewhere in the document
    ("Okafor. Daniel", (Party("Okafor, Daniel"),), ["Okafor, Daniel"]),
    ("Okafor. Daniel A", (Party("Okafor, Daniel A"),), ["Okafor, Daniel A"]),
    # nothing shows the style, a title, a name printed given name first
    ("Okafor. Daniel", (), ["Okafor. Daniel"]),
    ("Mrs. Okafor; Roe, Jane", (), ["Mrs. Okafor", "Roe, Jane"]),
    ("Cmdr. Daniel Okafor", (Party("Okafor, Daniel"),), ["Cmdr. Daniel Okafor"]),
])
def test_a_comma_read_as_a_full_stop_in_a_last_first_name(printed: str, known: tuple[Party, ...],
                                                            names: list[str]) -> None:
    """OCR failure, a light copy (commas lose their tails): "Okafor. Daniel"-like names (was a
    party named with the full stop, and "Ellis, Dana J.: Okafor. Daniel" one party)."""
    assert [party.name for party in parse_parties(printed, Correspondents.learn(known))] == names


def _thread(names: list[str]) -> str:
    """A scanned thread whose quoted headers print their Cc: as given, one header each."""
    return "\n".join(f"From: Okafor, Dana\nSent: Friday, March {9 - n}, 2018 9:02 AM\nTo: Roe, Jane\nCc: {name}\n"
                     f"Subject: RE: Harbor permits\n\nNote {n}.\n" for n, name in enumerate(names))


@pytest.mark.parametrize(("printed", "read"), [
    # one printing misread among four printed alike: the document's own headers mend it
    (["Okafor, Daniel J.", "Okafor, Daniel J.", "Okafor, Danie! J.", "Okafor, Daniel J."], "Okafor, Daniel J."),
    # a letter inside a word read as others asks for six (release_names.LETTER_SUPPORT)
    (["Doe, Edna"] * 2 + ["Doe, Eclna"] + ["Doe, Edna"] * 4, "Doe, Edna"),
    (["Doe, Edna"] * 2 + ["Doe, Eclna"] + ["Doe, Edna"] * 2, "Doe, Eclna"),
    # never into a misreading printed more often, nor a full stop alone (Correspondents' to restore)
    (["Kent, Dar!a D", "Kent, Dar!a D", "Kent, Darla D", "Kent, Dar!a D"], "Kent, Darla D"),
    (["Kent, Mary K", "Kent, Mary K", "Kent, Mary K.", "Kent, Mary K"], "Kent, Mary K."),
    # two names printed twice each: no witness outnumbers the other
    (["Smith, Jon", "Smith, Jon", "Smith, Jan", "Smith, Jan"], "Smith, Jan"),
])
def test_a_name_misread_once_in_a_thread_takes_its_other_printings(printed: list[str], read: str) -> None:
    """OCR failure of a long scanned thread: each header prints its parties again, and OCR
    misreads one printing ("Danie! J.", "Eclna") the others print right (three at least, twice as
    many: release_names.py's rule, each header a witness). The third header is looked at."""
    records, _ = emails_from_pages([_thread(printed)], [None])
    assert [party.name for party in records[2].cc] == [read]


@pytest.mark.parametrize(("raw", "address"), [
    ("Lara Kessler <ikessler@health.example.org>", "lkessler@health.example.org"),  # l read i
    ("Lara Kessler <lara.kess1er@health.example.org>", "lara.kessler@health.example.org"),  # its dot kept
    ("Lara Kessler <lkessler@health.example.org>", "lkessler@health.example.org"),  # spelled already
    ("Lara Kessler <lkesslern@health.example.org>", "lkesslern@health.example.org"),  # no glyph misread
    ("Lara Kessler <press@health.example.org>", "press@health.example.org"),  # a mailbox no name spells
    ("Ines Abbot <labbot@health.example.org>", "labbot@health.example.org"),  # printed once: which is misread?
])
def test_an_address_a_glyph_from_the_one_its_name_spells_is_read_as_spelled(raw: str, address: str) -> None:
    """OCR failure of scanned prints: GIVEN a recipient whose mailbox reads as the name printed with it
    spells it but for a glyph of like shape ("ikessler@" beside "Lara Kessler") WHEN the document
    prints that name in two headers at least THEN the mailbox is read as the name spells it (was: an
    address no one has); the glyphs' places kept (a dot), a letter added or a mailbox spelling no
    name stays as read, and so does a name printed once (it may be the misreading)."""
    known = _known(Party("Lara Kessler"), Party("Kessler, Lara"), Party("Lara Kessler"),
                   Party("Ines Abbot"), Party("Ann Roe", "aroe@health.example.org"))
    assert [party.address for party in parse_parties(raw, known)] == [address]
    assert parse_parties(raw)[0].address == raw.split("<")[1].rstrip(">")  # (a text layer: as printed)


@pytest.mark.parametrize(("subject", "settled"), [
    ('FW: Media inquiry: “Harborview outbreak" - deadline 3 PM', 'FW: Media inquiry: "Harborview outbreak" - deadline 3 PM'),
    ('4417 returned to service - "lessons learned” item #3', '4417 returned to service - "lessons learned" item #3'),
    ('Operator grievance: “unsafe coach” write-up', 'Operator grievance: “unsafe coach” write-up'),  # a pair: as printed
    ('"Harborview" and “Ashby”', '"Harborview" and “Ashby”'),  # two pairs, each its own
    ('the county’s request', 'the county’s request'),  # an apostrophe: no pair to tell by
])
def test_a_quoted_phrase_whose_quotes_ocr_read_one_straight_one_curly_is_read_straight(subject: str, settled: str) -> None:
    """OCR failure, scanned prints: a typeface's straight double quote read as a curly one at one end
    of a quoted phrase ('“Harborview outbreak"'): one pair of quotes is one glyph, so both are read
    straight (the curly reading is OCR's; was: a subject printed nowhere). A pair read alike is kept
    as read, and so is a text layer's subject."""
    assert settle_subjects([subject]) == [settled]
    assert settle_subjects([subject], [False]) == [subject]


def test_a_damaged_domain_takes_the_one_printed_most_among_its_misreadings() -> None:
    """OCR failure of long lists on heavy scans: the document's domain printed whole twenty times and
    misread into other well-formed domains once each ("harbor.examiple.gov"). GIVEN an address whose
    domain is damaged ("…example.govp", its bracket read as a letter) WHEN read THEN it takes the domain
    printed in three addresses or more and twice as often as any other close to it (was: left damaged:
    several domains were close)."""
    known = _known(*[Party(f"Ann Lee{i}", f"alee{i}@harbor.example.gov") for i in range(20)],
                   Party("Carl Moss", "cmoss@harbor.examiple.gov"), Party("Owen Tarr", "otarr@harbor.exaple.gov"))
    assert parse_parties("| Jane Roe <Roe. Jane@harbor.example.govp", known)[0].address == "roe.jane@harbor.example.gov"


@pytest.mark.parametrize(("raw", "address"), [
    ("Owen J. Roe <owen j.roe@harbor.example.gov>", "owen.j.roe@harbor.example.gov"),  # a stop read as a space
    ("Roe, Owen J. <owen j.roe@harbor.example.gov>", "owen.j.roe@harbor.example.gov"),
    ("Dr. Ann B. Lee <ann b.lee@harbor.example.gov>", "ann.b.lee@harbor.example.gov"),
    ("Owen J. Roe <owen. j.roe@harbor.example.gov>", "owen.j.roe@harbor.example.gov"),  # a space after a stop
    ("Carl Moss <carl moss@harbor.example.gov>", "carlmoss@harbor.example.gov"),  # two words: which was it?
    ("Owen J. Roe <ow en.j.roe@harbor.example.gov>", "owen.j.roe@harbor.example.gov"),  # a space in a word
])
def test_a_stop_a_scan_read_as_a_space_in_a_mailbox_its_name_spells_with_stops(raw: str, address: str) -> None:
    """OCR failure of scanned prints: GIVEN a mailbox made of its party's names joined by stops
    ("owen.j.roe@" for "Owen J. Roe") whose stop after the first name OCR read as a space
    WHEN read THEN the stop is restored where the name spells the mailbox so (was: the space taken
    out, "owenj.roe@", an address no one has); elsewhere a space is taken out as before."""
    known = _known(Party("Ann Roe", "aroe@harbor.example.gov"))
    assert [party.address for party in parse_parties(raw, known)] == [address]
    # (an address the document prints for the name stands: its underscores a scan lost as spaces)
    printed = _known(*[Party("Owen J. Roe", "owen_j_roe@harbor.example.gov")] * 3)
    assert parse_parties("Owen J. Roe <owen j roe@harbor.example.gov>", printed)[0].address == "owen_j_roe@harbor.example.gov"


def test_a_middle_initial_read_as_a_stroke_in_a_mailbox_its_name_spells() -> None:
    """OCR failure of scanned prints: GIVEN a mailbox of first name, middle initial and surname whose
    initial OCR read as a stroke ("carl.|.roe@" for "Carl L. Roe III") WHEN the document prints
    the name twice THEN the mailbox is read as the name spells it (was: the stroke kept, an address
    no one has: the name spelled no middle initial, nor past its generation)."""
    known = _known(Party("Carl L. Roe III"), Party("Carl L. Roe III"), Party("Ann Roe", "aroe@harbor.example.gov"))
    assert parse_parties("Carl L. Roe III <carl.|.roe@harbor.example.gov>", known)[0].address == \
        "carl.l.roe@harbor.example.gov"
