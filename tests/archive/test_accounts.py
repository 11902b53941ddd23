"""Accounts, roles, one-time links and the audit trail, through archive.Archive."""

from __future__ import annotations

import sqlite3

import pytest

from archive import ROLES, AccountError, Archive
from archive.accounts import hash_password, password_matches, token_digest

PASSWORD = "correct horse battery"


@pytest.fixture
def archive(tmp_path):
    with Archive.open(tmp_path / "home") as opened:
        yield opened


def signed_up(archive: Archive, email: str = "ed@example.org", role: str = "editor") -> str:
    archive.add_account(email, role, actor="cli:test")
    archive.set_password(archive.password_link(email, actor="cli:test"), PASSWORD)
    return email


def test_roles_are_ordered_reader_editor_admin(archive):
    archive.add_account("Ed@Example.org ", "editor", actor="cli:test")
    account = archive.account("ed@example.org")
    assert ROLES == ("reader", "editor", "admin")
    assert account.email == "ed@example.org" and not account.has_password
    assert account.may("reader") and account.may("editor") and not account.may("admin")


@pytest.mark.parametrize(("email", "role"), [("not-an-address", "editor"), ("a@b.org", "owner")])
def test_a_bad_address_or_role_is_refused(archive, email, role):
    with pytest.raises(AccountError):
        archive.add_account(email, role, actor="cli:test")
    assert archive.accounts() == []


def test_an_address_has_one_account(archive):
    archive.add_account("a@b.org", "reader", actor="cli:test")
    with pytest.raises(AccountError, match="already has an account"):
        archive.add_account("A@B.org", "admin", actor="cli:test")


def test_passwords_are_argon2_hashes_never_the_password(archive):
    email = signed_up(archive)
    row = archive.store.db.execute("select password_hash from users where email = ?", [email]).fetchone()
    assert row[0].startswith("$argon2id$") and PASSWORD not in row[0]
    assert password_matches(row[0], PASSWORD) and not password_matches(row[0], PASSWORD + "!")
    assert not password_matches(None, PASSWORD)
    with pytest.raises(AccountError, match="at least"):
        hash_password("short")


def test_sign_in_needs_the_right_password_and_an_active_account(archive):
    email = signed_up(archive)
    assert archive.sign_in(email, PASSWORD).email == email
    assert archive.sign_in(email, "wrong password") is None
    assert archive.sign_in("nobody@example.org", PASSWORD) is None
    archive.set_active(email, False, actor="cli:test")
    assert archive.sign_in(email, PASSWORD) is None
    actions = [e.action for e in archive.audit_trail(target=email)]
    assert actions[:4] == ["signin.failure", "user.disable", "signin.failure", "signin.success"]


def test_a_password_link_works_once_and_only_its_digest_is_stored(archive):
    archive.add_account("a@b.org", "reader", actor="cli:test")
    token = archive.password_link("a@b.org", actor="cli:test")
    stored = [row[0] for row in archive.store.db.execute("select digest from tokens")]
    assert stored == [token_digest(token)]
    assert archive.link_account(token).email == "a@b.org"
    archive.set_password(token, PASSWORD)
    assert archive.link_account(token) is None
    with pytest.raises(AccountError, match="used or has expired"):
        archive.set_password(token, "another long password")
    assert archive.sign_in("a@b.org", PASSWORD)


def test_an_expired_or_unknown_link_sets_nothing(archive):
    archive.add_account("a@b.org", "reader", actor="cli:test")
    token = archive.password_link("a@b.org", actor="cli:test", hours=-1)
    for link in (token, "made-up-token"):
        assert archive.link_account(link) is None
        with pytest.raises(AccountError):
            archive.set_password(link, PASSWORD)
    assert not archive.account("a@b.org").has_password


def test_a_new_password_or_disabling_ends_sessions(archive):
    """GIVEN a signed-in account WHEN its password is reset or it is disabled THEN its session
    version changes, so cookies carrying the old one stop working (web/accounts.py)."""
    email = signed_up(archive)
    before = archive.account(email).session_version
    archive.set_password(archive.password_link(email, actor="cli:test"), "a different password")
    after_reset = archive.account(email).session_version
    archive.set_active(email, False, actor="cli:test")
    assert before < after_reset < archive.account(email).session_version


def test_role_changes_are_audited_with_before_and_after(archive):
    archive.add_account("a@b.org", "reader", actor="cli:alice")
    archive.set_role("a@b.org", "admin", actor="cli:alice")
    newest = archive.audit_trail(limit=1)[0]
    assert (newest.actor, newest.action, newest.target) == ("cli:alice", "user.role", "a@b.org")
    assert newest.details == {"before": "reader", "after": "admin"}
    with pytest.raises(AccountError, match="no account"):
        archive.set_role("nobody@b.org", "admin", actor="cli:alice")


def test_the_audit_trail_is_append_only(archive):
    archive.record("cli:test", "release.withdraw", "some-release", {"reason": "x"})
    for statement in ("update audit set actor = 'someone else'", "delete from audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            archive.store.db.execute(statement)
    assert [e.actor for e in archive.audit_trail()] == ["cli:test"]


def test_the_session_secret_is_made_once_per_archive(tmp_path):
    with Archive.open(tmp_path / "home") as first:
        secret = first.session_secret()
    with Archive.open(tmp_path / "home", readonly=True) as again:
        assert again.session_secret() == secret and len(secret) == 64
    with Archive.open(tmp_path / "other") as other:
        assert other.session_secret() != secret


def test_what_an_admin_types_about_a_release_keeps_nothing_invisible(tmp_path):
    """GIVEN a withdrawal's reason and a context article's title, outlet and author typed with a
    right-to-left override, zero-width spaces and a control character WHEN stored THEN they
    are kept without them, as any text a reader types or a PDF prints (the 410 page, the API,
    exhibit exports and the release page showed them reordered)."""
    from archive import Release
    from archive.context import Article

    hostile = "Re\u202edaeR\u202c\u200b \x07smith"
    with Archive.open(tmp_path / "home") as archive:
        archive.save_release(Release(slug="r1", title="One"), actor="cli:test")
        archive.save_article(Article(id="a1", release="r1", title=hostile, outlet=hostile, author=hostile,
                                     published="2019-01-01", url="https://news.example.org/a", body="Text.",
                                     source_format="markdown"), [], actor="cli:test")
        (article,) = archive.store.articles("r1")
        assert (article.title, article.outlet, article.author) == ("RedaeR smith",) * 3
        archive.withdraw_release("r1", hostile, actor="cli:test")
        assert archive.store.release_status("r1") == ("withdrawn", "RedaeR smith")


def test_a_release_made_restricted_is_never_readable_by_all_even_when_restricting_fails(archive):
    """GIVEN a new release to be restricted to a person and a group WHEN it is made THEN it is
    restricted in the same transaction (its title never on the home page a moment between); WHEN
    restricting fails (a group there is no such one) THEN no release is made at all (was: made
    and left open to every reader, its restriction refused after)."""
    from archive import Release

    signed_up(archive, "up@example.org")
    archive.create_release(Release(slug="made-closed", title="Closed"), actor="cli:test",
                           readers=(["up@example.org"], []))
    assert archive.restrictions()["made-closed"].people == ("up@example.org",)
    with pytest.raises(AccountError, match="no group 'nobody'"):
        archive.create_release(Release(slug="left-open", title="Open"), actor="cli:test",
                               readers=(["up@example.org"], ["nobody"]))
    assert not archive.has_release("left-open")
