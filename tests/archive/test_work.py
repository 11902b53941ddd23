"""Notes and tags in the archive (archive/work.py), on both search engines: who sees what,
passages that survive a change of the body, ``note:`` and ``tag:`` searches, the tag facet, and
nothing of another team's or of a restricted release leaking.

The archive: the hand-made test release of tests/web/conftest.py; alice and bob are in the team
"matter-1", carol in no team, ed an editor.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from archive import AccountError, Archive, NotFound
from archive.search import SearchRequest
from archive.work import Reader, Tag, follow, locate, note_matches, occurrences, tag_name
from tests.web.conftest import build_archive

PEOPLE = {"alice@example.org": "reader", "bob@example.org": "reader", "carol@example.org": "reader",
          "ed@example.org": "editor"}


@pytest.fixture(scope="module")
def world(tmp_path_factory, engine):
    built = build_archive(tmp_path_factory.mktemp("work"))
    with Archive.open(built.home) as archive:
        for email, role in PEOPLE.items():
            archive.add_account(email, role, actor="cli:test")
        for member in ("alice@example.org", "bob@example.org"):
            archive.set_membership("matter-1", member, True, actor="cli:test")
    return built


def _as(archive: Archive, email: str | None) -> Archive:
    return archive.read_as(archive.account(email) if email else None)


def _keys(archive: Archive, query: str, **kw) -> set[str]:
    return {hit.key for hit in archive.search(SearchRequest(query=query, page_size=100, **kw)).hits}


def test_locate_finds_a_passage_after_the_text_around_it_changed():
    body = "Hello.\nWe should discuss the facial recognition pilot.\nBye."
    start = body.index("facial")
    assert locate(body, "facial recognition", start) == (start, start + len("facial recognition"))
    changed = "A line added above.\n" + body.replace("Hello.", "Hello there,")
    found = locate(changed, "facial recognition", start)
    assert found and changed[found[0]:found[1]] == "facial recognition"
    respaced = changed.replace("facial recognition", "facial\nrecognition")
    found = locate(respaced, "facial recognition", start)
    assert found and respaced[found[0]:found[1]] == "facial\nrecognition"
    assert locate(changed.replace("facial", "facia1"), "facial recognition", start) is None
    twice = "pilot one. pilot two. pilot three."
    third = twice.index("pilot three")
    assert locate(twice, "pilot", third - 2) == (third, third + 5)


def test_note_words_and_tag_names():
    assert note_matches("Call counsel about the privileged memo", "privileged", False)
    assert note_matches("Call counsel about the privileged memo", "call memo", False)
    assert not note_matches("Call counsel", "privileged", False)
    assert note_matches("privileged", "privi", True) and not note_matches("privileged", "privi", False)
    assert tag_name("  Hot   Docs ") == "hot docs"
    for bad in ("", "a/b", "<script>", "x" * 41):
        with pytest.raises(AccountError):
            tag_name(bad)


def test_a_note_on_a_passage_survives_a_change_of_the_body_around_it(world):
    with Archive.open(world.home) as archive:
        alice = archive.account("alice@example.org")
        note = archive.work.add_note(alice, f"e:{world.first}", "Key admission", quote="facial recognition pilot")
        archive.store.db.execute("update emails set body = ? where id = ?",
                                 ["[Corrected] An added first line.\nWe should discuss the facial recognition "
                                  "pilot, as agreed.", world.first])
        archive.store.db.conn.commit()
        body = archive.email(world.first).body
        [seen] = [n for n in archive.work.notes_on([f"e:{world.first}"], archive.work.reader(alice), body)
                  if n.id == note.id]
        assert seen.found and body[seen.found[0]:seen.found[1]] == "facial recognition pilot"
        assert seen.found[0] != note.start  # it moved with its words
        actions = [(e.action, e.actor) for e in archive.audit_trail(limit=1)]
        assert actions == [("note.add", "alice@example.org")]
        assert "Key admission" not in str(archive.audit_trail(limit=1)[0].details)  # work product stays private


def test_notes_are_seen_and_searched_only_by_those_allowed(world):
    with Archive.open(world.home) as archive:
        alice, ed = archive.account("alice@example.org"), archive.account("ed@example.org")
        archive.work.add_note(alice, f"e:{world.reply}", "zebra private thought")
        archive.work.add_note(alice, f"e:{world.hostile}", "zebra team thought", visibility="team", team="matter-1")
        archive.work.add_note(ed, f"p:{world.doc_id}:4", "walrus public annotation", visibility="public")
        with pytest.raises(AccountError, match="not in the team"):
            archive.work.add_note(archive.account("carol@example.org"), f"e:{world.first}", "x",
                                  visibility="team", team="matter-1")
        with pytest.raises(AccountError, match="only an editor"):
            archive.work.add_note(alice, f"e:{world.first}", "x", visibility="public")
    with Archive.open(world.home, readonly=True) as archive:
        assert _keys(_as(archive, "alice@example.org"), "note:zebra") == {f"e:{world.reply}", f"e:{world.hostile}"}
        assert _keys(_as(archive, "bob@example.org"), "note:zebra") == {f"e:{world.hostile}"}
        result = _as(archive, "carol@example.org").search(SearchRequest(query="note:zebra"))
        assert result.total == 0 and any("no note you can see" in m for m in result.messages)
        assert _keys(_as(archive, None), "note:walrus") == {f"p:{world.doc_id}:4"}
        assert _keys(_as(archive, "bob@example.org"), "note:zeb*") == {f"e:{world.hostile}"}
        kept = _keys(_as(archive, "alice@example.org"), "facial NOT note:zebra")
        assert f"e:{world.first}" in kept and not kept & {f"e:{world.reply}", f"e:{world.hostile}"}


def test_tags_in_bulk_as_a_filter_and_a_facet_for_the_team_only(world):
    with Archive.open(world.home) as archive:
        bob = archive.account("bob@example.org")
        every = sorted(_keys(archive, "", filters=(("release", "test-release"),)))
        assert len(every) >= 3
        assert archive.work.apply_tag(bob, "Hot", every, team="matter-1", query="release:test-release") == len(every)
        assert archive.work.apply_tag(bob, "hot", every[:1], team="matter-1") == 0  # already there
        archive.work.apply_tag(archive.account("carol@example.org"), "mine", every[:1])
        assert archive.audit_trail(limit=3)[2].details["records"] == len(every)
    with Archive.open(world.home, readonly=True) as archive:
        alice = _as(archive, "alice@example.org")
        assert _keys(alice, "tag:hot") == set(every) == _keys(alice, "tag:matter-1/hot")
        assert _keys(alice, "", filters=(("tag", "matter-1/hot"),)) == set(every)
        facet = alice.search(SearchRequest(query="facial")).facets["tag"]
        assert [(v.value, v.count) for v in facet] == [("matter-1/hot", len(_keys(alice, "facial")))]
        carol = _as(archive, "carol@example.org")
        assert _keys(carol, "tag:hot") == set() and _keys(carol, "tag:matter-1/hot") == set()
        assert _keys(carol, "tag:@me/mine") == {every[0]} == _keys(carol, "tag:mine")
        mine = carol.search(SearchRequest(filters=(("release", "test-release"),))).facets["tag"]
        assert [(v.value, v.count, v.label) for v in mine] == [("@me/mine", 1, "mine (private)")]
        assert "tag" not in _as(archive, None).search(SearchRequest(query="facial")).facets


def test_a_team_is_shown_as_a_team_whatever_it_is_named(tmp_path):
    """A team named "private" or "public" would be shown as the reader's own private work or as
    the public's (a note every teammate reads badged "Private"; a team's tag offered as "@me/…",
    which finds nothing): such names are refused for a new team, an old one can still be taken
    apart, and a scope is shown by its kind, never its name."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        archive.add_account("alice@example.org", "reader", actor="cli:test")
        for name in ("private", "Public"):
            with pytest.raises(AccountError, match="reserved"):
                archive.set_membership(name, "alice@example.org", True, actor="cli:test")
        assert archive.groups() == {}
        archive.store.change_group("private", "alice@example.org", True, {  # (made before the names were reserved)
            "at": "2026-01-01T00:00:00Z", "actor": "cli:test", "action": "group.add",
            "target": "alice@example.org", "details": "{}"})
        alice = Reader("alice@example.org", "reader", frozenset({"private"}))
        assert [alice.scope_title(s) for s in ("person:alice@example.org", "group:private", "public",
                                               "person:bob@example.org")] == [
            "Private", "Team private", "Public", "bob@example.org"]
        assert Tag("group:private", "hot", "e:x").value(alice) == "private/hot"
        assert Tag("person:alice@example.org", "hot", "e:x").value(alice) == "@me/hot"
        archive.set_membership("private", "alice@example.org", False, actor="cli:test")
        assert archive.groups() == {}


def test_a_tag_named_with_accents_is_found_typed_with_or_without_them(world):
    """A search folds its words' accents (archive.accents): ``tag:`` compares tag names folded
    too, so a tag "Privilégié" is found as typed, without its accents, or from its facet."""
    with Archive.open(world.home) as archive:
        bob = archive.account("bob@example.org")
        (first, *_) = sorted(_keys(archive, "", filters=(("release", "test-release"),)))
        archive.work.apply_tag(bob, "Privilégié", [first], team="matter-1")
    with Archive.open(world.home, readonly=True) as archive:
        alice = _as(archive, "alice@example.org")
        for typed in ("tag:privilégié", "tag:privilegie", "tag:matter-1/privil*", "tag:PRIVILÉGIÉ"):
            assert _keys(alice, typed) == {first}, typed
        assert _keys(alice, "", filters=(("tag", "matter-1/privilégié"),)) == {first}


def test_a_restricted_release_hides_its_notes_and_tags_and_refuses_writes(world):
    with Archive.open(world.home) as archive:
        alice, carol = archive.account("alice@example.org"), archive.account("carol@example.org")
        note = archive.work.add_note(alice, f"e:{world.first}", "narwhal before the restriction")
        archive.work.apply_tag(alice, "narwhal", [f"e:{world.first}"])
        archive.restrict_release("test-release", people=["bob@example.org"], actor="cli:test")
        try:
            with pytest.raises(NotFound):
                archive.work.add_note(carol, f"e:{world.first}", "x")
            with pytest.raises(NotFound):
                archive.work.apply_tag(carol, "x", [f"e:{world.first}"])
            reader = archive.work.reader(alice)
            assert archive.work.notes_on([f"e:{world.first}"], reader) == []
            assert not [n for n in archive.work.notes(reader) if "narwhal" in n.text]
            assert archive.work.tags_on([f"e:{world.first}"], reader) == {}
            assert not archive.work.matching("note", "narwhal", False, reader)
            assert not archive.work.matching("tag", "narwhal", False, reader)
            with pytest.raises(NotFound):
                archive.work.delete_note(alice, note.id)
        finally:
            archive.restrict_release("test-release", actor="cli:test")
        assert [n.text for n in archive.work.notes(archive.work.reader(alice)) if "narwhal" in n.text]


def test_a_note_made_before_a_better_split_stays_on_the_email_now_covering_its_place(world):
    """GIVEN a note on an email id that a later split retired (its place now inside another email)
    THEN the note shows on that email and note: finds that email."""
    with Archive.open(world.home) as archive:
        archive.store.work.insert_note(
            {"id": "old0note", "author": "alice@example.org", "scope": "person:alice@example.org",
             "target": f"e:{world.retired}", "release": "test-release", "text": "gazelle from before",
             "quote": "", "start": 0, "end": 0, "created_at": "2020-01-01T00:00:00+00:00",
             "updated_at": "2020-01-01T00:00:00+00:00"},
            {"at": "2020-01-01T00:00:00+00:00", "actor": "cli:test", "action": "note.add", "target": "x",
             "details": "{}"})
        reader = archive.work.reader(archive.account("alice@example.org"))
        targets = archive.work.aliases(f"e:{world.hostile}")
        assert targets == [f"e:{world.hostile}", f"e:{world.retired}"]
        assert "gazelle from before" in [n.text for n in archive.work.notes_on(targets, reader)]
        assert "gazelle from before" not in [n.text for n in archive.work.notes_on(targets[:1], reader)]
        assert _keys(_as(archive, "alice@example.org"), "note:gazelle") == {f"e:{world.hostile}"}


def test_a_stamped_pdf_too_long_is_refused_with_what_to_do_before_any_file_is_read():
    from archive.exhibit_pdf import MAX_PAGES, stamped_exhibits
    from archive.work import Exhibit

    long = Exhibit(1, "e:x", "r", "citation", "link", "", "", "doc", tuple(range(1, MAX_PAGES + 2)))

    def unread(document_id):
        raise AssertionError("no file is read")

    with pytest.raises(AccountError, match="split the list"):
        stamped_exhibits([long], unread, lambda d, n: None)


@pytest.mark.parametrize(("quote", "start", "email", "before", "after", "expected"), [
    # a split: the passage in the part split off goes with it, at its place there
    ("approved", 31, "a", [("a", "Came through.\nFrom: Permits\nIt is approved.")],
     [("a", "Came through."), ("b", "It is approved.")], ("b", 6)),
    ("Came", 0, "a", [("a", "Came through.\nFrom: Permits\nIt is approved.")],
     [("a", "Came through."), ("b", "It is approved.")], ("a", 0)),
    # a merge: a passage of the email merged goes with the one before, at its place in the whole
    ("tide", 9, "b", [("a", "Hello."), ("b", "Bring the tide tables.")],
     [("a", "Hello.\nFrom: Jane\nBring the tide tables.")], ("a", 28)),
    # the same words twice: the second occurrence stays the second
    ("ok", 4, "a", [("a", "ok. ok. ok.")], [("a", "ok."), ("b", "ok. ok.")], ("b", 0)),
    # gone, or printed a different number of times once split (a header line held them)
    ("missing", 0, "a", [("a", "Nothing here.")], [("a", "Nothing here.")], None),
    ("Permits", 19, "a", [("a", "Came through.\nFrom: Permits\nIt is approved.")],
     [("a", "Came through."), ("b", "It is approved.")], None),
])
def test_a_noted_passage_follows_its_words_when_the_emails_are_cut_again(quote, start, email, before, after,
                                                                        expected):
    assert follow(quote, start, email, before, after) == expected


def test_an_email_stamped_at_one_end_only_names_no_bates_range_its_citation_does_not(tmp_path):
    """GIVEN an email over pages 1–2 whose second page's stamp OCR did not read (its citation pins
    "two.pdf, pp. 1–2") WHEN it is put on an exhibit list and exported with a search THEN the
    exhibit's Bates column (CSV, Word) and the export's are empty, as the citation cites pages:
    they said "TEST-000001", one page of the two, for a brief's exhibit table to repeat."""
    import dataclasses

    from archive.files import sha256_file
    from archive.model import DocumentRecord
    from tests.web.conftest import RELEASE, email_record, make_pdf, page_record

    pdf = make_pdf(tmp_path / "two.pdf", ["From: Jane Roe\nSubject: Tide tables\n\nFirst page.", "Second page."])
    record = DocumentRecord(
        sha256=sha256_file(pdf), filename="two.pdf", size=pdf.stat().st_size, fingerprint="two",
        pages=(page_record(1, "First page."), dataclasses.replace(page_record(2, "Second page."), bates=None)),
        emails=(email_record(1, 2, subject="Tide tables", body="First page.\nSecond page.", bates_end=None),))
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(RELEASE)
        archive.add_document(RELEASE.slug, record, pdf)
        archive.add_account("al@example.org", "reader", actor="cli:test")
        account = archive.account("al@example.org")
        (email,) = archive.iter_emails()
        made = archive.work.create_exhibit_list(account, "Motion")
        archive.work.add_exhibits(account, made.id, [f"e:{email.id}"])
        (row,) = archive.work.exhibits(made.id, archive.work.reader(account), lambda target: "P")
        assert ", at two.pdf, pp. 1\u20132 (" in row.citation and row.bates == ""
        (exported,) = archive.export(SearchRequest(query="tide"))
        assert exported["bates"] == "" and exported["pages"] == "pp. 1\u20132"


def test_two_changes_to_one_exhibit_list_at_once_both_take_effect(tmp_path):
    """GIVEN a list of three exhibits WHEN two requests (two handles, as two server processes) move
    two of them up at the same moment, the first slow to write after it read the list THEN both
    moves stand, in one order or the other: the second reads the list once the first has written
    it (each read the list outside its write, so the later write undid the earlier move)."""
    import threading
    import time

    (tmp_path / "b").mkdir()
    built = build_archive(tmp_path / "b")
    with Archive.open(built.home) as archive:
        archive.add_account("al@example.org", "reader", actor="cli:test")
        account = archive.account("al@example.org")
        made = archive.work.create_exhibit_list(account, "Motion")
        a, b, c = (f"e:{e.id}" for e in list(archive.iter_emails())[:3])
        archive.work.add_exhibits(account, made.id, [a, b, c])

    def move(target: str, pause: float) -> None:
        with Archive.open(built.home) as archive:  # its own connection, as another request's
            work = archive.work
            read = work.tables.exhibit_rows

            def slow_read(list_id):  # type: ignore[no-untyped-def]
                rows = read(list_id)
                time.sleep(pause)
                return rows

            work.tables.exhibit_rows = slow_read  # type: ignore[method-assign]
            work.move_exhibit(archive.account("al@example.org"), made.id, target, by=-1)

    first = threading.Thread(target=move, args=(c, 0.5))
    second = threading.Thread(target=move, args=(b, 0.0))
    first.start()
    time.sleep(0.15)  # the first has read the list and is waiting to write
    second.start()
    first.join(30)
    second.join(30)
    with Archive.open(built.home) as archive:
        account = archive.account("al@example.org")
        order = [r.target for r in archive.work.exhibits(made.id, archive.work.reader(account), lambda t: "P")]
    assert order == [a, b, c]  # c up to 2 ([a, c, b]), then b up from 3 to 2


def test_two_people_saving_work_at_the_same_moment_both_keep_it(tmp_path):
    """GIVEN two people (two handles, as two server processes) WHEN each adds notes, tags and
    exhibit rows at the same moment, over and over THEN every one is stored: a write waits for
    the other's to end (each opened its transaction deferred and read before writing, and SQLite
    answered "database is locked" at once when the other had written since: 5 of 12 such pairs
    failed over the site, the note or row lost behind an error page)."""
    import threading

    (tmp_path / "b").mkdir()
    built = build_archive(tmp_path / "b")
    people = ("al@example.org", "bo@example.org")
    with Archive.open(built.home) as archive:
        for person in people:
            archive.add_account(person, "reader", actor="cli:test")
            archive.set_membership("matter-2", person, True, actor="cli:test")
        archive.restore_release("gone-release")
        made = archive.work.create_exhibit_list(archive.account(people[0]), "Motion", team="matter-2")
        targets = [f"e:{e.id}" for e in archive.iter_emails()]
    failures: list[BaseException] = []
    start = threading.Barrier(2)
    rounds = 25

    def save(person: str) -> None:
        try:
            with Archive.open(built.home) as archive:  # its own connection, as another request's
                account = archive.account(person)
                start.wait()
                for n in range(rounds):
                    target = targets[n % len(targets)]
                    archive.work.add_note(account, target, f"{person} note {n}")
                    archive.work.apply_tag(account, f"{person.split('@')[0]}-{n}", [target])
                    archive.work.add_exhibits(account, made.id, [target])
        except BaseException as exc:  # noqa: BLE001 (reported below)
            failures.append(exc)

    threads = [threading.Thread(target=save, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    with Archive.open(built.home) as archive:
        for person in people:
            reader = archive.work.reader(archive.account(person))
            assert len([n for n in archive.work.notes(reader) if n.text.startswith(person)]) == rounds
        rows = archive.work.exhibits(made.id, archive.work.reader(archive.account(people[0])), lambda t: "P")
        assert len(rows) == min(rounds, len(targets))


def _reader_of_both_releases(archive):
    """A reader's account, and the reader, with the withdrawn release of ``build_archive`` restored."""
    archive.add_account("al@example.org", "reader", actor="cli:test")
    account = archive.account("al@example.org")
    archive.restore_release("gone-release")
    return account, archive.work.reader(account)


def _listed(archive, targets):
    """A reader's exhibit list "Motion" of ``targets``: (account, reader, list id)."""
    account, reader = _reader_of_both_releases(archive)
    made = archive.work.create_exhibit_list(account, "Motion")
    archive.work.add_exhibits(account, made.id, targets)
    return account, reader, made.id


def test_a_row_of_a_withdrawn_release_keeps_its_exhibit_number_and_shows_nothing_of_it(tmp_path):
    """GIVEN a list Ex. 1–3 whose Ex. 2 is in a release withdrawn after it was listed WHEN the list
    is read, renumbered and exported THEN Ex. 3 is still Ex. 3 (a brief filed cites it so), Ex. 2
    says it was withdrawn and why, with none of the record's text, the stamped PDF gives it a slip
    sheet, and the row can be moved and removed (it vanished: Ex. 3 became Ex. 2, and the row could
    not be removed by anyone)."""
    import pypdfium2

    from archive.exhibit_pdf import stamped_exhibits

    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        listed = [f"e:{built.first}", f"e:{built.gone}", f"e:{built.reply}"]
        account, reader, list_id = _listed(archive, listed)
        archive.withdraw_release("gone-release", "released in error")
        rows = archive.work.exhibits(list_id, reader, lambda target: f"https://foia.test/{target}")
        assert [(r.number, r.target) for r in rows] == [(1, listed[0]), (2, listed[1]), (3, listed[2])]
        assert rows[1].withdrawn == "released in error" and rows[0].withdrawn == rows[2].withdrawn == ""
        assert rows[1].citation == f"Withdrawn from the archive (released in error); was cited at https://foia.test/{listed[1]}"
        assert (rows[1].bates, rows[1].date, rows[1].pages) == ("", "", ())
        pdf = pypdfium2.PdfDocument(stamped_exhibits(
            rows, lambda doc: archive.original(archive.document(doc)), lambda doc, n: archive.page(doc, n).bates))
        assert len(pdf) == 3 and "Withdrawn from the archive" in pdf[1].get_textpage().get_text_range()
        pdf.close()
        archive.work.move_exhibit(account, list_id, listed[2], 2)
        assert [r.target for r in archive.work.exhibits(list_id, reader, str)] == [listed[0], listed[2], listed[1]]
        archive.work.number_by_date(account, list_id)
        archive.work.remove_exhibit(account, list_id, listed[1])
        assert [r.target for r in archive.work.exhibits(list_id, reader, str)] == [listed[0], listed[2]]


def test_two_teammates_give_a_row_the_same_exhibit_number_when_one_may_not_read_another_row(tmp_path):
    """GIVEN a team list Ex. 1–3 whose Ex. 2 is in a release restricted to one teammate (al) WHEN
    the other (bo) reads it, exports it, and moves a row THEN bo's Ex. 3 is al's Ex. 3 (it was
    Ex. 2: the same document under two numbers in two exports of one list), his Ex. 2 a
    placeholder naming nothing of its record (no target, release, citation, reason, even once it
    is also withdrawn), the stamped PDF a slip sheet for it, and his moves count it as al's do:
    a row moved to its number goes past it, and arrows step over it."""
    import pypdfium2

    from archive.exhibit_pdf import stamped_exhibits

    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        al, _ = _reader_of_both_releases(archive)
        archive.add_account("bo@example.org", "reader", actor="cli:test")
        for member in ("al@example.org", "bo@example.org"):
            archive.set_membership("matter-3", member, True, actor="cli:test")
        bo = archive.account("bo@example.org")
        al_reader, bo_reader = archive.work.reader(al), archive.work.reader(bo)
        archive.restrict_release("gone-release", people=["al@example.org"], groups=[], actor="cli:test")
        made = archive.work.create_exhibit_list(al, "Motion", team="matter-3")
        listed = [f"e:{built.first}", f"e:{built.gone}", f"e:{built.reply}"]
        archive.work.add_exhibits(al, made.id, listed)

        def link(target: str) -> str:
            return f"https://foia.test/{target}"

        theirs = archive.work.exhibits(made.id, al_reader, link)
        mine = archive.work.exhibits(made.id, bo_reader, link)
        assert [(r.number, r.target) for r in theirs] == [(1, listed[0]), (2, listed[1]), (3, listed[2])]
        assert [(r.number, r.target, r.hidden) for r in mine] == [(1, listed[0], False), (2, "", True),
                                                                  (3, listed[2], False)]
        assert mine[2].citation == theirs[2].citation
        archive.withdraw_release("gone-release", "released in error")
        hidden = archive.work.exhibits(made.id, bo_reader, link)[1]
        assert archive.work.exhibits(made.id, al_reader, link)[1].withdrawn == "released in error"
        shown = " ".join(str(value) for value in vars(hidden).values())
        for secret in (built.gone, "gone-release", "Withdrawn release", "released in error", "OTHER", "http"):
            assert secret not in shown, secret
        assert (hidden.withdrawn, hidden.bates, hidden.date, hidden.pages, hidden.permalink) == ("", "", "", (), "")

        pdf = pypdfium2.PdfDocument(stamped_exhibits(
            mine, lambda doc: archive.original(archive.document(doc)), lambda doc, n: archive.page(doc, n).bates))
        assert len(pdf) == 3 and "Not shown" in pdf[1].get_textpage().get_text_range()
        pdf.close()

        archive.work.move_exhibit(bo, made.id, listed[0], 2)  # Ex. 2 is al's: the row goes past it
        assert [r.target for r in archive.work.exhibits(made.id, al_reader, str)] == [listed[2], listed[1], listed[0]]
        (entry, *_) = archive.audit_trail(target=f"exhibits:{made.id}", limit=1)
        assert (entry.details["before"], entry.details["after"]) == (1, 3)  # the numbers as both read them
        archive.work.move_exhibit(bo, made.id, listed[0], by=-1)
        assert [r.target for r in archive.work.exhibits(made.id, al_reader, str)] == [listed[0], listed[1], listed[2]]
        archive.work.move_exhibit(bo, made.id, listed[2], 2)  # upwards: to the nearest row before it
        assert [r.target for r in archive.work.exhibits(made.id, al_reader, str)] == [listed[2], listed[1], listed[0]]


def test_a_full_exhibit_list_takes_a_record_already_on_it_and_says_how_full_it_is(tmp_path, monkeypatch):
    """GIVEN a list at its cap WHEN a record already on it is added again THEN nothing changes and
    no error (it was counted as a new row: the list refused it); WHEN a new one is added THEN
    the refusal says how many rows the list holds."""
    import archive.work as work_module

    monkeypatch.setattr(work_module, "MAX_EXHIBITS", 2)
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        account, reader = _reader_of_both_releases(archive)
        made = archive.work.create_exhibit_list(account, "Motion")
        listed = [f"e:{built.first}", f"e:{built.reply}"]
        archive.work.add_exhibits(account, made.id, listed)
        archive.work.add_exhibits(account, made.id, listed[:1])
        assert [r.target for r in archive.work.exhibits(made.id, reader, str)] == listed
        with pytest.raises(AccountError, match="at most 2 rows and this one holds 2; start another list"):
            archive.work.add_exhibits(account, made.id, [f"e:{built.gone}"])


def test_a_row_whose_record_a_correction_replaced_says_what_was_listed(tmp_path):
    """GIVEN a list citing an email id a better split has since retired WHEN the list is read THEN
    the row cites the email covering its place and says which permalink was listed (it changed
    under its reader, with no notice), in the Word table and the stamped PDF (a notice sheet) too;
    a row whose record stands says nothing."""
    import io

    import docx
    import pypdfium2

    from archive.exhibit_docx import exhibit_table
    from archive.exhibit_pdf import stamped_exhibits

    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        _, reader, list_id = _listed(archive, [f"e:{built.hostile}", f"e:{built.first}"])
        # listed before the better split retired the id it then had
        archive.store.db.execute("update exhibits set target = ? where target = ?",
                                 [f"e:{built.retired}", f"e:{built.hostile}"])
        moved, kept = archive.work.exhibits(list_id, reader, lambda target: f"https://foia.test/{target}")
        assert moved.permalink == f"https://foia.test/e:{built.hostile}"
        assert moved.listed_as == f"https://foia.test/e:{built.retired}"
        assert kept.listed_as == ""
        assert not moved.changed  # same pages, date and citation: only the permalink differs
        # the Word table and the stamped PDF say the permalink listed, as the list page and the CSV
        # do (they gave the new one without a word: a brief filed cites the one listed)
        table = docx.Document(io.BytesIO(exhibit_table("Motion", [moved, kept])))
        described = [row.cells[1].text for row in table.tables[0].rows[1:]]
        assert f"Listed as https://foia.test/e:{built.retired}" in described[0]
        assert "Listed as" not in described[1]
        pdf = pypdfium2.PdfDocument(stamped_exhibits(
            [moved, kept], lambda doc: archive.original(archive.document(doc)), lambda doc, n: archive.page(doc, n).bates))
        texts = [page.get_textpage().get_text_range() for page in pdf]
        pdf.close()
    assert len(texts) == 3 and "EXHIBIT 1" in texts[0] and f"e:{built.retired}" in " ".join(texts[0].split())
    assert "Listed as" not in texts[2]


def test_new_matches_in_a_release_its_owner_may_no_longer_read_are_not_counted(tmp_path):
    """GIVEN a saved search with new matches in two releases WHEN one is withdrawn, or restricted
    to others THEN the count of new matches (home page, saved searches) counts only those its owner
    may read, as its page lists them (it counted them all: "2 new" beside one match listed, and
    how many records matched in a release one may not read)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        account, reader = _reader_of_both_releases(archive)
        saved = archive.work.save_search(account, "pilot", "pilot", ())
        found = [f"e:{built.first}", f"e:{built.gone}"]
        archive.work.alert_saved_searches("batch-1", [built.doc_id, built.gone_doc], lambda *_: found)
        assert [s.unseen for s in archive.work.saved_searches(reader)] == [2]
        archive.withdraw_release("gone-release", "released in error")
        assert [a.target for a in archive.work.alerts(saved, reader)] == found[:1]
        assert [s.unseen for s in archive.work.saved_searches(reader)] == [1]
        archive.restore_release("gone-release")
        archive.add_account("other@example.org", "reader", actor="cli:test")
        archive.restrict_release("gone-release", people=["other@example.org"], groups=[], actor="cli:test")
        assert [s.unseen for s in archive.work.saved_searches(reader)] == [1]
        assert archive.work.saved_search(saved.id, reader).unseen == 1


def _counting(monkeypatch, tables, name: str) -> list[int]:
    """Count the calls of one of the work tables' reads (what a search costs, not how long it takes)."""
    calls: list[int] = []
    read = getattr(tables, name)

    def counted(*args, **kw):
        calls.append(1)
        return read(*args, **kw)

    monkeypatch.setattr(tables, name, counted)
    return calls


def test_a_search_reads_the_readers_tags_once_however_many_tag_names_they_have(world, monkeypatch):
    """GIVEN a reader with 30 tag names on the release's records (a tag facet counts each name
    over the result, and a search may filter by several)
    WHEN they search, with and without tag filters
    THEN their tag rows are read once a search, never once a tag name, and each count is right"""
    with Archive.open(world.home) as archive:
        every = sorted(_keys(archive, "", filters=(("release", "test-release"),)))
        dora = archive.add_account("dora@example.org", "reader", actor="cli:test")
        for n in range(30):
            archive.work.apply_tag(dora, f"t{n:02d}", every[:1 + n % len(every)])
    with Archive.open(world.home, readonly=True) as archive:
        dora = _as(archive, "dora@example.org")
        expected = {f"@me/t{n:02d}": len(_keys(dora, f"tag:@me/t{n:02d} facial")) for n in range(30)}
        reads = _counting(monkeypatch, archive.work.tables, "tag_rows")
        facet = dora.search(SearchRequest(query="facial")).facets["tag"]
        assert len(reads) == 1
        assert {v.value: v.count for v in facet} == {v: c for v, c in expected.items() if c}
        filtered = dora.search(SearchRequest(query="facial", filters=tuple(("tag", f"@me/t{n:02d}") for n in range(30))))
        assert len(reads) == 2 and filtered.total == len(_keys(dora, "facial"))


def test_note_clauses_ask_the_notes_kept_words_never_their_text(world, monkeypatch):
    """GIVEN a reader's notes, one edited and one deleted since it was written
    WHEN they search with several note: clauses (words, a phrase, a prefix, any note)
    THEN each matches by the words the note holds now, and no note's text is read and split
    again for the search (that cost seconds a clause with long notes)"""
    with Archive.open(world.home) as archive:
        erin = archive.add_account("erin@example.org", "reader", actor="cli:test")
        archive.work.add_note(erin, f"e:{world.first}", "ÜBERWEISUNG privileged memo_1")
        edited = archive.work.add_note(erin, f"e:{world.reply}", "gnu first thought")
        archive.work.edit_note(erin, edited.id, "yak second thought")
        gone = archive.work.add_note(erin, f"e:{world.hostile}", "gnu deleted")
        archive.work.delete_note(erin, gone.id)
    with Archive.open(world.home, readonly=True) as archive:
        erin = _as(archive, "erin@example.org")
        reads = _counting(monkeypatch, archive.work.tables, "note_rows")
        first, reply = f"e:{world.first}", f"e:{world.reply}"
        assert _keys(erin, "note:überweisung note:privileged") == {first} == _keys(erin, "note:uberweisung")
        assert _keys(erin, 'note:"privileged memo_1"') == {first} == _keys(erin, "note:memo_1")
        assert _keys(erin, "note:memo") == set() and _keys(erin, "note:mem*") == {first}
        assert _keys(erin, "note:yak") == {reply} and _keys(erin, "note:gnu") == set()
        assert _keys(erin, "note:thought OR note:privileged") == {first, reply}
        assert {first, reply} <= _keys(erin, "note:*")  # and what editors published for everyone
        assert reads == []


def _noted_before(tmp_path, text: str, migration: str, undo: str):
    """An archive with fay's note on its first email as it was before ``migration``: ``undo``
    run, the migration marked not applied."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        fay = archive.add_account("fay@example.org", "reader", actor="cli:test")
        archive.work.add_note(fay, f"e:{built.first}", text)
        archive.store.db.execute(undo)
        archive.store.db.execute("delete from _sqlite_migrations where name = ?", [migration])
        archive.store.db.conn.commit()
    return built


def test_notes_written_before_their_words_were_kept_are_found_once_the_archive_is_opened(tmp_path):
    """GIVEN an archive whose notes were written before the notes' words were kept (the
    migration m032_note_words not yet applied)
    WHEN it is read before any writer opened it, and once a writer has
    THEN note: finds those notes both times: from their text, then from their words kept"""
    built = _noted_before(tmp_path, "okapi sighting", "m032_note_words", "drop table note_words")
    with Archive.open(built.home, readonly=True) as archive:
        assert _keys(_as(archive, "fay@example.org"), "note:okapi") == {f"e:{built.first}"}
    with Archive.open(built.home) as archive:
        assert archive.store.db.execute("select count(*) from note_words").fetchone()[0] == 2
        assert _keys(_as(archive, "fay@example.org"), "note:okapi") == {f"e:{built.first}"}


def test_notes_kept_before_accents_were_folded_are_found_either_way_once_the_archive_is_opened(tmp_path):
    """GIVEN a note whose words were kept with their accents (before m034_note_words_folded)
    WHEN a writer opens the archive THEN note: finds it typed with or without them."""
    built = _noted_before(tmp_path, "Café sighting", "m034_note_words_folded",
                          "update note_words set word = 'café' where word = 'cafe'")
    with Archive.open(built.home) as archive:
        for typed in ("note:cafe", "note:café", "note:CAFÉ"):
            assert _keys(_as(archive, "fay@example.org"), typed) == {f"e:{built.first}"}, typed


def test_exhibit_rows_listed_before_their_citation_was_kept_read_as_they_did(tmp_path):
    """GIVEN a list whose row was added before rows kept the citation they were listed with (the
    migration m033_exhibits_cited_as_listed not yet applied) WHEN it is read before any writer
    opened the archive, and once one has THEN the row reads as it did, no change said (nothing
    to compare its citation with), and a row added since keeps its citation, without its
    permalink."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        account, reader = _reader_of_both_releases(archive)
        made = archive.work.create_exhibit_list(account, "Motion")
        archive.work.add_exhibits(account, made.id, [f"e:{built.first}"])
        archive.store.db.execute("alter table exhibits drop column listed_citation")
        archive.store.db.execute("delete from _sqlite_migrations where name = 'm033_exhibits_cited_as_listed'")
        archive.store.db.conn.commit()
    with Archive.open(built.home, readonly=True) as archive:
        (row,) = archive.work.exhibits(made.id, reader, lambda target: "https://foia.test/x")
        assert (row.changed, row.listed) == ("", None)
    with Archive.open(built.home) as archive:
        archive.work.add_exhibits(account, made.id, [f"e:{built.reply}"])
        kept = archive.store.db.execute("select listed_citation from exhibits where list_id = ? order by position",
                                        [made.id]).fetchall()
        old, new = archive.work.exhibits(made.id, reader, lambda target: "https://foia.test/x")
    assert kept[0] == (None,) and new.citation == f"{kept[1][0]}, https://foia.test/x"
    assert old.changed == new.changed == ""


def test_a_row_given_no_number_or_one_below_1_stays_where_it_is_and_says_why(tmp_path):
    """GIVEN a list of three WHEN a row is "renumbered" with its number box left empty (the form
    sends 0) or below 1 THEN it is refused, saying what to type, and no row moves (it became Ex. 1,
    every row before it renumbered: a brief's exhibit numbers changed by an empty box)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        listed = [f"e:{built.first}", f"e:{built.reply}", f"e:{built.hostile}"]
        account, reader, list_id = _listed(archive, listed)
        for number in (0, -2):
            with pytest.raises(AccountError, match="a number from 1 to 3"):
                archive.work.move_exhibit(account, list_id, listed[2], number)
        assert [r.target for r in archive.work.exhibits(list_id, reader, str)] == listed
        archive.work.move_exhibit(account, list_id, listed[2], 9)  # past the end: the last row, as it was
        archive.work.move_exhibit(account, list_id, listed[2], 1)
        assert [r.target for r in archive.work.exhibits(list_id, reader, str)] == [listed[2], *listed[:2]]



def test_numbering_a_list_by_date_or_removing_a_row_keeps_the_numbers_before_in_the_audit(tmp_path):
    """GIVEN a list numbered by hand WHEN it is numbered by date, and a row is removed THEN the
    audit entries say the numbering before and after (a click on "Number by date sent" lost the
    hand-made order for good: the entry said only {"by": "date"}) and the number the removed row had."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        by_hand = [f"e:{built.first}", f"e:{built.hostile}", f"p:{built.doc_id}:4"]
        account, reader, list_id = _listed(archive, by_hand)
        archive.work.number_by_date(account, list_id)
        by_date = [r.target for r in archive.work.exhibits(list_id, reader, str)]
        assert by_date != by_hand
        archive.work.remove_exhibit(account, list_id, by_date[1])
        removed, renumbered = archive.audit_trail(target=f"exhibits:{list_id}", limit=2)
    assert renumbered.action == "exhibit.renumber"
    assert renumbered.details["before"] == by_hand and renumbered.details["after"] == by_date
    assert removed.action == "exhibit.remove" and removed.details["number"] == 2
    assert removed.details["after"] == [by_date[0], by_date[2]]


def test_a_passage_pasted_with_other_line_breaks_is_noted_as_the_email_prints_it(tmp_path):
    """GIVEN an email whose text breaks a line inside a passage WHEN a reader notes the passage
    pasted or typed with a space there (from the PDF, a draft, or the form without JavaScript) THEN
    the note keeps the words as the email prints them, where they are (it was refused: "the selected
    text is not in the email's text", though a passage is found again across changed spacing)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        account, _ = _reader_of_both_releases(archive)
        body = archive.email(built.first).body
        assert "pilot.\n<script>" in body
        note = archive.work.add_note(account, f"e:{built.first}", "Said before the meeting",
                                     quote="recognition  pilot. <script>")
        assert note.quote == "recognition pilot.\n<script>" and body[note.start:].startswith(note.quote)
        with pytest.raises(AccountError, match="not in the email's text"):
            archive.work.add_note(account, f"e:{built.first}", "x", quote="recognition pilots")


def test_a_private_exhibit_list_is_shared_with_a_team_by_its_maker_rows_and_numbers_kept(tmp_path):
    """GIVEN a list a paralegal built for herself WHEN she shares it with her team THEN her teammate
    reads it, every row under the same number (a private list could not be shared at all: the
    teammate got 404 and the rows had to be added again, one by one, into a team list); only its
    maker shares it, with a team she is in, and the share is audited before and after."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        dana, _, list_id = _listed(archive, [f"e:{built.reply}", f"e:{built.first}"])
        archive.add_account("kent@example.org", "reader", actor="cli:test")
        for member in ("al@example.org", "kent@example.org"):
            archive.set_membership("matter-3", member, True, actor="cli:test")
        mary = archive.account("kent@example.org")
        marys = archive.work.reader(mary)
        with pytest.raises(NotFound):
            archive.work.exhibit_list(list_id, marys)
        with pytest.raises(AccountError, match="not in the team"):
            archive.work.share_exhibit_list(dana, list_id, "matter-9")
        archive.work.share_exhibit_list(dana, list_id, "matter-3")
        assert archive.work.exhibit_list(list_id, marys).scope == "group:matter-3"
        rows = archive.work.exhibits(list_id, marys, str)
        assert [(r.number, r.target) for r in rows] == [(1, f"e:{built.reply}"), (2, f"e:{built.first}")]
        with pytest.raises(AccountError, match="only its maker"):
            archive.work.share_exhibit_list(mary, list_id, "matter-3")
        (entry,) = archive.audit_trail(target=f"exhibits:{list_id}", limit=1)
    assert entry.action == "exhibit.share" and entry.actor == "al@example.org"
    assert entry.details == {"before": "person:al@example.org", "after": "group:matter-3"}


def test_a_teams_exhibit_list_moves_to_another_team_only_when_the_move_is_confirmed(tmp_path):
    """GIVEN a list shared with one team WHEN its maker shares it with another team she is in THEN
    it is refused unless the move is confirmed, saying the first team's members lose it (it moved
    unasked: the teammates who built it answered 404); confirmed, it moves, audited."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        dana, _, list_id = _listed(archive, [f"e:{built.reply}"])
        for team in ("matter-3", "matter-4"):
            archive.set_membership(team, "al@example.org", True, actor="cli:test")
        archive.work.share_exhibit_list(dana, list_id, "matter-3")
        with pytest.raises(AccountError, match="takes it from matter-3's members"):
            archive.work.share_exhibit_list(dana, list_id, "matter-4")
        assert archive.work.exhibit_list(list_id, archive.work.reader(dana)).scope == "group:matter-3"
        archive.work.share_exhibit_list(dana, list_id, "matter-4", moving=True)
        assert archive.work.exhibit_list(list_id, archive.work.reader(dana)).scope == "group:matter-4"


def test_a_note_changed_in_another_tab_since_it_was_opened_is_not_overwritten_or_deleted(tmp_path):
    """GIVEN a note open in two tabs WHEN it is edited in one, then saved (or deleted) in the other
    from the text that tab showed THEN the second is refused, saying why and what to do, and the
    first edit stands (it was overwritten: the audit keeps only digests, so that text was lost)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        account, reader = _reader_of_both_releases(archive)
        note = archive.work.add_note(account, f"e:{built.first}", "Call Roe")
        first_tab = second_tab = note.version
        archive.work.edit_note(account, note.id, "Call Roe; she confirmed the pilot date", was=first_tab)
        with pytest.raises(AccountError, match="changed after you opened it"):
            archive.work.edit_note(account, note.id, "Call Roe today", was=second_tab)
        with pytest.raises(AccountError, match="changed after you opened it"):
            archive.work.delete_note(account, note.id, was=second_tab)
        (kept,) = archive.work.notes_on([f"e:{built.first}"], reader)
        assert kept.text == "Call Roe; she confirmed the pilot date"
        archive.work.edit_note(account, note.id, "Call Roe again", was=kept.version)
        archive.work.delete_note(account, note.id)  # a form without the version (an older page) still works
        assert archive.work.notes_on([f"e:{built.first}"], reader) == []


def test_an_exhibit_list_is_renamed_and_deleted_by_who_may_change_it_and_its_rows_kept_in_the_audit(tmp_path):
    """GIVEN a list of two rows shared with a team WHEN a teammate renames it and its maker deletes
    it THEN both are audited (the title before and after; the rows as they were, numbered), and the
    list's id then answers Deleted, saying by whom and when, to those who read it, NotFound to
    anyone else, for reading, exporting and adding alike; it is no longer listed, its rows are
    gone and its own row stays, so the id is never made again (a list could not be renamed or
    deleted at all)."""
    from archive import Deleted

    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        listed = [f"e:{built.reply}", f"e:{built.first}"]
        dana, reader, list_id = _listed(archive, listed)
        jane = archive.add_account("jane.roe@example.org", "reader", actor="cli:test")
        stranger = archive.work.reader(archive.add_account("okafor@example.org", "reader", actor="cli:test"))
        for member in ("al@example.org", "jane.roe@example.org"):
            archive.set_membership("matter-3", member, True, actor="cli:test")
        archive.work.share_exhibit_list(dana, list_id, "matter-3")
        reader = archive.work.reader(dana)  # now in the team
        with pytest.raises(AccountError, match="needs a title"):
            archive.work.rename_exhibit_list(jane, list_id, "   ")
        archive.work.rename_exhibit_list(jane, list_id, "  Motion   to compel ")
        assert archive.work.exhibit_list(list_id, reader).title == "Motion to compel"
        (renamed,) = archive.audit_trail(target=f"exhibits:{list_id}", limit=1)
        assert (renamed.action, renamed.actor) == ("exhibit.rename", "jane.roe@example.org")
        assert renamed.details == {"before": "Motion", "after": "Motion to compel"}
        with pytest.raises(NotFound):
            archive.work.delete_exhibit_list(archive.account("okafor@example.org"), list_id)
        archive.work.delete_exhibit_list(dana, list_id)
        (deleted,) = archive.audit_trail(target=f"exhibits:{list_id}", limit=1)
        for who in (reader, archive.work.reader(jane)):
            with pytest.raises(Deleted, match=r"\u201cMotion to compel\u201d was deleted by al@example.org on 20"):
                archive.work.exhibits(list_id, who, str)
            assert archive.work.exhibit_lists(who) == []
        with pytest.raises(Deleted):
            archive.work.add_exhibits(jane, list_id, [f"e:{built.first}"])
        with pytest.raises(Deleted):
            archive.work.rename_exhibit_list(dana, list_id, "Again")
        with pytest.raises(NotFound) as outsider:
            archive.work.exhibit_list(list_id, stranger)
        assert not isinstance(outsider.value, Deleted)
        left = archive.store.db.execute("select count(*) from exhibits where list_id = ?", [list_id]).fetchone()[0]
        kept = archive.store.db.execute("select deleted_by from exhibit_lists where id = ?", [list_id]).fetchall()
    assert left == 0 and kept == [("al@example.org",)]
    assert (deleted.action, deleted.actor) == ("exhibit.delete", "al@example.org")
    assert deleted.details["title"] == "Motion to compel" and deleted.details["scope"] == "group:matter-3"
    rows = deleted.details["rows"]
    assert [(r["number"], r["target"]) for r in rows] == [(1, listed[0]), (2, listed[1])]
    assert rows[0]["added_by"] == "al@example.org" and rows[0]["listed_citation"].startswith("Email from")


def test_exhibit_lists_read_before_deleted_lists_were_kept_read_as_they_did(tmp_path):
    """GIVEN an archive whose lists were made before a deleted list was kept (the migration
    m036_exhibit_lists_deleted not yet applied) WHEN it is read before any writer opened it, and
    once one has THEN its lists read as they did, and then one is deleted."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        dana, reader, list_id = _listed(archive, [f"e:{built.first}"])
        for column in ("deleted_at", "deleted_by"):
            archive.store.db.execute(f"alter table exhibit_lists drop column {column}")
        archive.store.db.execute("delete from _sqlite_migrations where name = 'm036_exhibit_lists_deleted'")
        archive.store.db.conn.commit()
    with Archive.open(built.home, readonly=True) as archive:
        assert [x.id for x in archive.work.exhibit_lists(reader)] == [list_id]
        assert len(archive.work.exhibits(list_id, reader, str)) == 1
    with Archive.open(built.home) as archive:
        archive.work.delete_exhibit_list(dana, list_id)
        assert archive.work.exhibit_lists(reader) == []


def test_numbering_by_date_is_undone_to_the_numbers_before_only_while_the_list_is_unchanged_since(tmp_path):
    """GIVEN a list numbered by hand, then by date WHEN the numbering by date is undone THEN every
    row has its number from before again (audited, the order before and after) and it cannot be
    undone twice; WHEN a row is moved after numbering by date THEN undoing is refused, saying
    what changed and by whom, and no row moves (one click on "Number by date sent" lost a
    hand-made numbering a draft brief cited: it could only be rebuilt from the audit by hand)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        listed = [f"e:{built.first}", f"e:{built.reply}", f"e:{built.hostile}"]
        account, reader, list_id = _listed(archive, listed)
        archive.work.move_exhibit(account, list_id, listed[0], 3)

        def order():
            return [r.target for r in archive.work.exhibits(list_id, reader, str)]

        by_hand = order()
        assert archive.work.numbering(list_id, reader) is None
        archive.work.number_by_date(account, list_id)
        by_date = order()
        assert by_date != by_hand and archive.work.numbering(list_id, reader).undoable
        archive.work.undo_number_by_date(account, list_id)
        assert order() == by_hand and archive.work.numbering(list_id, reader) is None
        (undone,) = archive.audit_trail(target=f"exhibits:{list_id}", limit=1)
        assert (undone.action, undone.details["before"], undone.details["after"]) == (
            "exhibit.renumber-undo", by_date, by_hand)
        with pytest.raises(AccountError, match="undone already"):
            archive.work.undo_number_by_date(account, list_id)
        archive.work.number_by_date(account, list_id)
        archive.work.move_exhibit(account, list_id, by_date[0], by=1)
        moved = order()
        numbered = archive.work.numbering(list_id, reader)
        assert not numbered.undoable and "a row was moved by al@example.org" in numbered.why
        with pytest.raises(AccountError, match="changed after it was numbered by date"):
            archive.work.undo_number_by_date(account, list_id)
        assert order() == moved


def _okafor_and_roe(tmp_path):
    """A fresh archive: dana (a reader) and jane (an editor), both of the team "matter-5"."""
    built = build_archive(tmp_path)
    archive = Archive.open(built.home)
    dana = archive.add_account("dana.okafor@example.org", "reader", actor="cli:test")
    jane = archive.add_account("jane.roe@example.org", "editor", actor="cli:test")
    for member in (dana.email, jane.email):
        archive.set_membership("matter-5", member, True, actor="cli:test")
    return built, archive, dana, jane


def test_a_notes_visibility_is_changed_by_its_author_within_the_rules_of_making_one(tmp_path):
    """GIVEN dana's private note WHEN she shares it with her team THEN jane reads it (audited, the
    scope before and after); she may not give it to a team she is not in, nor publish it (a
    reader); jane may not change dana's note; an editor publishes her own, and makes it private
    again (a note's visibility could not be changed at all once it was written)."""
    built, archive, dana, jane = _okafor_and_roe(tmp_path)
    with archive:
        target = f"e:{built.first}"
        note = archive.work.add_note(dana, target, "Ask the custodian")
        janes = archive.work.reader(jane)
        assert archive.work.notes_on([target], janes) == []
        with pytest.raises(AccountError, match="not in the team"):
            archive.work.set_note_visibility(dana, note.id, "team", team="matter-9")
        with pytest.raises(AccountError, match="only an editor may publish"):
            archive.work.set_note_visibility(dana, note.id, "public")
        with pytest.raises(NotFound):  # not hers to see
            archive.work.set_note_visibility(jane, note.id, "private")
        with pytest.raises(AccountError, match="changed after you opened it"):
            archive.work.set_note_visibility(dana, note.id, "team", team="matter-5", was="sha256:stale")
        shared = archive.work.set_note_visibility(dana, note.id, "team", team="matter-5", was=note.version)
        assert shared.visibility == "team" and [n.id for n in archive.work.notes_on([target], janes)] == [note.id]
        with pytest.raises(AccountError, match="only its author"):
            archive.work.set_note_visibility(jane, note.id, "private")
        (entry,) = archive.audit_trail(target=target, limit=1)
        assert (entry.action, entry.actor) == ("note.visibility", dana.email)
        assert entry.details == {"note": note.id, "before": f"person:{dana.email}", "after": "group:matter-5"}
        own = archive.work.add_note(jane, target, "For the record")
        assert archive.work.set_note_visibility(jane, own.id, "public").visibility == "public"
        assert [n.id for n in archive.work.notes_on([target], Reader())] == [own.id]
        archive.work.set_note_visibility(jane, own.id, "private")
        assert archive.work.notes_on([target], Reader()) == []


def test_a_tags_visibility_is_changed_by_who_applied_it_on_one_record_or_all_of_them(tmp_path):
    """GIVEN dana's own tag "hot" on two records WHEN she gives it to her team on one record, then
    on all THEN jane sees it on those records, the team's tag merging where it was already
    (audited: the tag, the scope before and after, how many records); jane may not move the
    team's tag dana applied, nor anyone to a team they are not in."""
    built, archive, dana, jane = _okafor_and_roe(tmp_path)
    with archive:
        first, reply = f"e:{built.first}", f"e:{built.reply}"
        archive.work.apply_tag(dana, "hot", [first, reply])
        janes = archive.work.reader(jane)
        with pytest.raises(AccountError, match="not in the team"):
            archive.work.set_tag_visibility(dana, "@me/hot", team="matter-9")
        assert archive.work.set_tag_visibility(dana, "@me/hot", team="matter-5", target=first) == 1
        assert [t.scope for t in archive.work.tags_on([first, reply], janes).get(first, [])] == ["group:matter-5"]
        assert archive.work.tags_on([reply], janes) == {}
        (entry,) = archive.audit_trail(target=first, limit=1)
        assert (entry.action, entry.details) == ("tag.visibility", {
            "tag": "hot", "before": f"person:{dana.email}", "after": "group:matter-5", "records": 1})
        archive.work.apply_tag(dana, "hot", [first])  # her own again, beside the team's
        assert archive.work.set_tag_visibility(dana, "@me/hot", team="matter-5") == 2
        assert {t: [x.scope for x in tags] for t, tags in archive.work.tags_on([first, reply], janes).items()} == {
            first: ["group:matter-5"], reply: ["group:matter-5"]}
        assert archive.work.tags_on([first, reply], archive.work.reader(dana)).keys() == {first, reply}
        with pytest.raises(AccountError, match="only who applied a tag"):
            archive.work.set_tag_visibility(jane, "matter-5/hot", target=first)
        with pytest.raises(NotFound):
            archive.work.set_tag_visibility(dana, "@me/hot")


def test_mark_all_seen_from_a_page_leaves_new_an_alert_found_after_the_page_was_drawn(tmp_path):
    """GIVEN a saved search with one alert shown on its page WHEN a batch adds another before "Mark
    all seen" is sent from that page THEN only the one the page showed is seen: the newer one stays
    new (it was marked seen unseen by anyone)."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        archive.add_account("al@example.org", "reader", actor="cli:test")
        account = archive.account("al@example.org")
        saved = archive.work.save_search(account, "Pilot", "pilot", [])
        (first, second) = [f"e:{e.id}" for e in list(archive.iter_emails())[:2]]

        def alert(target: str, at: str) -> None:
            archive.work.tables.insert_alerts([{"search_id": saved.id, "target": target, "release": "test-release",
                                                "batch_id": "b", "found_at": at, "seen": 0}],
                                              {"at": at, "actor": "runner", "action": "search.alert",
                                               "target": f"search:{saved.id}", "details": "{}"})
        alert(first, "2026-01-01T10:00:00+00:00")
        shown = archive.work.alerts(saved, archive.work.reader(account))
        alert(second, "2026-01-01T10:05:00+00:00")
        archive.work.mark_seen(account, saved.id, up_to=max(a.found_at for a in shown))
        seen = {a.target: a.seen for a in archive.work.alerts(saved, archive.work.reader(account))}
    assert seen == {first: True, second: False}


def test_an_exhibit_rows_text_is_compared_by_its_words_not_its_lines() -> None:
    """An email listed at p. 3, lines 1 to 12 and read again a line lower with the same words says
    nothing; the same lines with other words (a split, a merge) say its text changed."""
    from archive.work import Listing

    listed = Listing("TEST-000003", "doc", (3,), "2018-11-14", "Email from A", "3:0-3:12 aaaa")
    assert listed.changes(Listing("TEST-000003", "doc", (3,), "2018-11-14", "Email from A", "3:1-3:13 aaaa")) == ""
    assert listed.changes(Listing("TEST-000003", "doc", (3,), "2018-11-14", "Email from A", "3:0-3:6 bbbb")) == (
        "its text changed: listed as p. 3, lines 1 to 12; now p. 3, lines 1 to 6 (emails merged or split since)")


def test_the_saved_search_cap_is_counted_in_the_transaction_that_saves_and_a_resend_is_no_new_one(world, monkeypatch):
    """GIVEN an account at its cap of saved searches WHEN it saves another THEN it is refused
    (counted where the row is written, so two saved at the same moment cannot both pass); the
    form that made one of them sent again answers with it, as under the cap."""
    import archive.work as work

    monkeypatch.setattr(work, "MAX_SAVED", 2)
    with Archive.open(world.home) as archive:
        account = archive.account("carol@example.org")
        for saved in archive.work.saved_searches(archive.read_as(account).reader):
            archive.work.delete_saved_search(account, saved.id)
        first = archive.work.save_search(account, "One", "pilot", (), once="a" * 32)
        archive.work.save_search(account, "Two", "meeting", ())
        with pytest.raises(AccountError, match="at most 2 saved searches"):
            archive.work.save_search(account, "Three", "permit", ())
        assert archive.work.save_search(account, "One", "pilot", (), once="a" * 32).id == first.id
        assert len(archive.store.work.saved_search_rows("carol@example.org")) == 2


@given(st.lists(st.sampled_from(["pilot", "the", "facial", "a", " ", "\n", "  ", "\t\n ", "x"]), max_size=40),
       st.lists(st.sampled_from(["pilot", "the", "facial", "a", "x"]), min_size=1, max_size=4),
       st.sampled_from([" ", "\n", "  "]))
def test_a_passage_is_found_with_any_spacing_as_a_pattern_of_its_words_finds_it(pieces, words, joiner) -> None:
    """GIVEN any body and a passage of its words WHEN its occurrences are sought THEN they are
    the exact ones, else those a pattern of the words with any spacing between finds (the plain
    searches that replaced the pattern, which took seconds on a hostile passage, find the same)."""
    body, quote = "".join(pieces), joiner.join(words)
    exact = [(m.start(), m.end()) for m in re.finditer(re.escape(quote), body)]
    spaced = [(m.start(), m.end()) for m in re.finditer(r"\s+".join(map(re.escape, words)), body)]
    assert occurrences(body, quote) == (exact or spaced)


def test_a_team_s_name_made_again_does_not_hand_its_old_work_to_new_members(tmp_path):
    """GIVEN a team whose member wrote a team note and was then taken out (the team gone from the
    group list) WHEN an admin makes a group of that name again for someone else THEN it is refused,
    saying what still names it (was: the new member read the old team's privileged note); said
    knowingly (``reuse``), the new members take the work over; a name nothing names is made as before."""
    built = build_archive(tmp_path)
    with Archive.open(built.home) as archive:
        for email in ("alice@example.org", "bob@example.org"):
            archive.add_account(email, "reader", actor="cli:test")
        archive.set_membership("matter-x", "alice@example.org", True, actor="cli:test")
        alice = archive.account("alice@example.org")
        (target,) = [hit.key for hit in archive.search(SearchRequest(query="", page_size=1)).hits]
        archive.work.add_note(alice, target, "Privileged strategy", visibility="team", team="matter-x")
        archive.set_membership("matter-x", "alice@example.org", False, actor="cli:test")
        assert archive.groups() == {}
        with pytest.raises(AccountError, match="1 note") as refused:
            archive.set_membership("Matter-X", "bob@example.org", True, actor="cli:test")
        assert "--reuse" in str(refused.value) and archive.groups() == {}
        archive.set_membership("matter-y", "bob@example.org", True, actor="cli:test")  # (a new name: as before)
        archive.set_membership("matter-x", "bob@example.org", True, actor="cli:test", reuse=True)
        assert archive.groups() == {"matter-x": ["bob@example.org"], "matter-y": ["bob@example.org"]}
