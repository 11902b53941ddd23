"""`foia verify` checks the audit trail: its seals (a hash chain), and that it accounts for the
accounts, releases, access, groups and batches the database holds, and names only real ones."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from archive import Archive, Release
from archive.audit import chain_digest
from archive.batches import Received


@pytest.fixture
def archive(tmp_path):
    """An archive where every kind of audited change has happened, through the library."""
    with Archive.open(tmp_path / "home") as opened:
        opened.add_account("ed@example.org", "reader", actor="cli:test")
        opened.set_role("ed@example.org", "editor", actor="cli:test")
        opened.add_account("gone@example.org", "reader", actor="cli:test")
        opened.set_active("gone@example.org", False, actor="cli:test")
        opened.save_release(Release(slug="r1", title="One"), actor="cli:test")
        opened.save_release(Release(slug="r2", title="Two"), actor="cli:test")
        opened.set_membership("story-7", "ed@example.org", True, actor="cli:test")
        opened.restrict_release("r1", people=["gone@example.org"], groups=["story-7"], actor="cli:test")
        opened.withdraw_release("r2", "released in error", actor="cli:test")
        batch_id, folder = opened.new_upload()
        (folder / "a.pdf").write_bytes(b"%PDF-1.4\n")
        opened.create_batch(batch_id, "r1", [Received("a.pdf", "a.pdf", 9)], actor="ed@example.org")
        opened.sign_in("ed@example.org", "wrong password!")
        yield opened


def _tamper(archive: Archive, *statements: str) -> None:
    """Change the database behind the archive's back, as a hand edit would (triggers dropped)."""
    db = archive.store.db
    db.execute("pragma foreign_keys = off")
    for name in ("audit_no_update", "audit_no_delete", "audit_chain_no_update", "audit_chain_no_delete"):
        db.execute(f"drop trigger if exists {name}")
    for statement in statements:
        db.execute(statement)
    db.conn.commit()


def test_a_trail_written_through_the_library_agrees_and_every_entry_is_sealed(archive):
    report = archive.verify()
    assert report.ok, report.problems
    entries = list(archive.store.sealed_audit())
    assert report.audit_entries == len(entries) == 11
    previous = None
    for entry in entries:  # the trigger's seal is the documented chain
        previous = chain_digest(previous, entry.id, entry.at, entry.actor, entry.action, entry.target, entry.details)
        assert entry.digest == previous
    assert report.audit_head == previous


@pytest.mark.parametrize(("statements", "says"), [
    (["update audit set actor = 'someone-else' where id = 3"], "audit entry 3 "),
    (["update audit set details = '{\"role\": \"admin\"}' where id = 1"], "audit entry 1 "),
    (["delete from audit where id = 5", "delete from audit_chain where id = 5"], "audit entries 5 to 5 are missing"),
    (["delete from audit where id = (select max(id) from audit)",
      "delete from audit_chain where id = (select max(id) from audit_chain)"], "the newest entries were removed"),
    (["delete from audit where id = 1", "delete from audit_chain where id = 1"], "the start of the trail"),
    (["update audit_chain set digest = 'x' where id = 7"], "audit entry 7 "),
])
def test_a_changed_or_removed_entry_breaks_the_chain(archive, statements, says):
    _tamper(archive, *statements)
    problems = archive.verify().problems
    assert any(says in p and "cannot be repaired" in p for p in problems), problems


@pytest.mark.parametrize(("statements", "says"), [
    (["insert into users (email, role, active, session_version, created_at) "
      "values ('new@example.org', 'admin', 1, 0, '2999-01-01T00:00:00+00:00')"],
     "account new@example.org has no audit entry recording its creation"),
    (["update users set role = 'admin' where email = 'ed@example.org'"],
     "account ed@example.org has the role 'admin' but the audit trail last recorded 'editor'"),
    (["update users set active = 1 where email = 'gone@example.org'"], "account gone@example.org is active"),
    (["insert into releases (slug, title, status, created_at) values ('sneaky', 'S', 'active', '2999-01-01')"],
     "release sneaky has no audit entry recording its creation"),
    (["update releases set status = 'active' where slug = 'r2'"], "release r2 is active but the audit trail last"),
    (["delete from release_access where release = 'r1' and kind = 'group'"],
     "release r1 is readable by gone@example.org but the audit trail last recorded gone@example.org, group story-7"),
    (["insert into release_access values ('r2', 'person', 'ed@example.org')"],
     "release r2 is readable by ed@example.org but the audit trail last recorded everyone"),
    (["delete from group_members"], "ed@example.org is not in group story-7"),
    (["update batches set id = '0000000000000000'"], "batch 0000000000000000 has no audit entry"),
    (["delete from batch_files", "delete from batches"], "names batch"),
    (["delete from tokens", "delete from users where email = 'gone@example.org'"],
     "names account 'gone@example.org'"),
])
def test_records_the_trail_does_not_account_for_are_reported(archive, statements, says):
    """GIVEN a trail whose seals are whole WHEN a record is changed behind the archive's back THEN
    verify names the record and what the trail last said, and exits non-zero."""
    _tamper(archive, *statements)
    report = archive.verify()
    assert not report.ok
    assert any(says in p for p in report.problems), report.problems
    assert not any("chain" in p for p in report.problems)  # the trail itself is intact


def test_records_from_before_the_trail_was_checked_need_no_entry(tmp_path):
    """GIVEN an archive upgraded from a version without seals (releases made without an audit
    entry before then) WHEN verified THEN those releases are not reported, later ones are."""
    home = tmp_path / "home"
    with Archive.open(home) as archive:
        archive.store.save_release(Release(slug="old", title="Made by an older foia ingest"))
        _tamper(archive, "update settings set value = '2999-01-01T00:00:00+00:00' where key = 'audit_checked_since'")
        assert archive.verify().ok
        _tamper(archive, "update settings set value = '2000-01-01T00:00:00+00:00' where key = 'audit_checked_since'")
        assert "release old has no audit entry" in archive.verify().problems[0]


def test_only_the_archive_writes_the_trail(archive):
    """The seal is computed by a function the archive's own connection provides: another program
    cannot append an entry (nor change or remove one while the triggers stand)."""
    with sqlite3.connect(Path(archive.home) / "archive.db") as other:
        with pytest.raises(sqlite3.OperationalError, match="foia_audit_seal"):
            other.execute("insert into audit (at, actor, action, target, details) values ('x', 'y', 'z', '', '{}')")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            other.execute("delete from audit_chain")
    assert archive.verify().ok


def test_an_archive_from_before_the_seals_is_sealed_on_upgrade(tmp_path):
    """GIVEN a database whose audit entries predate m007 WHEN it is opened THEN every entry gets its
    seal, in order, and the trail verifies."""
    home = tmp_path / "home"
    with Archive.open(home) as archive:
        archive.add_account("a@example.org", "admin", actor="cli:test")
        archive.record("cli:test", "note", "", {"n": 1})
    with sqlite3.connect(home / "archive.db") as db:  # as the database was before m007
        db.execute("drop trigger audit_seal")
        db.execute("drop table audit_chain")
        db.execute("delete from _sqlite_migrations where name = 'm007_audit_chain'")
    with Archive.open(home) as archive:
        entries = list(archive.store.sealed_audit())
        assert [e.digest is not None for e in entries] == [True, True]
        assert archive.verify().ok
