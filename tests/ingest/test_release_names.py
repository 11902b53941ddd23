"""Names and addresses OCR misread, mended from what the rest of the release prints
(ingest/release_names.py): the rules, on printings laid out by hand."""

from __future__ import annotations

from archive.model import Party
from ingest.emails import emails_from_pages
from ingest.release_names import Printing, ReleaseNames


def _release(*printed: tuple[str, int], trusted: tuple[str, ...] = ()) -> ReleaseNames:
    """Each name (or "Name <address>") printed by OCR in that many documents of its own."""
    printings = []
    for index, (text, documents) in enumerate(printed):
        name, _, address = text.partition(" <")
        for document in range(documents):
            printings.append(Printing(f"d{index}-{document}", Party(name, address.rstrip(">")), False))
    printings += [Printing(f"t{index}", Party(name), True) for index, name in enumerate(trusted)]
    return ReleaseNames.learn(printings)


def test_a_name_misread_a_glyph_at_a_time_is_read_as_the_release_prints_it() -> None:
    names = _release(("Halvorsen, Marcus J", 5), ("Halvorsen, Marcus 1", 1), ("Halvorsen, Marcusi", 1),
                     ("Halvorsen, Marcus", 2), ("Hartrnan, Peter D", 1), ("Hartman, Peter D", 6))
    assert names.name("Halvorsen, Marcus 1") == "Halvorsen, Marcus J"
    assert names.name("Halvorsen, Marcusi") == "Halvorsen, Marcus J"  # the initial run into the name
    assert names.name("Halvorsen,  Marcus I") == "Halvorsen, Marcus J"
    assert names.name("Halvorsen, Marcus") == "Halvorsen, Marcus J"  # the initial lost
    assert names.name("Hartrnan, Peter D") == "Hartman, Peter D"
    assert names.name("Halvorsen, Marcus J") == "Halvorsen, Marcus J"


def test_a_letter_misread_inside_a_word_needs_many_documents_to_say_so() -> None:
    """GIVEN a typeface that reads "Nora" as "Nore" in some documents WHEN the release prints
    "Nora" in at least six documents and twice as many THEN "Nore" is mended, a step at a time
    when two letters were misread; printed in three documents against one, "Kowalczlk" is no
    witness against "Kowalczik" (either may be the name)."""
    names = _release(("Abernathy, Nora", 8), ("Nora Abernathy", 6), ("Abernathy, Nore", 6), ("Kowalczlk, Joan A", 3))
    assert names.name("Abernathy, Nore") == "Abernathy, Nora"
    assert names.name("Ahernathy, Nore") == "Abernathy, Nora"
    assert names.name("Kowalczik, Joan A") == "Kowalczik, Joan A"
    assert _release(("Abernathy, Nora", 5), ("Abernathy, Nore", 1)).name("Abernathy, Nore") == "Abernathy, Nore"
    assert _release(("Abernathy, Nora", 6), ("Abernathy, Nore", 4)).name("Abernathy, Nore") == "Abernathy, Nore"


def test_a_capital_read_small_or_lost_is_mended_where_the_release_prints_the_name_often() -> None:
    """OCR failure of faint and light prints: GIVEN names whose capital OCR read as a small
    letter of another shape or lost ("Roe, fane", "ent, Mary D": a surname's, as in a real
    release's scans) WHEN the release prints the name in six documents or more and twice as
    many THEN the reading is mended; a capital read as another capital ("Roe, Dane") is a name
    of its own, and a name printed in three documents is no witness."""
    names = _release(("Roe, Jane", 8), ("Kent, Mary D", 7), ("Kent, Mary", 6), ("Roe, fane", 1), ("Roe, Dane", 1),
                     ("Doe, John", 3))
    assert names.name("Roe, fane") == "Roe, Jane"
    assert names.name("Roe, dane") == "Roe, Jane"
    assert names.name("Roe, ane") == "Roe, Jane"
    assert names.name("ent, Mary D") == "Kent, Mary D"
    assert names.name("Roe, Dane") == "Roe, Dane"
    assert names.name("Doe, tohn") == "Doe, tohn"


def test_two_words_each_misread_a_letter_are_mended_at_once() -> None:
    """OCR failure of scanned releases (a real production's quoted headers: a surname and a
    given name each a letter off, a surname and its initial): GIVEN a name with a letter OCR
    confuses misread in each of two words, neither half-mended reading printed anywhere WHEN
    the release prints the name in six documents or more and twice as many THEN it is mended;
    not a name of fewer than ten letters, nor a word misread by a letter OCR does not confuse,
    nor one word misread twice, nor a name printed too seldom."""
    names = _release(("Okafor, Dana", 6), ("Brandt, Lena D", 7), ("Moss, Carl", 9), ("Kowalski, Henrietta", 4))
    assert names.name("Okafar, Dane") == "Okafor, Dana"
    assert names.name("Branbt, Lena 0") == "Brandt, Lena D"
    assert [names.name(reading) for reading in ("Mass, Curl", "Okafxr, Dane", "Okefar, Dana", "Kowelski, Henriette")] == [
        "Mass, Curl", "Okafxr, Dane", "Okefar, Dana", "Kowelski, Henriette"]


def test_an_initial_read_as_a_mark_and_letters_a_worn_print_confuses_are_mended() -> None:
    """OCR failure of faxed and small prints: GIVEN an initial read as a stroke or digit of its
    shape ("3.", ").", "}") or a letter read as one of like shape ("a" as "u", "n" as "m") WHEN
    the release prints the name often THEN the reading is mended; a digit of no initial's shape,
    another letter for an initial, and a name too seldom printed stay as read."""
    names = _release(("Okafor, Dana J.", 6), ("Moss, Carl", 6), ("Brandt, Lena", 6), ("Yu, Amy", 2))
    assert [names.name(reading) for reading in ("Okafor, Dana 3.", "Okafor, Dana ).", "Okafor, Dana }",
                                                "Moss, Curl", "Brandt, Lema")] == [
        "Okafor, Dana J.", "Okafor, Dana J.", "Okafor, Dana J.", "Moss, Carl", "Brandt, Lena"]
    assert [names.name(reading) for reading in ("Okafor, Dana 7.", "Okafor, Dana K.", "Yu, Arny")] == [
        "Okafor, Dana 7.", "Okafor, Dana K.", "Yu, Arny"]


def test_a_letter_read_as_a_mark_as_often_as_not_is_the_letter() -> None:
    """OCR failure of scanned releases (a real production's scans: a given name's "l" read "!"
    in 8 of 18 documents): GIVEN a name whose "l" the typeface reads as "!" or "|" about as often
    as not WHEN the release prints it in letters in three documents or more, at least as often
    THEN the reading with the mark is the name in letters (twice as often was asked, and a mark
    is no letter of any name); printed in letters less often, or in too few, it stays as read."""
    names = _release(("Moss, Carol D", 10), ("Moss, Caro! D", 8), ("Kent, Isabel", 3), ("Kent, Isabe|", 4),
                     ("Roe, Ellen", 2), ("Roe, E!len", 1))
    assert names.name("Moss, Caro! D") == "Moss, Carol D"
    assert names.name("Kent, Isabe|") == "Kent, Isabe|"  # printed in letters less often
    assert names.name("Roe, E!len") == "Roe, E!len"  # printed in letters in too few documents


def test_an_initial_read_as_a_stroke_and_a_bowl_is_mended() -> None:
    """OCR failure of scanned prints (a real production's quoted headers): GIVEN an initial "D"
    read as a stroke and a bracket or a stroke and itself ("I)", "ID"), a "B" as "I3" WHEN the
    release prints the name with the initial in three documents or more and twice as many
    THEN the name; a stroke and a bowl inside a word, or a name printed too seldom, stay as read."""
    names = _release(("Okafor, Dana D", 4), ("Moss, Carl B.", 3), ("Yu, Amy D", 2))
    assert [names.name(reading) for reading in ("Okafor, Dana I)", "Okafor, Dana ID", "Okafor, Dana l)",
                                                "Moss, Carl I3.")] == [
        "Okafor, Dana D", "Okafor, Dana D", "Okafor, Dana D", "Moss, Carl B."]
    assert [names.name(reading) for reading in ("Okafor, DanaID", "Yu, Amy I)")] == ["Okafor, DanaID", "Yu, Amy I)"]


def test_specks_after_a_name_and_in_read_as_m_are_mended() -> None:
    """OCR failure, any scanned print: GIVEN specks or a box's edge read after a name as a short
    word in small letters or marks ("Okafor, Dana J. cee", "… : h"), "in" read as "m" ("Levm"), an
    initial E read "£" WHEN the release prints the name often THEN the name; a name's particle
    ("van") and a name printed too seldom stay as read."""
    names = _release(("Okafor, Dana J.", 6), ("Levin, Joan", 6), ("Brandt, Lena E.", 6), ("Yu, Amy", 2))
    assert [names.name(reading) for reading in ("Okafor, Dana J. cee", "Okafor, Dana J. : h", "Levm, Joan",
                                                "Brandt, Lena £")] == [
        "Okafor, Dana J.", "Okafor, Dana J.", "Levin, Joan", "Brandt, Lena E."]
    assert [names.name(reading) for reading in ("Okafor, Dana J. van", "Yu, Amy cee")] == [
        "Okafor, Dana J. van", "Yu, Amy cee"]


def test_a_withheld_address_s_box_read_after_a_name_is_no_part_of_it() -> None:
    """OCR failure, scans: the box over an address printed after a name ("[mailto: B6]") read as
    marks and words after it ("Roe, Jane [malta = BE", "Anne-Marie Kent) __ Be", "Moss, Carl D- iam
    te"): the name printed before the box, where the release prints it often; never fewer words
    than that (a suffix, a second given name, an office kept), nor past a second party a separator
    read as a mark leads to, nor into a name printed seldom."""
    names = _release(("Roe, Jane", 6), ("Anne-Marie Kent", 6), ("Moss, Carl D", 6), ("Doe, John", 6),
                     ("Doe, John A", 2), ("Yu, Amy", 2), ("Roe, Jane (OIG)", 6), ("Roe", 9), ("Wilson, Mary", 6))
    assert [names.name(reading) for reading in ("Anne-Marie Kent) __ Be", "Moss, Carl D- iam te", "Roe, Jane [malta = BE",
                                                "Roe, Jane (OIG) [malta = BE", "Roe, Jane [mailtd")] == [
        "Anne-Marie Kent", "Moss, Carl D", "Roe, Jane", "Roe, Jane (OIG)", "Roe, Jane"]
    for kept in ("Doe, John A =", "Roe, Jane Poche =", "Yu, Amy [malta = BE", "Roe, Jane (OIG)", "Roe, Jane) | Mary Kent",
                 "Wilson, Mary Ellen [malta = BE", "Doe, John Jr. [malta = BE", "Wilson, Mary | Kent, Mary D",
                 "Wilson, Mary | O'Brien, Pat", "Wilson, Mary | DOE, JOHN"):
        assert names.name(kept) == kept


def test_a_name_misread_past_the_name_reader_is_the_one_its_address_is_printed_with() -> None:
    """OCR failure of scanned releases (a real production's scans: a sender's given name read
    "Chery!" in six documents, "Crary!" in one, "ID" for her initial): GIVEN a party whose one
    word OCR misread past the name reader, printed with an address (or a misreading of one) the
    release prints with one name in three documents or more and twice as many as any other
    (its own misreadings counted as it) WHEN mended THEN the party is that name and address; a
    surname apart at a shared mailbox is another person, and an address printed with two names
    alike says nothing."""
    names = _release(("Roe, Jane D <roejd@agency.gov>", 7), ("Roe, Jane 0 <roejd@agency.gov>", 3),
                     ("Kent, Mary <press@agency.gov>", 3), ("Doe, John <press@agency.gov>", 3))
    assert names.mend(Party("Roe, Jnae! D", "roejd@agency.gov")) == Party("Roe, Jane D", "roejd@agency.gov")
    assert names.mend(Party("Roe, Jnae! D", "roejo@agency.gov")) == Party("Roe, Jane D", "roejd@agency.gov")
    assert names.mend(Party("Roe, Jane ID", "roejd@agency.gov")) == Party("Roe, Jane D", "roejd@agency.gov")
    for kept in (Party("Poe, Jane D", "roejd@agency.gov"), Party("Kent, Marv", "press@agency.gov"),
                 Party("Roe, Jnae! D", "other@agency.gov")):
        assert names.mend(kept) == kept


def test_what_is_not_an_ocr_confusion_or_not_dominant_stays_as_read() -> None:
    names = _release(("Smith, Jan", 9), ("Hale, David M", 9), ("Doe, John A", 3), ("Doe, John 4", 2),
                     ("Roe, Ann B", 4), ("Roe, Ann 8", 4), ("Smith, John D", 9), ("Halvorsen, Marcus L", 9),
                     ("Smith, John C", 9), ("Burris, Ann", 9))
    assert names.name("Smith, Ian") == "Smith, Ian"  # OCR confuses I and J, but a word's first letter stays
    assert names.name("Hall, David M") == "Hall, David M"  # l for e is no OCR confusion
    assert names.name("Doe, John 4") == "Doe, John 4"  # printed in 2 documents, the other in 3: not twice
    assert names.name("Roe, Ann") == "Roe, Ann"  # two candidates as often printed: no telling
    assert names.name("Sid") == "Sid"  # too short to say
    # an initial is another person's unless OCR misread it (a digit, a thin stroke)
    assert names.name("Smith, John B") == "Smith, John B"
    assert names.name("Smith, John E") == "Smith, John E"
    assert names.name("Halvorsen, Marcus J") == "Halvorsen, Marcus J"
    assert names.name("Smith, John 0") == "Smith, John D"
    assert names.name("Halvorsen, Marcus 1") == "Halvorsen, Marcus L"
    assert names.name("Burns, Ann") == names.name("Bums, Ann") == "Burris, Ann"  # "ri", "rn", "m": one shape
    assert names.name("x" * 4000) == "x" * 4000


def test_a_reading_printed_in_text_is_never_mended() -> None:
    names = _release(("Halvorsen, Marcus J", 9), ("Halvorsen, Marcus", 1), trusted=("Halvorsen, Marcus",))
    assert names.name("Halvorsen, Marcus") == "Halvorsen, Marcus"
    trusted = _release(("Halvorsen, Marcus 1", 5), trusted=("Halvorsen, Marcus J",))
    assert trusted.name("Halvorsen, Marcus 1") == "Halvorsen, Marcus J"  # the same glyphs printed in text
    assert _release(("Abernathy, Nore", 5), trusted=("Abernathy, Nora",)).name("Abernathy, Nore") == "Abernathy, Nore"


def test_documents_are_counted_not_printings() -> None:
    printings = [Printing("one", Party("Abernathy, Nora"), False)] * 12 + [Printing("two", Party("Abernathy, Nore"), False)]
    assert ReleaseNames.learn(printings).name("Abernathy, Nore") == "Abernathy, Nore"


def test_an_address_is_mended_only_into_one_printed_with_the_name() -> None:
    names = _release(("H <hdr22@harbormail.example.com>", 3), ("Mills, Carol D <millscd@agency.gov>", 3),
                     ("Jones, Ann <jones@agency.gov>", 1), ("Jones, Bob <jones@agency.gov>", 4))
    assert names.mend(Party("H", "hdr22@harborrnail.example.com")) == Party("H", "hdr22@harbormail.example.com")
    assert names.mend(Party("H", "h0r22@harbormail.example.com")).address == "hdr22@harbormail.example.com"
    assert names.mend(Party("Mills, Carol 0", "miliscd@agency.gov")) == Party("Mills, Carol D", "millscd@agency.gov")
    assert names.mend(Party("", "hdr22@harborrnail.example.com")).address == "hdr22@harborrnail.example.com"  # no name: no witness
    assert names.mend(Party("Jones, Ann", "jonse@agency.gov")).address == "jonse@agency.gov"  # printed with Ann once
    assert names.mend(Party("H", "hdr23@harbormail.example.com")).address == "hdr23@harbormail.example.com"  # 2 for 3: no OCR confusion
    redacted = Party("Mills, Carol 0", "", ("(b)(6)",))
    assert names.mend(redacted) == Party("Mills, Carol D", "", ("(b)(6)",))


def test_an_address_printed_without_a_name_is_mended_only_where_the_release_prints_it_often() -> None:
    """OCR failure, any scanned production (To: lines of bare addresses): GIVEN an address the
    release prints in many documents, alone or with its name WHEN a scan reads it printed with
    no name a glyph off ("rn" for "m", "i" for "l") THEN it is the release's address; printed in
    a few documents only, or a letter apart from two addresses alike (two people), or off by a
    letter OCR does not confuse, it stays as read."""
    names = _release((" <millscd@agency.example.gov>", 5), ("Mills, Carol D <millscd@agency.example.gov>", 2),
                     (" <hanleymr@agency.example.gov>", 3), (" <jdoe@agency.example.gov>", 7),
                     (" <jdoa@agency.example.gov>", 7))
    assert names.mend(Party("", "rnillscd@agency.example.gov")).address == "millscd@agency.example.gov"
    assert names.mend(Party("", "miiiscd@agency.example.gov")).address == "millscd@agency.example.gov"
    assert names.mend(Party("", "hanieymr@agency.example.gov")).address == "hanieymr@agency.example.gov"  # 3 documents
    assert names.mend(Party("", "jdoo@agency.example.gov")).address == "jdoo@agency.example.gov"  # two alike
    assert names.mend(Party("", "millsck@agency.example.gov")).address == "millsck@agency.example.gov"  # d, k


def test_an_address_misread_in_glyphs_of_its_shape_is_mended() -> None:
    """OCR failure of scanned releases (a real production's quoted headers): GIVEN addresses
    printed in capitals and digits OCR split or misread ("M" read "IVI", "J" read "3", "d" read
    "cl" and its "l" then "1", "l" read "1" beside a "c") WHEN the release prints the party with
    the address in many documents THEN the address is mended; a digit of no letter's shape stays."""
    names = _release(("Kent, Mary <KentMJ@agency.example.gov>", 7), ("H <hrod9@harbor.example.com>", 7),
                     ("Doe, John <jdoe@clearwater.example.gov>", 7))
    for name, reading, printed in (("Kent, Mary", "KentIVIJ@agency.example.gov", "KentMJ@agency.example.gov"),
                                   ("Kent, Mary", "kentm3@agency.example.gov", "KentMJ@agency.example.gov"),
                                   ("H", "hroc19@harbor.example.com", "hrod9@harbor.example.com"),
                                   ("Doe, John", "jdoe@c1earwater.example.gov", "jdoe@clearwater.example.gov"),
                                   ("H", "hrod9@harbor.example.connj", "hrod9@harbor.example.com"),  # m read "nn"
                                   # a thin stroke added after the mailbox (faint scans: "jdoei@", session 43)
                                   ("Doe, John", "jdoei@clearwater.example.gov", "jdoe@clearwater.example.gov")):
        assert names.mend(Party(name, reading)).address == printed, reading
    assert names.mend(Party("Kent, Mary", "kentm7@agency.example.gov")).address == "kentm7@agency.example.gov"


def test_an_address_the_name_spells_is_mended_however_often_the_typeface_misreads_it() -> None:
    """OCR failure of scanned releases (a real production's "SullivanJJ" read "Sullivanii" in a
    third of its documents): GIVEN an address made of its party's name (surname and initials,
    first.last) that the typeface misreads the same way in many documents WHEN the name printed
    beside it spells the address as printed elsewhere THEN the misreading is mended though the
    address is not printed twice as often; an address the name does not spell stays as read."""
    names = _release(("Brandt, Lena J <BrandtLJ@agency.example.gov>", 7), ("Brandt, Lena J <Brandtli@agency.example.gov>", 5),
                     ("Dana Okafor <dana.okafor@harbor.example.org>", 4), ("Dana Okafor <dana.okafar@harbor.example.org>", 3),
                     ("Brandt, Lena J <deskLJ@agency.example.gov>", 7), ("Brandt, Lena J <deskli@agency.example.gov>", 5))
    assert names.mend(Party("Brandt, Lena J", "Brandtli@agency.example.gov")).address == "BrandtLJ@agency.example.gov"
    assert names.mend(Party("Dana Okafor", "dana.okafar@harbor.example.org")).address == "dana.okafor@harbor.example.org"
    assert names.mend(Party("Brandt, Lena J", "deskli@agency.example.gov")).address == "deskli@agency.example.gov"
    assert names.mend(Party("", "Brandtli@agency.example.gov")).address == "Brandtli@agency.example.gov"  # no name
    # a numbered address printed far more often than the one the name spells is an address of its own
    numbered = _release(("Jane Roe <jane.roe1@agency.example.gov>", 20), ("Jane Roe <jane.roe@agency.example.gov>", 3))
    assert numbered.mend(Party("Jane Roe", "jane.roe1@agency.example.gov")).address == "jane.roe1@agency.example.gov"
    accented = _release(("José Ruiz <jose.ruiz@agency.example.gov>", 4), ("José Ruiz <jose.rulz@agency.example.gov>", 3))
    assert accented.mend(Party("José Ruiz", "jose.rulz@agency.example.gov")).address == "jose.ruiz@agency.example.gov"


def test_two_people_a_letter_apart_are_told_apart_by_their_addresses() -> None:
    names = _release(("Smith, Jan <jsmith@x.gov>", 3), ("Smith, Dana <dsmith@x.gov>", 12))
    assert names.mend(Party("Smith, Ian", "ismith@x.gov")) == Party("Smith, Ian", "ismith@x.gov")
    assert names.mend(Party("Smith, Dena", "desmith@x.gov")) == Party("Smith, Dena", "desmith@x.gov")
    assert names.mend(Party("Smith, Dena", "dsmith@x.gov")) == Party("Smith, Dana", "dsmith@x.gov")
    assert names.mend(Party("Smith, Dena")) == Party("Smith, Dana")  # no address to tell: the release's


def test_long_readings_are_not_compared() -> None:
    """OCR joins lines into a "name" thousands of characters long: it is never indexed or compared."""
    printings = [Printing(f"t{i}", Party(f"{'Roe Jane ' * 400}{i}"), True) for i in range(50)]
    names = ReleaseNames.learn(printings)
    assert not names._by_neighbour  # noqa: SLF001 - what was indexed


def test_emails_read_by_ocr_take_the_release_reading_and_say_so() -> None:
    """GIVEN a page whose header OCR misread, and the release's names WHEN its emails are read
    THEN the misread parties are mended on scanned pages only, and the email records why."""
    page = ("From: Abernathy, Nore <abernathycl@agency.gov>\nSent: Friday, March 11, 2011 1:36 PM\n"
            "To: Halvorsen, Marcusi; Wells, Alice G\nSubject: Meeting\n\nSee you there.\n")
    names = _release(("Abernathy, Nora <abernathyd@agency.gov>", 7), ("Halvorsen, Marcus J", 4))
    (scanned,), _ = emails_from_pages([page], [None], ocr_pages={1}, release=names)
    assert scanned.sender == Party("Abernathy, Nora", "abernathyd@agency.gov")
    assert [p.name for p in scanned.to] == ["Halvorsen, Marcus J", "Wells, Alice G"]
    assert {"release:sender", "release:to"} <= set(scanned.doubts)
    (text,), _ = emails_from_pages([page], [None], ocr_pages=set(), release=names)
    assert text.sender == Party("Abernathy, Nore", "abernathycl@agency.gov") and "release:sender" not in text.doubts


def test_a_subject_misread_in_glyphs_and_marks_is_read_as_the_release_prints_it() -> None:
    """GIVEN a thread's subject printed in documents of the release WHEN a copy read by OCR
    differs from it only in glyphs OCR confuses, spaces and marks THEN it is read as printed,
    its RE:/FW: as read; a subject a word apart, one differing in letter case only, one printed
    too seldom, and a short one stay as read."""
    subject = "H: Harper's last gambit. Got done and published. Sid"
    names = ReleaseNames.learn([], [(f"d{i}", subject, False) for i in range(3)]
                               + [(f"e{i}", "Draft statement on Syria", False) for i in range(9)]
                               + [(f"f{i}", "more on libya", False) for i in range(9)]
                               + [(f"g{i}", "Update", False) for i in range(9)]
                               + [("h", "H: latest intel libyan conflicts", False)] * 2)
    assert names.subject("Fw: H: Harper 's last gambit Got done and published. Sid") == "Fw: " + subject
    assert names.subject("H-Harper s last gambit. Got done arid published. Sid") == subject  # "ri" read for "n"
    assert names.subject("Draft statement on Libya") == "Draft statement on Libya"
    assert names.subject("more on Libya") == "more on Libya"
    assert names.subject("RE: Upclate") == "RE: Upclate"  # "cl" for "d", but too short to say
    assert names.subject("H: latest intel libyari conflicts") == "H: latest intel libyari conflicts"  # 1 document
    trusted = ReleaseNames.learn([], [("t", subject, True)])
    assert trusted.subject("Re: H: Harper 's last gambit Got done and published. Sid") == "Re: " + subject


def test_subjects_numbered_otherwise_or_in_another_case_are_other_subjects() -> None:
    """OCR misreads a glyph; it does not move a date's slash or a decimal point, and a copy
    printing "More on Libya" is no misreading of "more on libya"; and a subject printed in a
    text layer is no witness for a name."""
    names = ReleaseNames.learn([], [(f"d{i}", subject, False) for i in range(3) for subject in (
        "Call list for 1/12", "Aid package of 1.5 billion", "more on libya today")] + [("t", "Mills, Carol D", True)])
    assert names.subject("Call list for 11/2") == "Call list for 11/2"
    assert names.subject("Call list for l/12") == "Call list for 1/12"  # a 1 read as l
    assert names.subject("Aid package of 15 billion") == "Aid package of 15 billion"
    assert names.subject("RE: More on Libya today.") == "RE: More on Libya today."
    assert names.name("MiIls, Carol D") == "MiIls, Carol D"


def test_an_email_read_by_ocr_takes_the_release_subject_and_says_so() -> None:
    page = ("From: Roe, Jane\nSent: Friday, March 11, 2011 1:36 PM\nTo: H\n"
            "Subject: Re: H: Harper 's last gambit Got done and published. Sid\n\nThanks.\n")
    subject = "H: Harper's last gambit. Got done and published. Sid"
    names = ReleaseNames.learn([], [(f"d{i}", subject, False) for i in range(3)])
    (email,), _ = emails_from_pages([page], [None], ocr_pages={1}, release=names)
    assert email.subject == "Re: " + subject and "release:subject" in email.doubts
    assert email.normalized_subject == subject.casefold()


def test_an_address_garbled_past_reading_is_the_one_the_release_prints_with_the_name() -> None:
    """OCR failure, any scanned print: an address beside a name garbled past reading, its "@" read
    as a space, a letter or two, or nothing, a dot lost. GIVEN the release's addresses for the name
    WHEN such a reading is looked up THEN it is the address the name is printed with, letters and
    digits at most two apart, twice as often as any other such (one OCR misread in several
    documents is read as the release prints it); nothing for another person's address, a reading
    too far or too short, or a name the release never prints with an address."""
    names = _release(("Roe, Jane <jroe@harbor.example.gov>", 5), ("Roe, Jane <jroe@harbor.exarnple.gov>", 2),
                     ("Doe, John <jdoe@harbor.example.gov>", 4), ("Moss, Carl", 3))
    for printed in ("jroe harbor.example.gov", "jroeebharborexamplegov", "jroeOharbor.example.gov", "jroe)) harbor.example.gov"):
        assert names.garbled_address("Roe, Jane", printed) == "jroe@harbor.example.gov", printed
    assert names.garbled_address("Roe, Jane", "jdoe harbor.example.gov") == ""  # John Doe's
    assert names.garbled_address("Roe, Jane", "kent.m harbor.example.gov") == ""
    assert names.garbled_address("Roe, Jane", "jr.ro") == ""
    assert names.garbled_address("Moss, Carl", "cmoss harbor.example.gov") == ""


def test_a_sender_shown_without_the_address_ocr_garbled_says_so() -> None:
    """GIVEN a scanned header whose sender's address OCR garbled WHEN read with no release to
    mend it from THEN the sender is the name alone and the email records the damaged address
    (a later reading of the release looks for it); a text layer's, a bare name's and a box's
    (`[mailto:. ]`, too short to be an address) record nothing."""
    from ingest.emails import DAMAGED_ADDRESS

    page = ("From: Roe, Jane <jroe harbor.example.gov>\nSent: Friday, March 11, 2011 1:36 PM\nTo: Doe, John\n"
            "Subject: Meeting\n\nSee you there.\n\nFrom: Doe, John [mailto:. ]\nSent: Friday, March 11, 2011 "
            "1:30 PM\nTo: Roe, Jane\nSubject: Meeting\n\nWhen?\n")
    (garbled, boxed), _ = emails_from_pages([page], [None], ocr_pages={1})
    assert garbled.sender == Party("Roe, Jane") and DAMAGED_ADDRESS in garbled.doubts
    assert DAMAGED_ADDRESS not in boxed.doubts
    (text, _), _ = emails_from_pages([page], [None], ocr_pages=set())
    assert DAMAGED_ADDRESS not in text.doubts


def test_an_address_misread_in_several_glyphs_is_the_one_its_name_is_printed_with() -> None:
    """OCR failure, any scanned print (a real production's addresses read two or three glyphs off,
    a letter pair read as three, a dot lost and a letter added to the domain): GIVEN a name the release prints with one
    address in many documents WHEN a scan reads that address two or three glyphs off beside it THEN
    it is that address; a reading as close to another's address of the domain, one too far, one
    printed beside no name, or another address of its own printed often stays as read."""
    names = _release(("Moss, Carl J <mosscj@harbor.example.gov>", 8), ("Moss, Carl J <mossen@harbor.example.gov>", 1),
                     (" <moseley@harbor.example.gov>", 3),
                     ("Jane Roe <jane.roe1@agency.example.gov>", 20), ("Jane Roe <jane.roe@agency.example.gov>", 3))
    for reading in ("mossrdi@harbor.example.gov", "mosscj@harborexample.gove", "moss.0@harbor.example.gov", "mossen@harbor.example.gov"):
        assert names.mend(Party("Moss, Carl J", reading)).address == "mosscj@harbor.example.gov", reading
    assert names.mend(Party("Moss, Carl J", "mosely@harbor.example.gov")).address == "mosely@harbor.example.gov"  # another's
    assert names.mend(Party("Moss, Carl J", "mrossardl@harbor.example.gov")).address == "mrossardl@harbor.example.gov"  # too far
    for other in ("mosscj@harbor.example.org", "mosscj@harbour.example.gov", "moss.c.j@harbor.example.gov"):
        assert names.mend(Party("Moss, Carl J", other)).address == other  # another domain, another mailbox
    assert names.mend(Party("", "mossrdi@harbor.example.gov")).address == "mossrdi@harbor.example.gov"  # no name
    assert names.mend(Party("Jane Roe", "jarie.rpe1@agency.example.gov")).address == "jane.roe1@agency.example.gov"
    often = _release(("Ann Lee <ann.lee@agency.example.gov>", 9), ("Ann Lee <a.lee@agency.example.gov>", 3))
    assert often.mend(Party("Ann Lee", "a.lee@agency.example.gov")).address == "a.lee@agency.example.gov"  # its own


def test_a_name_whose_marks_a_scan_lost_is_the_one_the_release_prints_with_them() -> None:
    """OCR failure, any scanned print: a name's marked letters read plain or as two glyphs ("Mufioz"
    for "Muñoz", "Giinter" for "Günter"), more often than read right (OCR loses marks far more often
    than it adds them). GIVEN the release printing the marked name in a few documents WHEN a
    reading differs from it in marked letters alone, each read plain or as two glyphs of its shape,
    THEN it is the marked name; a mark read as another stays as read (which one is right?), and so
    does a name differing in a plain letter or in a letter of another shape ("Noa" is no "Noé")."""
    printings = []
    for name, documents in (("Muñoz, Rosa", 4), ("Mufioz, Rosa", 9), ("Günter Moss", 3), ("Gunter Moss", 12),
                            ("Simón Tarr", 6), ("Simén Tarr", 3), ("Chloë Park", 3), ("Chloé Park", 3), ("Noé Lee", 3),
                            ("Noa Lee", 4)):
        printings += [Printing(f"{name}-{n}", Party(name), False) for n in range(documents)]
    names = ReleaseNames.learn(printings)
    for reading, printed in (("Mufioz, Rosa", "Muñoz, Rosa"), ("Munoz, Rosa", "Muñoz, Rosa"), ("Giinter Moss", "Günter Moss"),
                             ("Gunter Moss", "Günter Moss"), ("Simon Tarr", "Simón Tarr"), ("Simén Tarr", "Simén Tarr"),
                             ("Chloë Park", "Chloë Park"), ("Gunter Ross", "Gunter Ross"), ("Munos, Rosa", "Munos, Rosa"),
                             ("Noe Lee", "Noé Lee"), ("Noa Lee", "Noa Lee"), ("Simin Tarr", "Simin Tarr")):
        assert names.name(reading) == printed, reading
    assert names.name("Zoe Park") == "Zoe Park"  # two marked names alike, printed as often: none


def test_a_notes_names_slash_read_as_a_stroke_is_the_name_the_release_prints() -> None:
    """OCR failure, scanned Lotus Notes prints: a hierarchical name's slash read as a stroke, or a
    stroke read beside it ("Jane Roe/HBRIOPS", "Jane Roe/HBR/IOPS"). GIVEN the release printing the
    name in a few documents WHEN such a reading is looked up THEN it is that name (was: as read)."""
    printings = [Printing(f"d{n}", Party("Jane Roe/HBR/OPS"), False) for n in range(4)]
    printings += [Printing(f"e{n}", Party("Jane Roe/HBRIOPS"), False) for n in range(2)]
    names = ReleaseNames.learn(printings)
    for reading in ("Jane Roe/HBRIOPS", "Jane Roe/HBR/IOPS", "Jane Roe/HBR|OPS"):
        assert names.name(reading) == "Jane Roe/HBR/OPS", reading
    assert names.name("Jane Roe/HBR/TOPS") == "Jane Roe/HBR/TOPS"  # a letter, no stroke
