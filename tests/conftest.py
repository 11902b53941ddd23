"""Shared fixtures. In CI (CI=true) a test marked `tesseract` or `browser` may not skip."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import types
from pathlib import Path

import pytest

from archive import Archive, Release

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REALDATA = ROOT.parent / "shared" / "realdata"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
MUST_RUN_MARKERS = ("tesseract", "browser")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if IN_CI and report.skipped and any(item.get_closest_marker(m) for m in MUST_RUN_MARKERS):
        report.outcome = "failed"
        report.longrepr = f"{item.nodeid}: skipped in CI, but tests needing Tesseract or Chromium must run here"


def _reads_realdata(item: pytest.Item) -> bool:
    """Whether a test, or a fixture it uses, names a path under ../shared/realdata."""
    module = getattr(item, "module", None)
    if module is None:
        return False
    names = {name for name, value in vars(module).items()
             if isinstance(value, Path) and (value == REALDATA or REALDATA in value.parents)}
    functions = [getattr(item, "function", None)] + [
        fixturedef.func for defs in item._fixtureinfo.name2fixturedefs.values() for fixturedef in defs  # type: ignore[attr-defined]
    ]
    return any(names & _global_names(f.__code__) for f in functions if hasattr(f, "__code__"))


def _global_names(code: types.CodeType) -> set[str]:
    """Names a function's code reads, its comprehensions and inner functions included."""
    found = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            found |= _global_names(const)
    return found


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    if not REALDATA.is_dir() and _reads_realdata(item):
        unavailable(f"{REALDATA} (the shared real releases) is missing")


def unavailable(message: str) -> None:
    """Skip on a developer's machine; in CI (root, every package installed) fail instead."""
    if IN_CI:
        pytest.fail(message + ": this test must run in CI")
    pytest.skip(message)


def _need(binary: str, package: str) -> str:
    path = shutil.which(binary)
    if path is None:
        unavailable(f"{binary} not installed (apt-get install {package})")
    return str(path)


@pytest.fixture(scope="session")
def tesseract() -> str:
    return _need("tesseract", "tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd")


@pytest.fixture(scope="session")
def chromium() -> str:
    return _need("chromium", "chromium")


@pytest.fixture(autouse=True)
def quiet_machine():
    """Every test sees a machine with its cores to spare (a load average of 0), so a lone tantivy
    search counts beside itself on side threads whatever else the test run keeps busy: the
    same way every time (tests of the busy case say so themselves)."""
    from unittest import mock

    with mock.patch("os.getloadavg", return_value=(0.0, 0.0, 0.0)):
        yield


# tantivy answers a small matching set as arrays and a big one with tantivy's counts and
# aggregations: "tantivy-big" treats every set as big, so both ways pass the same tests
ENGINES = ("whoosh", "tantivy", "tantivy-big")


@pytest.fixture(scope="module", params=ENGINES)
def engine(request: pytest.FixtureRequest):
    """The search engine every archive the test creates uses (both engines pass the same tests:
    a module that uses this fixture runs once per engine)."""
    from unittest import mock

    name = request.param.split("-")[0]
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch("archive.archive.DEFAULT_ENGINE", name))
        if request.param == "tantivy-big":
            stack.enter_context(mock.patch("archive.tantivy_engine.SMALL_SET", 0))
        yield name


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "archive"


@pytest.fixture
def archive(home: Path):
    with Archive.open(home) as opened:
        yield opened


def release_from(folder: Path) -> Release:
    data = json.loads((folder / "release.json").read_text())
    return Release(**{k: str(v) for k, v in data.items() if k in Release.__dataclass_fields__})


@pytest.fixture(scope="session")
def samples_archive(tmp_path_factory: pytest.TempPathFactory, tesseract: str) -> Path:
    """Both sample releases ingested once for the whole session (real Tesseract)."""
    from ingest.pipeline import Ingest

    home = tmp_path_factory.mktemp("samples-archive")
    with Archive.open(home) as archive:
        # the printed releases (samples/native, native mail, has its own archive: tests/ingest/test_native.py)
        for folder in sorted(p for p in SAMPLES.iterdir() if (p / "release.json").is_file() and p.name != "native"):
            release = release_from(folder)
            archive.store.save_release(release)
            summary = Ingest(archive, release.slug, jobs=os.cpu_count() or 1).run([folder])
            assert not summary.failed, summary.failed
    return home


@pytest.fixture(scope="session")
def native_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """samples/native (native mail) ingested once for the whole session; no OCR is needed."""
    from ingest.pipeline import Ingest

    home = tmp_path_factory.mktemp("native-archive")
    with Archive.open(home) as archive:
        release = release_from(SAMPLES / "native")
        archive.save_release(release, actor="tests")  # audited, so `foia verify` agrees
        summary = Ingest(archive, release.slug, jobs=1).run([SAMPLES / "native"])
        assert not summary.failed, summary.failed
    return home


@pytest.fixture(scope="session")
def outlook_files() -> Path:
    """pst-extractor's real .pst and .ost test files (tests/outlook_testdata.py), fetched once."""
    from tests.outlook_testdata import URL, outlook_testdata

    try:
        return outlook_testdata()
    except (OSError, ValueError) as exc:
        unavailable(f"cannot fetch the Outlook test files from {URL} ({exc})")
        raise


@pytest.fixture(scope="session")
def outlook_archive(outlook_files: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """enron.pst and an Outlook.com .ost ingested once for the whole session. The Word files
    attached in enron.pst are not converted (tests/ingest/test_office.py converts office files;
    two dozen conversions would cost minutes here): LibreOffice is named by a command that does
    not exist, so each fails alone, as the README says, and the rest goes in."""
    from ingest.office import OfficeConverter
    from ingest.pipeline import Ingest

    home = tmp_path_factory.mktemp("outlook-archive")
    with Archive.open(home) as archive:
        archive.save_release(Release("outlook-test", "Outlook data files", agency="Test Agency"), actor="tests")
        summary = Ingest(archive, "outlook-test", jobs=1, office=OfficeConverter("no-libreoffice-in-these-tests")).run(
            [outlook_files / "enron.pst", outlook_files / "pstextractortest@outlook.com.ost"])
        unconverted = [o for o in summary.failed if "LibreOffice is not available" in o.message]
        assert summary.failed == unconverted and len(unconverted) >= 20, summary.failed
    return home


def archive_snapshot(archive: Archive, queries: tuple[str, ...] | list[str]) -> dict:
    """Everything that must be identical between two archives built from the same files:
    rows (ids included), index keys, search results, stored originals, stray temp files."""
    from archive.search import SearchRequest

    db = archive.store.db
    return {
        "documents": db.execute("select id, sha256, release, filename, size, page_count, fingerprint, "
                                "duplicate_of, indexed from documents order by id").fetchall(),
        "pages": db.execute("select * from pages order by document_id, number").fetchall(),
        "emails": db.execute("select * from emails order by id").fetchall(),
        "issued": db.execute("select id, document_id, start_page, start_line, ordinal "
                             "from issued_ids order by id").fetchall(),
        "index": sorted(archive.index.keys()),
        "results": {q: [hit.key for hit in archive.search(SearchRequest(query=q, page_size=100)).hits]
                    for q in queries},
        "files": sorted(archive.files.all_digests()),
        "leftovers": sorted(p.name for p in archive.files.root.rglob(".incoming-*"))
        if archive.files.root.is_dir() else [],
    }
