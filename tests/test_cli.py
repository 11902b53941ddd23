"""The `foia` command: thin, documented, honest exit codes."""

from __future__ import annotations

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


def test_unknown_release_is_a_clear_error(runner):
    result = foia(runner, "ingest", str(DHS), "--release", "nope")
    assert result.exit_code != 0
    assert "foia release create nope" in result.output


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
