"""People's corrections on the email page, and a release's review queue (issue 16).

Every view here is reached only through ``routes.WRITE_ROUTES`` (the editor role checked
first; a POST's CSRF token before that). The email is found through the reading handle, as the
person signed in (a restricted release they may not read is a 404), and written through the
writer, holding the archive's writer lock: while an ingest batch runs, a correction is refused
with the reason, and nothing is stored. Structure corrections re-split the document from its
stored page texts (ingest/corrections.py).
"""

from __future__ import annotations

from typing import Any

from flask import g, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, Conflict
from werkzeug.wrappers.response import Response

from archive import Archive, ArchiveError, Email
from archive import NotFound as RecordNotFound
from archive.corrections import DOUBT_FIELDS, FIELD_NAMES, Correction
from ingest.corrections import changed_since_shown, read_fields, resplit
from ingest.split import header_under_separator

from . import get_archive, get_writer, views

SHOWS = ("unchecked", "disagreements", "all")
WRITE_WAIT_SECONDS = 10  # an ingest runner holds the writer lock a moment every poll, a batch for long


def _email(email_id: str) -> Email:
    """The email a correction is for; an id a correction since retired (a teammate's merge) is
    refused naming where its lines are now (409: nothing was saved), never a bare 404."""
    archive = get_archive()
    try:
        return archive.email(views.email_id_or_404(email_id))
    except RecordNotFound:
        try:
            covering, moved = archive.resolve_email(email_id)
        except ArchiveError:
            covering, moved = None, False
        if covering is None or not moved:
            raise
        link = url_for("site.email", email_id=covering.id)
        raise Conflict(f"email {email_id} was changed by another correction since you opened its page (its lines "
                       f"are now part of email {covering.id}, {link}); nothing was saved: open that email and "
                       "correct it there if need be") from None


def _review_slug() -> str:
    """The release whose review queue the editor came from ("" when none)."""
    slug = request.values.get("review", "")[:200]
    return slug if slug and get_archive().has_release(slug) else ""


def _next_in_queue(slug: str, done: str) -> Response | None:
    queue = get_archive().review_queue(slug)
    following = next((item for item in queue if item.email_id != done), None)
    return redirect(url_for("site.email", email_id=following.email_id, review=slug)) if following else None


def _back(email_id: str, *, next_in_queue: bool = False) -> Response:
    slug = _review_slug()
    if slug and next_in_queue:
        following = _next_in_queue(slug, email_id)
        if following is not None:
            return following
        return redirect(url_for("edit.review", slug=slug))
    return redirect(url_for("site.email", email_id=email_id, **({"review": slug} if slug else {})))


def _refused(email_id: str, exc: ArchiveError) -> tuple[str, int]:
    """The email page again, with what went wrong beside the form (nothing was stored)."""
    g.correction_error = str(exc)
    page = views.email(email_id)
    return (page if isinstance(page, str) else ""), 400


def _write(email_id: str, action: Any) -> Email | tuple[str, int]:
    writer = get_writer()
    try:
        with writer.writing(timeout=WRITE_WAIT_SECONDS):
            found: Email = action(writer)
            return found
    except ArchiveError as exc:
        return _refused(email_id, exc)


def correct(email_id: str) -> Response | tuple[str, int]:
    """A person's values for the fields in the form (those left as the form showed them are not
    recorded), read against the fields as they are once the write lock is held."""
    email = _email(email_id)
    saved = False

    def save(writer: Archive) -> Email:
        nonlocal saved
        values = read_fields(request.form, shown=writer.shown_values(email.id))
        saved = bool(values)
        return writer.correct_fields(email.id, values, actor=g.account.email) if values else writer.email(email.id)
    done = _write(email.id, save)
    return done if isinstance(done, tuple) else _back(email.id, next_in_queue=saved)


def check(email_id: str) -> Response | tuple[str, int]:
    """The email checked against its page images: every field stands as the page showed it
    (refused when someone changed one since)."""
    email = _email(email_id)

    def checked(writer: Archive) -> Email:
        changed_since_shown(request.form, shown=writer.shown_values(email.id))
        return writer.mark_checked(email.id, actor=g.account.email)
    done = _write(email.id, checked)
    return done if isinstance(done, tuple) else _back(email.id, next_in_queue=True)


def _restructure(email_id: str, writer: Archive, correction: Correction) -> Email:
    document = resplit(writer, writer.document(correction.document_id), correction)
    found = writer.email_at(document.id, correction.page, correction.line)
    if found is None:  # merged or not an email: the email now covering its position, if any
        try:
            found, _ = writer.resolve_email(email_id)
        except ArchiveError:
            found = None
    if found is None:
        raise _NoEmailLeft(document.id, correction.page)
    return found


class _NoEmailLeft(ArchiveError):
    def __init__(self, document_id: str, page: int) -> None:
        super().__init__(f"no email covers page {page} of document {document_id} now")
        self.document_id, self.page = document_id, page


def _structure(email_id: str, action: str, **extra: Any) -> Response | tuple[str, int]:
    email = _email(email_id)
    writer = get_writer()
    try:
        with writer.writing(timeout=WRITE_WAIT_SECONDS):
            correction, _ = writer.structure_correction(email.id, action, actor=g.account.email, **extra)
            found = _restructure(email.id, writer, correction)
    except _NoEmailLeft as gone:
        return redirect(url_for("site.page", doc_id=gone.document_id, number=gone.page))
    except ArchiveError as exc:
        return _refused(email.id, exc)
    slug = _review_slug()
    return redirect(url_for("site.email", email_id=found.id, **({"review": slug} if slug else {})))


def _position() -> tuple[int, int]:
    page, _, line = request.form.get("at", "")[:20].partition(":")
    if not page.isdigit() or not line.isdigit():
        raise BadRequest("the line to split at is given as PAGE:LINE")
    return int(page), int(line)


def split(email_id: str) -> Response | tuple[str, int]:
    """A second email begins at the line given (``at``: PAGE:LINE, the line counted from 0); given
    on the separator above a header the machine read, at that header (its history and restore
    are that email's)."""
    page, line = _position()
    archive = get_archive()
    email = _email(email_id)
    printed = archive.pages(email.document_id, page, page)
    if printed:
        headers = {e.start_line for e in archive.emails_in_document(email.document_id) if e.start_page == page}
        line = header_under_separator(printed[0].text.splitlines(), line, headers) or line
    return _structure(email_id, "split", page=page, line=line)


def merge(email_id: str) -> Response | tuple[str, int]:
    """This email is the continuation of the one before it in its document."""
    return _structure(email_id, "merge")


def not_email(email_id: str) -> Response | tuple[str, int]:
    """This span is not an email: a memo, a letter, a slip sheet."""
    return _structure(email_id, "not-email", kind=request.form.get("kind", "")[:40])


def restore_reading(email_id: str) -> Response | tuple[str, int]:
    """Withdraw the person's split that begins this email: the machine's reading stands there
    again (a quoted copy made an email of its own is a quoted copy again, under its id)."""
    return _structure(email_id, "restore")


def begin_email(doc_id: str, number: int) -> Response | tuple[str, int]:
    """An email begins at this line of a page the machine took for no email."""
    document = views.document_or_404(doc_id)
    views.page_or_404(document, number)  # a page the document does not have: 404, as its URL answers
    _, line = _position()
    writer = get_writer()
    try:
        with writer.writing(timeout=WRITE_WAIT_SECONDS):
            correction, _ = writer.email_correction(document.id, number, line, actor=g.account.email)
            found = _restructure("", writer, correction)
    except ArchiveError as exc:
        raise BadRequest(str(exc)) from exc
    return redirect(url_for("site.email", email_id=found.id))


def review(slug: str) -> str:
    """A release's emails, likeliest mistakes first, with filters; what disagrees; progress."""
    archive = get_archive()
    release = archive.release(slug[:200])
    field = request.args.get("field", "")[:20]
    document = request.args.get("document", "")[:20]
    source = request.args.get("source", "")[:20]
    show = request.args.get("show", "unchecked")[:20]
    if field not in ("", *DOUBT_FIELDS) or source not in ("", "scanned", "text") or show not in SHOWS:
        raise BadRequest("field is one of " + ", ".join(DOUBT_FIELDS) + "; source is scanned or text; show is "
                         + ", ".join(SHOWS))
    queue = archive.review_queue(release.slug, field=field, document=document, source=source, show=show)
    checked, total = archive.review_progress(release.slug)
    return render_template(
        "review.html", release=release, queue=queue[:500], more=max(0, len(queue) - 500), checked=checked,
        total=total, unplaced=archive.unplaced_corrections(release.slug),
        documents=[d for d in archive.documents(release.slug) if not d.duplicate_of],
        field=field, document=document, source=source, show=show, fields=DOUBT_FIELDS, field_names=FIELD_NAMES,
        shows=SHOWS)
