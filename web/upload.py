"""Upload from the browser: an editor creates or picks a release, sends PDFs (or zips of them)
and optionally the article; the batch is queued in the archive for the ingest runner, and its
page shows the progress. The web process only receives, checks and queues (ingest/uploads.py);
it never ingests. Views here are reached through ``routes.WRITE_ROUTES`` (the role checked first).

Request bodies are 16 KB at most everywhere except an editor's POST to the upload form, whose
limit is ``UPLOAD_MAX_MB`` (``allow_uploads``), so no one else can make the site read a large body.
"""

from __future__ import annotations

import contextlib
import re
import time
from typing import Any

from flask import current_app, g, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from archive import ArchiveError, NotFound, Release
from archive.batches import Batch, Received, is_batch_id
from archive.model import RELEASE_SLUG, is_web_address
from archive.work import MAX_NOTE, MAX_QUOTE
from ingest.articles import safe_url
from ingest.uploads import Limits, discard, left_out_of_folder, receive, receive_all

from . import articles, get_archive, get_writer

MB = 1024 * 1024
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
RELEASE_FIELDS = ("title", "agency", "requester", "request_number", "released", "source_url", "description")
REFRESH_SECONDS = 3
UPLOAD_ENDPOINTS = ("edit.upload", "edit.retry_file")  # the POSTs that may carry files
NOTE_ENDPOINTS = ("edit.add_note", "edit.edit_note")
# a note's text and passage at their limits, each character up to 12 bytes form-encoded (%XX of 4 bytes)
NOTE_FORM_BYTES = (MAX_NOTE + MAX_QUOTE) * 12 + 4096


def allow_uploads() -> None:
    """An editor's upload may be as large as UPLOAD_MAX_MB, an article form as an article may be,
    a signed-in account's note as long as a note may be (everyone else: MAX_CONTENT_LENGTH)."""
    account = g.get("account")
    if request.method != "POST" or not account:
        return
    if request.endpoint in NOTE_ENDPOINTS:
        request.max_content_length = NOTE_FORM_BYTES
    if not account.may("editor"):
        return
    if request.endpoint in UPLOAD_ENDPOINTS:
        request.max_content_length = int(current_app.config["UPLOAD_MAX_MB"]) * MB
    elif request.endpoint == "edit.context":
        request.max_content_length = articles.FORM_BYTES


def limits() -> Limits:
    config = current_app.config
    return Limits(max_file_bytes=int(config["UPLOAD_MAX_FILE_MB"]) * MB,
                  zip_max_files=int(config["UPLOAD_ZIP_MAX_FILES"]),
                  zip_max_bytes=int(config["UPLOAD_ZIP_MAX_MB"]) * MB,
                  zip_max_ratio=int(config["UPLOAD_ZIP_MAX_RATIO"]))


def _form(error: str = "", refused: list[Received] | None = None, status: int = 200) -> tuple[str, int]:
    return render_template("upload.html", releases=get_archive().releases(), error=error, refused=refused or [],
                           form=request.form, limits=limits(), teams=sorted(get_archive().reader.groups)), status


def _readers_of_new() -> tuple[list[str], list[str]] | None:
    """Who may read the new release the form describes, as (people, groups) to restrict it to;
    None for everyone. Said each time (no default: an upload published its release to every
    reader, alerts and all, before an admin could restrict it); only the uploader, or a team of
    theirs. ValueError when not said, or a team not theirs."""
    chosen = request.form.get("readers", "")[:100]
    if chosen == "everyone":
        return None
    if chosen == "me":
        return [g.account.email], []
    if chosen.startswith("team:") and chosen[5:] in get_archive().reader.groups:
        return [g.account.email], [chosen[5:]]
    raise ValueError("say who may read the new release: everyone, only you (and admins), or a team of yours")


def _new_release() -> Release | None:
    """The release the form describes (None when an existing one was picked); ValueError if bad."""
    if request.form.get("release", ""):
        return None
    slug = request.form.get("slug", "").strip().lower()
    fields = {name: request.form.get(name, "").strip()[:2000] for name in RELEASE_FIELDS}
    if not RELEASE_SLUG.fullmatch(slug):
        raise ValueError("pick a release, or give the new one a slug: letters, digits, hyphens, dots and "
                         "underscores (a letter or digit first), e.g. dea-microsoft-2020")
    if not fields["title"]:
        raise ValueError("a new release needs a title")
    if fields["released"] and not _DATE.fullmatch(fields["released"]):
        raise ValueError("the release date is YYYY-MM-DD (or YYYY-MM, or YYYY)")
    if fields["source_url"] and not is_web_address(fields["source_url"]):
        raise ValueError("the release's source URL is an http(s) address, e.g. https://agency.example.gov/foia/2020-05")
    return Release(slug=slug, **fields)


def upload() -> Response | tuple[str, int]:
    if request.method == "GET":
        return _form()
    try:
        new = _new_release()
    except ValueError as exc:
        return _form(str(exc), status=400)
    article_url = request.form.get("article_url", "").strip()[:2000]
    if article_url and safe_url(article_url) is None:
        return _form("the article's URL is an http(s) address, e.g. https://news.example/story", status=400)
    writer, reader = get_writer(), get_archive()
    slug = new.slug if new else request.form.get("release", "")[:200]
    try:
        if new:  # before the files are received; checked again as it is created
            writer.check_new_slug(slug)
    except ArchiveError as exc:
        return _form(str(exc), status=400)
    if not new:
        try:
            reader.release(slug)
        except NotFound:
            return _form(f"there is no release {slug!r} to upload into; pick one from the list", status=400)
    try:
        readers = _readers_of_new() if new else None
    except ValueError as exc:
        return _form(str(exc), status=400)
    # a folder's files arrive named by their path inside it ("production/vol1/a.pdf"): that path is
    # shown on the batch page (printable, bounded); each is stored under its safe last part, and its
    # document records its last part as sent (ingest/uploads.py document_name)
    uploads = [f for f in request.files.getlist("files") if f.filename and not left_out_of_folder(f.filename)]
    if not uploads:
        return _form("choose at least one PDF (or a .zip of PDFs) to upload", status=400)
    batch_id, folder = writer.new_upload()
    received = receive_all(((storage.stream, storage.filename or "upload") for storage in uploads), folder, limits())
    if all(r.refused for r in received):
        writer.refuse_upload(batch_id, slug, received, actor=g.account.email)
        return _form("nothing in this upload can be ingested; nothing was kept", received, status=400)
    try:
        if new:
            # restricted as it is made, before a file of it is read: never one moment open to all
            writer.create_release(new, actor=g.account.email, readers=readers)
        batch = writer.create_batch(
            batch_id, slug, received, actor=g.account.email,
            article_title=request.form.get("article_title", "").strip()[:500],
            article_url=article_url,
            article_text=request.form.get("article_text", "")[:400_000])
    except ArchiveError as exc:
        discard(folder)
        return _form(str(exc), received, status=400)
    return redirect(url_for("edit.batch", batch_id=batch.id))


def _batch(batch_id: str) -> Batch:
    """A batch of a release this reader may see (NotFound otherwise, as for a made-up id)."""
    if not is_batch_id(batch_id):
        raise NotFound(f"no batch {batch_id[:40]!r}")
    archive = get_archive()
    batch = archive.batch(batch_id)
    try:
        archive.release(batch.release)
    except NotFound:  # a restricted release the editor may not read: as a made-up id, naming no release
        raise NotFound(f"no batch {batch_id!r}") from None
    return batch


def batch_json(found: Batch) -> dict[str, Any]:
    now = time.time()
    return {
        "id": found.id, "release": found.release, "status": found.status, "finished": found.finished,
        "created_by": found.created_by, "created_at": found.created_at, "started_at": found.started_at,
        "finished_at": found.finished_at, "total_pages": found.total_pages, "done_pages": found.done_pages,
        "ocr_pages": found.ocr_pages, "pages_per_second": round(found.pages_per_second(now), 2),
        "eta_seconds": None if (eta := found.eta_seconds(now)) is None else round(eta),
        "current": found.current, "attempts": found.attempts, "message": found.message,
        "files": [{"ordinal": f.ordinal, "name": f.name, "size": f.size, "status": f.status, "message": f.message,
                   "remedy": remedy(f.status, f.message), "pages": f.pages, "ocr_pages": f.ocr_pages,
                   "emails": f.emails, "document_id": f.document_id} for f in found.files],
    }


def remedy(status: str, message: str) -> str:
    """What to do about a file that failed or was refused (the message says why)."""
    if status == "refused":
        return "Fix the file as the reason says and upload it here as its replacement."
    if status == "failed":
        return ("Check the file opens in a PDF reader; replace it with a good copy here, or retry it as it is "
                "if the failure has passed (files already ingested are skipped).")
    return ""


def retry_file(batch_id: str, ordinal: int) -> Response | tuple[str, int]:
    """Queue a failed or refused file of a batch again: replaced by the file sent, or as it was."""
    found = _batch(batch_id)
    writer = get_writer()
    storage = request.files.get("file")
    folder = None
    try:
        replacement: Received | None = None
        if storage is not None and storage.filename:
            folder = writer.retry_folder(found.id)
            received = receive(storage.stream, folder, storage.filename, limits())
            replacement = received[0]
            if len(received) != 1 or replacement.refused:
                raise ArchiveError("; ".join(f"{r.name}: {r.refused}" for r in received if r.refused)
                                   or f"{replacement.name} holds several files; replace a file with one PDF")
        writer.retry_batch_file(found.id, ordinal, replacement, actor=g.account.email, received_in=folder)
    except (ArchiveError, NotFound) as exc:
        return render_template("batch.html", batch=found, data=batch_json(found), refresh=REFRESH_SECONDS,
                               error=str(exc)), 400
    finally:
        if folder is not None:
            discard(folder)  # what was received and not moved into the batch (all of it, on an error)
            with contextlib.suppress(OSError):
                folder.parent.rmdir()  # the batch's folder, when made for this and empty again
    return redirect(url_for("edit.batch", batch_id=found.id))


def batch(batch_id: str) -> str:
    found = _batch(batch_id)
    return render_template("batch.html", batch=found, data=batch_json(found), refresh=REFRESH_SECONDS)


def batch_status(batch_id: str) -> Response:
    response = current_app.json.response(batch_json(_batch(batch_id)))
    response.headers["Cache-Control"] = "no-store"
    return response


def in_progress() -> list[Batch]:
    """Batches queued or running, for editors' home page (releases they may read only)."""
    account = g.get("account")
    if not account or not account.may("editor"):
        return []
    archive = get_archive()
    visible = {r.slug for r in archive.releases()}
    return [b for b in archive.batches(("queued", "running")) if b.release in visible]
