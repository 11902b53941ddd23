"""The `foia` command: thin, documented, honest exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REALDATA, ROOT
from web.cli import main

DHS = REALDATA / "dhs-2021-hqfo-00060"


@pytest.fixture
def runner(home: Path):
    runner = CliRunner()
    runner.home = home  # type: ignore[attr-defined]
    return runner


def foia(runner, *args):
    return runner.invoke(main, ["--home", str(runner.home), *args], catch_exceptions=False)


def test_ingest_then_again_then_verify(runner):
    assert foia(runner, "release", "create", "dhs", "--title", "DHS").exit_code == 0
    first = foia(runner, "ingest", str(DHS), "--release", "dhs")
    assert first.exit_code == 0, first.output
    assert "2 ingested, 0 skipped" in first.output
    again = foia(runner, "ingest", str(DHS), "--release", "dhs")
    assert "0 ingested, 2 skipped" in again.output
    verified = foia(runner, "verify")
    assert verified.exit_code == 0 and "agree" in verified.output


def test_a_failed_file_makes_the_exit_status_non_zero(runner, tmp_path):
    foia(runner, "release", "create", "dhs", "--title", "DHS")
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    result = foia(runner, "ingest", str(bad), "--release", "dhs")
    assert result.exit_code == 1
    assert "broken.pdf" in result.output and "1 failed" in result.output


def test_release_json_beside_the_pdfs_names_the_release(runner, tmp_path):
    folder = tmp_path / "release"
    folder.mkdir()
    shutil.copy(DHS / "denial-letter.pdf", folder)
    (folder / "release.json").write_text('{"slug": "dhs-letter", "title": "A letter", "agency": "DHS"}')
    result = foia(runner, "ingest", str(folder))
    assert result.exit_code == 0, result.output
    assert "dhs-letter" in foia(runner, "release", "list").output


@pytest.mark.parametrize("slug", ["a/b", "../up", "Has Space", ".hidden", "two\nlines", "-lead"])
def test_a_slug_that_cannot_be_a_link_is_refused_and_nothing_is_created(runner, tmp_path, slug):
    """GIVEN a release slug that /r/<slug> cannot serve (a slash, a space, a newline, a leading dot)
    WHEN `foia release create` or a release.json beside the PDFs names it
    THEN the release is refused with the rule, the release.json named, and no release is made."""
    created = foia(runner, "release", "create", "--title", "Invented", "--", slug)
    assert created.exit_code == 1 and "letters, digits, hyphens, dots and underscores" in created.output
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "letter.pdf").write_bytes(b"%PDF-1.4 never read: the release is refused first")
    (folder / "release.json").write_text(json.dumps({"slug": slug, "title": "Invented"}))
    ingested = foia(runner, "ingest", str(folder))
    assert ingested.exit_code == 1 and f"{folder / 'release.json'}: the release slug" in ingested.output
    assert "0 documents" not in foia(runner, "release", "list").output  # no release at all


def test_unknown_release_is_a_clear_error(runner):
    result = foia(runner, "ingest", str(DHS), "--release", "nope")
    assert result.exit_code == 4  # NotFound's status (README: exit statuses)
    assert "foia release create nope" in result.output
    assert "`foia release list` shows the releases" in result.output  # on the command line, not the site


def test_verify_finds_a_missing_original_and_repair_rebuilds_the_index(runner):
    foia(runner, "release", "create", "dhs", "--title", "DHS")
    foia(runner, "ingest", str(DHS), "--release", "dhs")
    shutil.rmtree(Path(runner.home) / "index")
    broken = foia(runner, "verify")
    assert broken.exit_code == 1 and "index" in broken.output
    repaired = foia(runner, "verify", "--repair")
    assert repaired.exit_code == 0, repaired.output
    pdf = next((Path(runner.home) / "files").rglob("*.pdf"))
    pdf.unlink()
    missing = foia(runner, "verify")
    assert missing.exit_code == 1 and "missing from the file store" in missing.output


def test_every_command_is_documented_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    commands = set()
    for name, command in main.commands.items():
        sub = getattr(command, "commands", None)
        commands.update(f"{name} {s}" for s in sub) if sub else commands.add(name)
    missing = {c for c in commands if f"`foia {c}" not in readme and f"foia {c} " not in readme}
    assert not missing, f"commands not in README.md: {sorted(missing)}"


def test_eval_reports_what_a_real_release_holds(runner):
    result = foia(runner, "eval", str(DHS))
    assert result.exit_code == 0, result.output
    assert "no truth.json" in result.output
    assert "denial-letter.pdf: 2 pages (0 OCR'd); 2 cover-letter" in result.output


@pytest.fixture
def dhs(runner):
    """The DHS release (text layer only: ingests in about a second)."""
    foia(runner, "release", "create", "dhs", "--title", "DHS")
    assert foia(runner, "ingest", str(DHS), "--release", "dhs").exit_code == 0
    return runner


def test_search_takes_unquoted_words_and_options_after_the_subcommand(dhs):
    """GIVEN words typed without quotes, --home after the subcommand and --release in capitals
    WHEN searched THEN the words are the query, the archive and the release are found."""
    result = dhs.invoke(main, ["search", "freedom", "of", "information", "--release", "DHS",
                               "--home", str(dhs.home)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 hit(s)")
    assert "no release" not in result.output


def test_search_takes_a_not_word_and_refuses_an_unknown_option(dhs):
    """GIVEN a query with a NOT typed as a word ("-opsec") WHEN searched THEN it is the query's NOT
    (it was "No such option: -o"); GIVEN a mistyped option THEN it is refused naming the options."""
    both = foia(dhs, "search", "freedom", "information")
    assert both.exit_code == 0 and both.stdout.startswith("1 hit(s)")
    without = foia(dhs, "search", "freedom", "-information")
    assert without.exit_code == 0, without.output
    assert without.stdout.startswith("0 hit(s)")
    mistyped = foia(dhs, "search", "freedom", "--limt", "5")
    assert mistyped.exit_code == 2 and "no such option: --limt" in mistyped.output and "--limit" in mistyped.output


def test_search_prints_absolute_permalinks_and_bates(dhs):
    result = dhs.invoke(main, ["--home", str(dhs.home), "search", "*"], catch_exceptions=False,
                        env={"FOIA_PUBLIC_URL": "https://foia.example.org"})
    lines = [line for line in result.stdout.splitlines() if line.startswith("http")]
    assert lines and all(line.startswith("https://foia.example.org/e/")
                         or line.startswith("https://foia.example.org/d/") for line in lines)
    assert all(len(line.split("\t")) >= 3 for line in lines)  # permalink, date, Bates (or "-"), ...
    unset = foia(dhs, "search", "*")
    assert "FOIA_PUBLIC_URL is not set" in unset.stderr
    assert "\thttp://127.0.0.1:5000/" not in unset.stdout and "http://127.0.0.1:5000/e/" in unset.stdout


def test_search_json_is_the_api_envelope(dhs):
    import json

    from web import create_app

    printed = json.loads(foia(dhs, "search", "information", "--json").stdout)
    app = create_app({"ARCHIVE_HOME": str(dhs.home), "TESTING": True})
    served = app.test_client().get("/api/search?q=information&size=20").get_json()
    assert printed["meta"]["api_version"] == served["meta"]["api_version"] == 1
    assert printed["meta"]["total"] == served["meta"]["total"] > 0
    assert [h["key"] for h in printed["data"]["hits"]] == [h["key"] for h in served["data"]["hits"]]
    assert printed["data"]["hits"][0].keys() == served["data"]["hits"][0].keys()


@pytest.mark.parametrize("args", [("release", "list"), ("verify",), ("search", "x"), ("reindex",),
                                  ("release", "withdraw", "x", "--reason", "r"), ("release", "restore", "x"),
                                  ("user", "list"), ("user", "role", "a@b.org", "admin"), ("audit",)])
def test_a_missing_or_mistyped_home_is_an_error_and_creates_nothing(runner, args):
    result = runner.invoke(main, ["--home", str(runner.home), *args])
    assert result.exit_code == 1
    assert f"no archive at {runner.home}" in result.output
    assert not runner.home.exists()


def test_verify_passes_for_a_release_with_no_documents_yet(runner):
    foia(runner, "release", "create", "empty", "--title", "Empty")
    result = foia(runner, "verify")
    assert result.exit_code == 0, result.output
    assert "agree" in result.output


def test_withdrawn_releases_are_listed_on_request_and_can_be_restored(dhs):
    import json

    assert "dhs\t-\t2 documents, 4 pages, " in foia(dhs, "release", "list").output
    foia(dhs, "release", "withdraw", "dhs", "--reason", "personal data")
    assert "dhs" not in foia(dhs, "release", "list").output
    assert "WITHDRAWN: personal data" in foia(dhs, "release", "list", "--all").output
    listed = json.loads(foia(dhs, "release", "list", "--all", "--json").output)
    assert listed["data"][0]["status"] == "withdrawn" and listed["data"][0]["stats"]["documents"] == 2
    assert foia(dhs, "release", "restore", "dhs").exit_code == 0
    assert foia(dhs, "search", "information").stdout.startswith(("1 hit", "2 hit", "3 hit"))
    assert "dhs\t" in foia(dhs, "release", "list").output


def test_a_file_of_a_withdrawn_release_printed_again_in_another_is_moved_there_by_an_admin(dhs):
    """GIVEN a release withdrawn ("released in error") and an agency's corrected release printing
    one of its files again, byte for byte WHEN that file is ingested into the corrected release
    THEN it fails, saying so and how to move it (was: "skipped", as harmless as a re-run, and the
    corrected release never had the file, its permalinks 410 for good); WHEN an administrator
    moves it THEN its permalinks answer from the corrected release (the same ids: they come from
    the file), search finds it there, the notes on it follow it, and the move is audited."""
    from archive import Archive, ids
    from archive.files import sha256_file

    letter = next(path for path in sorted(DHS.glob("*.pdf")) if path.name != "denial-letter.pdf")
    home = dhs.home
    with Archive.open(home) as archive:
        email = next(e for e in archive.store.emails_in_document(ids.document_id(sha256_file(letter))))
        archive.store.db.execute("insert into notes (id, author, scope, target, release, text, created_at, updated_at) "
                                 "values ('n1', 'a@b.org', 'public', ?, 'dhs', 'kept', '', '')", [f"e:{email.id}"])
        archive.store.db.commit()
    foia(dhs, "release", "withdraw", "dhs", "--reason", "released in error; replaced by dhs-2")
    foia(dhs, "release", "create", "dhs-2", "--title", "DHS (corrected)")
    again = foia(dhs, "ingest", str(letter), "--release", "dhs-2")
    assert again.exit_code == 1 and "in a release withdrawn since: not added to 'dhs-2'" in again.output
    assert "foia release move dhs-2 FILE" in again.output
    moved = foia(dhs, "release", "move", "dhs-2", str(letter))
    assert moved.exit_code == 0 and f"moved {letter.name} into dhs-2" in moved.output
    with Archive.open(home) as archive:
        now, was_moved = archive.store.resolve_email(email.id)
        assert now.release == "dhs-2" and not was_moved and now.id == email.id
        assert archive.store.db.execute("select release from notes where id = 'n1'").fetchone()[0] == "dhs-2"
        entry = archive.audit_trail(limit=1)[0]
        assert (entry.action, entry.details["from"], entry.details["to"]) == ("document.move", "dhs", "dhs-2")
    assert foia(dhs, "search", "information", "--release", "dhs-2").stdout.startswith(("1 hit", "2 hit"))
    assert foia(dhs, "release", "move", "dhs-2", str(letter)).exit_code == 1  # in it already
    assert foia(dhs, "release", "move", "nowhere", str(letter)).exit_code != 0

def test_exit_statuses_are_the_ones_the_readme_lists():
    """GIVEN the library errors' exit codes WHEN the README's exit status table is read THEN
    each code is listed there with a meaning."""
    import re

    from archive import errors

    readme = (ROOT / "README.md").read_text()
    table = dict(re.findall(r"^\| (\d) \| (.+?) \|$", readme.split("Exit statuses")[1], re.M))
    codes = {cls.exit_code for cls in vars(errors).values()
             if isinstance(cls, type) and issubclass(cls, errors.ArchiveError)}
    assert codes <= {int(code) for code in table} and {0, 1, 2} <= {int(code) for code in table}


def test_a_missing_release_json_names_the_path_and_fails_with_status_1(runner, tmp_path):
    loose = tmp_path / "loose.pdf"
    shutil.copy(DHS / "denial-letter.pdf", loose)
    result = foia(runner, "ingest", str(loose))
    assert result.exit_code == 1
    assert f"{loose}: no --release given and no release.json beside it" in result.output


def test_help_shows_foias_options_not_flasks_and_run_shows_defaults(runner):
    options = runner.invoke(main, ["--help"]).output.split("Commands:")[0]
    assert "--home" in options
    assert not any(flag in options for flag in ("--app", "--env-file", "--debug"))
    run = runner.invoke(main, ["run", "--help"]).output
    assert "[default: 127.0.0.1]" in run and "[default: 5000;" in run and "[default: 16]" in run


def test_verify_counts_add_up_and_match_release_list(dhs):
    """GIVEN an ingested release WHEN verified THEN the index entries are the emails, the quoted
    copies and the pages outside any email, and `release list` counts the same emails."""
    import re

    output = foia(dhs, "verify").output
    emails, quoted = map(int, re.search(r"(\d+) emails and (\d+) quoted copies", output).groups())
    total, mails, pages = map(int, re.search(r"index: (\d+) entries = (\d+) emails and quoted copies "
                                             r"\+ (\d+) pages", output).groups())
    assert total == mails + pages and mails == emails + quoted
    assert f", {emails} emails\t" in foia(dhs, "release", "list").output


def test_reindex_switches_the_search_engine_and_the_archive_remembers(dhs):
    """GIVEN an archive on Whoosh (the default) WHEN `foia reindex --engine tantivy` runs THEN the
    tantivy index is built, the Whoosh one removed, searches answer alike, `foia verify` checks
    the tantivy index (and repairs it), and `--engine whoosh` switches back."""
    import json

    def found(runner):  # the search's answer but its scores (each engine ranks by its own BM25)
        answer = json.loads(foia(runner, "search", "information", "--json").stdout)
        for hit in answer["data"]["hits"]:
            hit.pop("score")
        return answer

    home = Path(dhs.home)
    before = found(dhs)
    assert before["meta"]["total"] > 1
    switched = foia(dhs, "reindex", "--engine", "tantivy")
    assert switched.exit_code == 0 and "(tantivy)" in switched.output
    assert (home / "index-tantivy").is_dir() and not (home / "index").exists()
    assert found(dhs) == before
    assert foia(dhs, "reindex").output.endswith("(tantivy)\n")  # remembered
    shutil.rmtree(home / "index-tantivy")
    broken = foia(dhs, "verify")
    assert broken.exit_code == 1 and "index" in broken.output
    assert foia(dhs, "verify", "--repair").exit_code == 0
    assert (home / "index-tantivy").is_dir()
    back = foia(dhs, "reindex", "--engine", "whoosh")
    assert back.output.endswith("(whoosh)\n") and not (home / "index-tantivy").exists()
    assert found(dhs) == before


def test_reindex_rebuilds_stored_unindexed_documents_without_catching_up_first(dhs, monkeypatch):
    """GIVEN documents a killed ingest stored but did not index WHEN `foia reindex --engine
    tantivy` runs THEN the rebuild indexes them, in the new engine only: they are not first
    indexed a batch at a time into the engine being replaced (at a million stored documents
    that took hours before the rebuild began)."""
    import json

    from archive import Archive

    with Archive.open(Path(dhs.home)) as archive:
        documents = archive.documents()
        for document in documents:
            archive.store.mark_indexed(document.id, False)
    caught_up: list[str] = []
    index_document = Archive.index_document

    def counted(self, *documents):
        caught_up.extend(d.id for d in documents)
        return index_document(self, *documents)

    monkeypatch.setattr(Archive, "index_document", counted)
    switched = foia(dhs, "reindex", "--engine", "tantivy")
    assert switched.exit_code == 0 and "(tantivy)" in switched.output
    assert caught_up == []
    with Archive.open(Path(dhs.home), readonly=True) as archive:
        assert archive.index_is_current() and not archive.store.unindexed_documents()
    assert json.loads(foia(dhs, "search", "information", "--json").stdout)["meta"]["total"] > 1


@pytest.mark.parametrize("engine", ["whoosh", "tantivy"])
@pytest.mark.parametrize("copy", [False, True])
def test_snapshot_is_an_archive_another_machine_can_serve(dhs, tmp_path, engine, copy):
    """GIVEN an archive on either engine WHEN `foia snapshot DIR` writes a copy (hard links, or
    every byte with --copy) THEN the copy searches and verifies as the original, holds only the
    live index generation, and a second snapshot into the same folder is refused."""
    import json

    if engine == "tantivy":
        assert foia(dhs, "reindex", "--engine", "tantivy").exit_code == 0
    target = tmp_path / "snap"
    made = foia(dhs, "snapshot", str(target), *(["--copy"] if copy else []))
    assert made.exit_code == 0, made.output
    assert "snapshot" in made.output and not list(tmp_path.glob(".snap*"))
    copied = CliRunner()
    copied.home = str(target)

    def answer(runner):
        return json.loads(foia(runner, "search", "information", "--json").stdout)

    assert answer(copied) == answer(dhs)
    assert foia(copied, "verify").exit_code == 0
    folder = target / ("index" if engine == "whoosh" else "index-tantivy")
    assert len([p for p in folder.iterdir() if p.is_dir()]) == 1
    again = foia(dhs, "snapshot", str(target))
    assert again.exit_code != 0 and "already exists" in again.output


def test_the_audit_trail_survives_verify_repair_and_reindex_unchanged(runner):
    """GIVEN an archive whose trail records a release, an ingest, an account, a restriction and a
    withdrawal, and whose index and some page rows were lost WHEN `foia verify --repair` and then
    `foia reindex` run THEN every entry is still there, byte for byte with its seal, the repair is
    the only entry added, and verify finds the trail whole and agreeing."""
    import sqlite3

    from archive import Archive

    foia(runner, "release", "create", "dhs", "--title", "DHS")
    assert foia(runner, "ingest", str(DHS), "--release", "dhs").exit_code == 0
    foia(runner, "user", "add", "al@example.org", "--role", "editor")
    foia(runner, "release", "restrict", "dhs", "--person", "al@example.org")
    foia(runner, "release", "withdraw", "dhs", "--reason", "checking")
    foia(runner, "release", "restore", "dhs")
    home = Path(runner.home)
    with Archive.open(home, readonly=True) as archive:
        before = list(archive.store.sealed_audit())
        document = archive.store.documents()[0]
    assert [e.action for e in before] == ["release.save", "user.add", "user.password-link", "release.restrict",
                                          "release.withdraw", "release.restore"]
    with sqlite3.connect(home / "archive.db") as db:
        db.execute("delete from pages where document_id = ? and number > 1", [document.id])
    shutil.rmtree(home / "index")
    assert foia(runner, "verify").exit_code == 1
    repaired = foia(runner, "verify", "--repair")
    assert repaired.exit_code == 0 and "re-derived document" in repaired.output, repaired.output
    assert foia(runner, "reindex").exit_code == 0
    checked = foia(runner, "verify")
    with Archive.open(home, readonly=True) as archive:
        after = list(archive.store.sealed_audit())
    assert after[:len(before)] == before
    assert [e.action for e in after[len(before):]] == ["archive.repair"]
    assert checked.exit_code == 0 and f"audit trail: {len(after)} entries, newest seal {after[-1].digest}" in \
        checked.output


def test_release_check_reports_the_production_as_the_api_does(dhs):
    """GIVEN the DHS release (no Bates stamps; a denial letter stating its counts) WHEN checked
    THEN its pages are all unstamped and the letter's counts are quoted, in words and as JSON;
    an unknown release is a clear error."""
    import json

    said = foia(dhs, "release", "check", "dhs")
    assert said.exit_code == 0, said.output
    assert "dhs: 4 pages; 0 numbers missing in 0 gaps, 0 on two pages or more, 4 pages without a readable stamp" \
        in said.output
    assert "letter (denial-letter.pdf p. 1): 13 reviewed: \u201cA search of the Office" in said.output
    data = json.loads(foia(dhs, "release", "check", "dhs", "--json").output)["data"]
    assert (data["pages"], data["unstamped"], data["sequences"]) == (4, 4, [])
    assert [(s["kind"], s["pages"]) for s in data["letters"]][:2] == [("reviewed", 13), ("released in part", 2)]
    unknown = foia(dhs, "release", "check", "nope")
    assert unknown.exit_code != 0 and "no release 'nope'" in unknown.output


def test_release_check_says_how_much_of_the_letters_bates_ranges_is_here(runner):
    """GIVEN the FBI release letter alone (it names Bates 5556-5567 and 5489-5492) WHEN checked
    THEN each range is quoted with how many of its numbers a page here carries: none."""
    import json

    letter = REALDATA / "fbi-foipa-1417740" / "release-letter.pdf"
    foia(runner, "release", "create", "fbi", "--title", "FBI")
    assert foia(runner, "ingest", str(letter), "--release", "fbi").exit_code == 0
    said = foia(runner, "release", "check", "fbi").output
    assert "names Bates 5556-5567: 0 of its 12 numbers are on a page here" in said
    data = json.loads(foia(runner, "release", "check", "fbi", "--json").output)["data"]
    assert [(r["first"], r["last"], r["produced"]) for r in data["letter_bates_ranges"]] == [
        (5556, 5567, 0), (5489, 5492, 0)]


def test_an_interrupted_ingest_says_what_is_kept_and_how_to_finish(runner, tmp_path, monkeypatch):
    """GIVEN `foia ingest` stopped by Ctrl-C part way through a batch
    THEN it says the ingested files are kept and the same command finishes the batch, with
    the shell's status for an interrupt (not 1, which says a file failed), and no traceback."""
    import ingest.batch

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt
        yield

    foia(runner, "release", "create", "invented", "--title", "Invented")
    monkeypatch.setattr(ingest.batch, "ingest_releases", interrupted)
    result = runner.invoke(main, ["--home", str(runner.home), "ingest", str(tmp_path), "--release", "invented"])
    assert result.exit_code == 130, result.output
    assert "run the same `foia ingest` again to finish" in result.output and "Traceback" not in result.output


def test_ingest_into_a_withdrawn_release_says_restore_it_not_create_it(runner, tmp_path):
    foia(runner, "release", "create", "invented", "--title", "Invented")
    foia(runner, "release", "withdraw", "invented", "--reason", "Invented reason")
    result = foia(runner, "ingest", str(tmp_path), "--release", "invented")
    assert result.exit_code == 4
    assert "foia release restore invented" in result.output and "release create" not in result.output
    (tmp_path / "release.json").write_text('{"slug": "invented", "title": "Retitled"}')
    named = foia(runner, "ingest", str(tmp_path))  # a folder naming it: refused alike, nothing changed
    assert named.exit_code == 4 and f"{tmp_path / 'release.json'}: release 'invented' was withdrawn" in named.output
    assert "Retitled" not in foia(runner, "release", "list", "--all").output


def test_an_unknown_release_on_the_command_line_says_where_the_releases_are_listed(runner, tmp_path):
    foia(runner, "release", "create", "invented", "--title", "Invented")
    result = foia(runner, "ingest", str(tmp_path), "--release", "not-invented")
    assert result.exit_code == 4
    assert "foia release create not-invented" in result.output
    assert "`foia release list` shows the releases" in result.output


@pytest.mark.parametrize("fields, says", [
    (["--title", "Invented", "--released", "2020-13-45"], "is not a date on the calendar"),
    (["--title", "Invented", "--released", "May 29 2020"], "is not a date on the calendar"),
    (["--title", "Invented", "--released", "2021-02-29"], "is not a date on the calendar"),
    (["--title", "   "], "needs a title"),
    (["--title", "Invented", "--source-url", "javascript:alert(1)"], "is not an http(s) address"),
    (["--title", "Invented", "--source-url", "https://"], "is not an http(s) address"),
])
def test_a_release_whose_citation_would_print_nonsense_is_refused(runner, fields, says):
    """GIVEN a release date that is no date, or a blank title (both printed in every citation),
    or a source that is no web address (linked on its pages, served by the API)
    WHEN `foia release create` is given it
    THEN it is refused with the form wanted, as the site's upload form refuses it, and nothing is made."""
    result = foia(runner, "release", "create", "invented", *fields)
    assert result.exit_code == 1 and says in result.output
    assert "invented" not in foia(runner, "release", "list").output
    assert foia(runner, "release", "create", "invented", "--title", "Invented", "--released", "2020-02").exit_code == 0


def test_eval_of_a_folder_whose_name_is_no_slug_makes_one(runner, tmp_path):
    """GIVEN a release folder without release.json whose name has accents and dashes of its own
    WHEN `foia eval` ingests it into a scratch archive
    THEN the release it makes has a slug a link can carry (the archive refuses any other)."""
    from reportlab.pdfgen import canvas

    folder = tmp_path / "Invented Ämter — Release 2020"
    folder.mkdir()
    drawing = canvas.Canvas(str(folder / "letter.pdf"), invariant=True)
    drawing.drawString(72, 700, "From: Invented Sender")
    drawing.save()
    result = foia(runner, "eval", str(folder))
    assert result.exit_code == 0, result.output
    assert "letter.pdf" in result.output


@pytest.mark.parametrize("slug", ["FOIA-2020-Batch", "city_pd", "part.2"])
def test_a_slug_any_link_can_carry_is_accepted_and_served(runner, slug):
    """GIVEN a release slug in capitals, or with an underscore or a dot (each a working /r/<slug>)
    WHEN `foia release create` names it THEN it is made (the rule refuses only what a link cannot carry)."""
    created = foia(runner, "release", "create", "--title", "Invented", "--", slug)
    assert created.exit_code == 0, created.output
    assert slug in foia(runner, "release", "list").output


def test_ingesting_into_a_release_no_archive_holds_starts_no_archive(runner):
    """GIVEN no archive at --home WHEN `foia ingest FILE --release typo` THEN exit 4 naming the
    release and how to create it, and no empty archive is left behind (one was)."""
    result = foia(runner, "ingest", str(DHS), "--release", "typo")
    assert result.exit_code == 4 and "no release 'typo'" in result.output and "foia release create typo" in result.output
    assert not (runner.home / "archive.db").exists()


def test_updating_a_release_keeps_the_details_not_given(runner):
    """GIVEN a release with its agency, request number and date (every citation of it prints them)
    WHEN `foia release create` is run again to correct its date alone
    THEN the agency and request number stand; a detail given empty is cleared."""
    from archive import Archive

    foia(runner, "release", "create", "harbor", "--title", "Harbor records", "--agency", "Port Authority",
         "--request-number", "F-2016-0001", "--released", "2016-05-20")
    assert foia(runner, "release", "create", "harbor", "--title", "Harbor records",
                "--released", "2016-05-21").exit_code == 0
    with Archive.open(runner.home, readonly=True) as archive:
        release = archive.release("harbor")
    assert (release.agency, release.request_number, release.released) == ("Port Authority", "F-2016-0001",
                                                                          "2016-05-21")
    foia(runner, "release", "create", "harbor", "--title", "Harbor records", "--request-number", "")
    with Archive.open(runner.home, readonly=True) as archive:
        assert archive.release("harbor").request_number == ""
