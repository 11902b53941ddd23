"""`foia user` and `foia audit`: the first admin, roles, links, and who did what from a shell."""

from __future__ import annotations

import getpass
import re

import pytest
from click.testing import CliRunner

from archive import Archive
from web.cli import main


@pytest.fixture
def foia(tmp_path):
    home = tmp_path / "home"

    def run(*args: str, status: int = 0, env: dict[str, str] | None = None) -> str:
        result = CliRunner().invoke(main, ["--home", str(home), *args], env=env)
        assert result.exit_code == status, result.output
        return result.output

    run.home = home  # type: ignore[attr-defined]
    return run


def test_the_first_admin_gets_a_one_time_link_on_a_fresh_archive(foia):
    printed = foia("user", "add", "Boss@Example.org", "--role", "admin",
                   env={"FOIA_PUBLIC_URL": "https://foia.example.org"})
    link = re.search(r"https://foia\.example\.org/account/password/(\S+)", printed)
    assert "added boss@example.org (admin)" in printed and link and "FOIA_PUBLIC_URL is not set" not in printed
    with Archive.open(foia.home, readonly=True) as archive:
        assert archive.link_account(link.group(1)).email == "boss@example.org"
    assert "boss@example.org\tadmin\tactive\tno password yet" in foia("user", "list")


def test_role_disable_enable_and_reset_are_audited_as_the_os_user(foia):
    foia("user", "add", "ed@example.org")
    assert "ed@example.org is now editor" in foia("user", "role", "ed@example.org", "editor")
    assert "disabled" in foia("user", "disable", "ed@example.org")
    assert "\tdisabled\t" in foia("user", "list")
    foia("user", "enable", "ed@example.org")
    reset = foia("user", "reset", "ed@example.org")
    # without the public address the link is `foia run`'s default address, and says so
    assert "http://127.0.0.1:5000/account/password/" in reset and "FOIA_PUBLIC_URL is not set" in reset
    lines = foia("audit", "--limit", "5").splitlines()
    assert [line.split("\t")[2] for line in lines] == [
        "user.password-link", "user.enable", "user.disable", "user.role", "user.password-link"]
    assert all(line.split("\t")[1] == f"cli:{getpass.getuser()}" for line in lines)
    assert '{"after": "editor", "before": "reader"}' in lines[3]


def test_release_changes_from_the_shell_are_audited(foia):
    foia("release", "create", "dea", "--title", "DEA")
    foia("release", "withdraw", "dea", "--reason", "released in error")
    foia("release", "restore", "dea")
    lines = foia("audit", "--target", "dea").splitlines()
    assert [line.split("\t")[2] for line in lines] == ["release.restore", "release.withdraw", "release.save"]
    assert '"reason": "released in error"' in lines[1]


@pytest.mark.parametrize(("args", "message"), [
    (("user", "add", "not-an-address"), "is not an email address"),
    (("user", "role", "nobody@example.org", "admin"), "no account"),
    (("user", "reset", "nobody@example.org"), "no account"),
])
def test_account_mistakes_are_clear_errors(foia, args, message):
    foia("user", "add", "someone@example.org")
    assert message in foia(*args, status=1)


def test_an_address_cannot_be_added_twice_nor_a_role_made_up(foia):
    foia("user", "add", "a@example.org")
    assert "already has an account" in foia("user", "add", "A@example.org", status=1)
    assert "Invalid value" in foia("user", "add", "b@example.org", "--role", "owner", status=2)


def test_release_restrict_groups_and_open_from_the_shell(foia):
    """GIVEN a release and two accounts WHEN it is restricted to one person and a group THEN only
    they (and admins) read it, the change is audited with before and after, and --open lifts it."""
    foia("release", "create", "matter", "--title", "A matter")
    foia("user", "add", "al@example.org")
    foia("user", "add", "bo@example.org")
    foia("user", "add", "cy@example.org")
    assert "no release is restricted" in foia("release", "access")
    foia("group", "add", "Story-7", "bo@example.org")
    assert "story-7\tbo@example.org" in foia("group", "list")
    printed = foia("release", "restrict", "matter", "--person", "AL@example.org", "--group", "story-7")
    assert "people: al@example.org; groups: story-7" in printed
    assert "matter\tpeople: al@example.org\tgroups: story-7" in foia("release", "access")
    with Archive.open(foia.home, readonly=True) as archive:
        readers = {email: archive.read_as(archive.account(email)).releases() != []
                   for email in ("al@example.org", "bo@example.org", "cy@example.org")}
        assert archive.read_as(None).releases() == []
    assert readers == {"al@example.org": True, "bo@example.org": True, "cy@example.org": False}
    assert "no account" in foia("release", "restrict", "matter", "--person", "zz@example.org", status=1)
    assert "not a group name" in foia("release", "restrict", "matter", "--group", "../x", status=1)
    # a group no one is in is a typo (it locked the team out, said nothing): refused, how to make one said
    assert "no group 'stroy-7'" in foia("release", "restrict", "matter", "--group", "stroy-7", status=1)
    assert "matter\tpeople: al@example.org\tgroups: story-7" in foia("release", "access")
    assert "no release" in foia("release", "restrict", "nothing", "--group", "x", status=1)
    foia("release", "restrict", "matter", status=2)
    assert "open to every reader" in foia("release", "restrict", "matter", "--open")
    lines = foia("audit", "--target", "matter", "--limit", "2").splitlines()
    assert [line.split("\t")[2] for line in lines] == ["release.open", "release.restrict"]
    assert '"before": {"groups": ["story-7"], "people": ["al@example.org"]}' in lines[0]
    foia("group", "remove", "story-7", "bo@example.org")
    assert "no groups" in foia("group", "list")


def test_a_group_name_a_restriction_still_names_is_made_again_only_when_said(foia):
    """GIVEN a release restricted to a group whose last member was taken out WHEN an admin adds
    someone to a group of that name THEN it is refused, saying the restriction still names it and
    how to hand it over (was: the new member read the release); `--reuse` does so."""
    foia("release", "create", "matter", "--title", "A matter")
    foia("user", "add", "al@example.org")
    foia("user", "add", "bo@example.org")
    foia("group", "add", "story-7", "al@example.org")
    foia("release", "restrict", "matter", "--group", "story-7")
    foia("group", "remove", "story-7", "al@example.org")
    refused = foia("group", "add", "story-7", "bo@example.org", status=1)
    assert "release 'matter''s restriction" in refused and "--reuse" in refused
    assert "no groups" in foia("group", "list")
    foia("group", "add", "--reuse", "story-7", "bo@example.org")
    assert "story-7\tbo@example.org" in foia("group", "list")
