"""People's work product on the site: notes on emails, pages and passages, tags (one record or
a whole search), and the list of one's notes (archive/work.py holds the rules).

Every view here is reached through ``routes.WRITE_ROUTES`` with the role "reader": a signed-in
account; the CSRF token of a POST is checked first. A record the account may not read answers 404
as everywhere else; a note or tag that cannot be made is a 400 saying why. Reading is for
everyone the records are for: the partial ``_work.html`` on an email or page shows the notes and
tags its reader may see (a public annotation to anyone).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Response as FlaskResponse
from flask import current_app, g, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, NotFound, ServiceUnavailable
from werkzeug.wrappers.response import Response

from archive import AccountError, Archive, Deleted
from archive import NotFound as RecordNotFound
from archive.exhibit_docx import exhibit_table
from archive.exhibit_pdf import Box, stamped_exhibits
from archive.invisible import remove_invisible
from archive.search import SearchRequest
from archive.work import (
    MAX_NOTE,
    MAX_QUOTE,
    MAX_TAGGED,
    Exhibit,
    ExhibitList,
    Note,
    Reader,
    SavedSearch,
    Tag,
    form_once,
    occurrences,
)
from ingest.isolated import BrokenProcessPool, alone, within_memory
from ingest.pdf import ink_in_boxes

from . import get_archive, get_writer, limits, params, urls, views
from .api import envelope_body

MAX_FORM_TEXT = MAX_NOTE + 1_000


def _form(name: str, limit: int = 200) -> str:
    """A form field, bounded, without invisible characters (a bidi override pasted into a list's
    title reversed the exhibit table it heads; the archive's one filter, as for PDF text)."""
    return remove_invisible(request.form.get(name, "")[:limit])


def target_url(target: str, anchor: str | None = "work") -> str:
    """The page of a record named as ``e:<id>`` or ``p:<doc>:<n>``."""
    if target.startswith("e:"):
        return url_for("site.email", email_id=target[2:], _anchor=anchor)
    _, doc, number = target.split(":")
    return url_for("site.page", doc_id=doc, number=int(number), _anchor=anchor)


def _refused(exc: Exception) -> BadRequest:
    return BadRequest(str(exc))


def _calling(call: Callable[[], Any]) -> Any:
    """Run a change; the archive's refusals become a 404 (no such record), a 410 (a list deleted)
    or a 400 saying why."""
    try:
        return call()
    except Deleted:
        raise  # 410, saying who deleted it and when (web/errors.py)
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from exc
    except AccountError as exc:
        raise _refused(exc) from exc


# -- reading: what the partial shows -----------------------------------------------------------

def work_on(target: str, body: str = "") -> dict[str, Any]:
    """The notes and tags the reader sees on one record, and what the forms offer them."""
    archive = get_archive()
    reader = archive.reader
    account = g.get("account")
    targets = archive.work.aliases(target)
    return {
        "target": target, "reader": reader,
        "notes": archive.work.notes_on(targets, reader, body),
        "tags": [tag for tags in archive.work.tags_on(targets, reader).values() for tag in tags],
        "teams": sorted(reader.groups),
        "may_publish": reader.may_publish and not current_app.config["PRIVATE"],
        "exhibit_lists": archive.work.exhibit_lists(reader) if account else [],
        "max_note": MAX_NOTE, "max_quote": MAX_QUOTE,
    }


def work_on_results(keys: list[str]) -> dict[str, dict[str, Any]]:
    """The notes and tags the reader sees on each search result that has any (on its record or on
    an id a merge retired into it), by the result's key."""
    archive = get_archive()
    reader = archive.reader
    result_of = {alias: key for key, aliases in archive.work.aliases_of(keys).items() for alias in aliases}
    found: dict[str, dict[str, Any]] = {}
    for note in archive.work.notes_on(list(result_of), reader):
        found.setdefault(result_of[note.target], {"notes": [], "tags": []})["notes"].append(
            (reader.scope_title(note.scope), note))
    for target, tags in archive.work.tags_on(list(result_of), reader).items():
        found.setdefault(result_of[target], {"notes": [], "tags": []})["tags"].extend(
            (reader.scope_title(tag.scope), tag) for tag in tags)
    return found


def template_helpers() -> dict[str, Any]:
    return {"work_on": work_on, "work_on_results": work_on_results, "tag_value": _tag_value, "note_author": _note_author,
            "work_teams": lambda: sorted(get_archive().reader.groups), "form_once": form_once,
            "saved_searches": lambda: get_archive().work.saved_searches(get_archive().reader)}


def _note_author(note: Note) -> str:
    """Who wrote a note, as the viewer may know it: a public annotation's author is "Archive
    editor" to anyone but an editor (editors' addresses are shown to editors only, as
    ``web/api.py::review_json`` keeps them); a team's notes name the teammate."""
    account = g.get("account")
    if note.visibility == "public" and not (account and account.may("editor")):
        return "Archive editor"
    return note.author


def _tag_value(reader: Reader, tag: Tag) -> str:
    return tag.value(reader)


def notes() -> str:
    """Every note the account sees, newest first, each linked to its record and naming it (an
    email a merge retired by the email now covering its place)."""
    archive = get_archive()
    found = archive.work.notes(archive.reader)
    records = {note.target: archive.work.current(note.target) for note in found}
    emails = archive.emails([t[2:] for t in records.values() if t.startswith("e:")])
    pages = _page_stamps(archive, records.values())
    return render_template("notes.html", notes=found, reader=archive.reader, records=records, emails=emails,
                           pages=pages, target_url=target_url, tags=archive.work.tag_names(archive.reader))


def notes_json() -> FlaskResponse:
    """The notes page as JSON (``/notes.json``): every note the account sees, newest first, each
    with the record it is on now and its permalink, and every tag with how many records carry it
    and the search listing them."""
    archive = get_archive()
    reader = archive.reader
    found = archive.work.notes(reader)
    records = {note.target: archive.work.current(note.target) for note in found}
    notes = [{"id": note.id, "record": records[note.target], "noted_on": note.target,
              "permalink": _permalink(records[note.target]),
              "url": f"{_permalink(records[note.target])}#note-{note.id}",
              "visibility": note.visibility, "shared_with": reader.scope_title(note.scope),
              "author": _note_author(note), "text": note.text, "passage": note.quote or None,
              "created_at": note.created_at, "updated_at": note.updated_at} for note in found]
    tags = [{"tag": tag.value(reader), "name": tag.name, "shared_with": reader.scope_title(tag.scope),
             "records": count, "search": urls.public_url("site.search", tag=tag.value(reader)),
             "api_search": urls.public_url("api.search", tag=tag.value(reader))}
            for tag, count in archive.work.tag_names(reader)]
    return _private_json({"notes": notes, "tags": tags}, notes=len(notes), tags=len(tags))


def _private_json(data: Any, **meta: Any) -> FlaskResponse:
    """A signed-in reader's own work as JSON: the API's envelope, never cached by a proxy."""
    response = current_app.json.response(envelope_body(data, **meta))
    response.headers["Cache-Control"] = "private, no-store"
    return response


# -- writing -----------------------------------------------------------------------------------

def _visibility() -> tuple[str, str]:
    """The form's "visibility": "private", "public", or "team:<name>"."""
    value = _form("visibility", 80) or "private"
    kind, _, team = value.partition(":")
    if kind == "public" and current_app.config["PRIVATE"]:
        raise BadRequest("a private archive has no public notes; share the note with a team instead")
    return kind, team


def add_note() -> Response:
    target = _form("target", 120)
    kind, team = _visibility()
    try:
        occurrence = int(_form("occurrence", 6) or 0)
    except ValueError:
        occurrence = 0
    text, quote = _form("text", MAX_FORM_TEXT), _form("quote", MAX_QUOTE + 1).strip()
    if quote and text.strip() and target.startswith("e:") and len(quote) <= MAX_QUOTE and not occurrences(
            _calling(lambda: get_archive().email(target[2:])).body, quote):
        # a passage pasted from the page image that OCR read otherwise ("b/f", read "bif"): the
        # note is kept on the whole email with the passage quoted in it, never lost to a refusal
        text, quote = f"[On the passage \u201c{quote}\u201d, not found in the email's text as read] {text.strip()}", ""
    note = _calling(lambda: get_writer().work.add_note(
        g.account, target, text, visibility=kind, team=team, quote=quote, occurrence=occurrence,
        once=_form("once", 64)))
    return redirect(target_url(target, f"note-{note.id}"))


def edit_note(note_id: str) -> Response:
    note = _calling(lambda: get_writer().work.edit_note(g.account, note_id, _form("text", MAX_FORM_TEXT),
                                                        was=_form("was", 100)))
    return redirect(target_url(note.target, f"note-{note.id}"))


def delete_note(note_id: str) -> Response:
    target = _calling(lambda: get_writer().work.delete_note(g.account, note_id, was=_form("was", 100)))
    return redirect(target_url(target))


def note_visibility(note_id: str) -> Response:
    """Who sees one's note, chosen as when it was made ("visibility")."""
    kind, team = _visibility()
    note = _calling(lambda: get_writer().work.set_note_visibility(g.account, note_id, kind, team=team,
                                                                  was=_form("was", 100)))
    return redirect(target_url(note.target, f"note-{note.id}"))


def tag_visibility() -> Response:
    """Who sees one's tag ("tag": "team/name" or "@me/name"; "team", none for oneself): on the
    record in "target", or, without one, on every record one tagged so (the notes page)."""
    target = _form("target", 120)
    _calling(lambda: get_writer().work.set_tag_visibility(g.account, _form("tag", 130), team=_form("team", 80),
                                                          target=target))
    return redirect(target_url(target) if target else url_for("edit.notes"))


def add_tag() -> Response:
    """Tag one record, for a team ("team" in the form) or for oneself."""
    target = _form("target", 120)
    _calling(lambda: get_writer().work.apply_tag(g.account, _form("tag", 80), [target], team=_form("team", 80)))
    return redirect(target_url(target))


def remove_tag() -> Response:
    target = _form("target", 120)
    _calling(lambda: get_writer().work.remove_tag(g.account, _form("tag", 130), target))
    return redirect(target_url(target))


def tag_search() -> Response:
    """Tag every hit of the search in the URL (at most MAX_TAGGED), as the account reads it."""
    search = params.search_request()
    if not search.query and not search.filters:
        raise BadRequest("tag the results of a search: search for something first")
    total, keys = get_archive().hit_keys(search, MAX_TAGGED)
    if total > MAX_TAGGED:
        raise BadRequest(f"this search has {total:,} results; at most {MAX_TAGGED:,} can be tagged at "
                         "once; narrow the search")
    tag, team, work = _form("tag", 80), _form("team", 80), get_writer().work
    # a refused name or team costs nothing; records already tagged so cost nothing either
    new = _calling(lambda: work.untagged(g.account, tag, keys, team=team))
    limits.spend("RATE_LIMIT_TAGGED", len(new), f"this search would tag {len(new):,} more records")
    _calling(lambda: work.apply_tag(g.account, tag, keys, team=team,
                                    query=request.query_string.decode("utf-8", "replace")))
    return redirect(url_for("site.search", **params.search_args(search, page=1), tagged=len(keys)))


# -- exhibit lists -----------------------------------------------------------------------------

EXHIBIT_FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json",
                   "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                   "pdf": "application/pdf"}
EXHIBIT_COLUMNS = ("exhibit", "citation", "bates", "date", "permalink", "release", "listed_as",
                   "changed_since_listed")
_FILE_WORD = re.compile(r"[a-z0-9]+")


def _permalink(target: str) -> str:
    """A record's absolute permalink (citations and exports use the public address)."""
    if target.startswith("e:"):
        return urls.public_url("site.email", email_id=target[2:])
    _, doc, number = target.split(":")
    return urls.public_url("site.page", doc_id=doc, number=int(number))


def _list(archive: Archive, list_id: str) -> ExhibitList:
    return _calling(lambda: archive.work.exhibit_list(list_id, archive.reader))  # type: ignore[no-any-return]


def exhibit_lists() -> str:
    archive = get_archive()
    return render_template("exhibits.html", lists=archive.work.exhibit_lists(archive.reader), reader=archive.reader,
                           teams=sorted(archive.reader.groups))


def create_exhibit_list() -> Response:
    made = _calling(lambda: get_writer().work.create_exhibit_list(g.account, _form("title", 400),
                                                                  team=_form("team", 80), once=_form("once", 64)))
    return redirect(url_for("edit.exhibit_list", list_id=made.id))


def exhibit_list(list_id: str) -> str:
    archive = get_archive()
    found = _list(archive, list_id)
    rows = archive.work.exhibits(found.id, archive.reader, _permalink)
    return render_template("exhibit_list.html", exhibits=found, rows=rows, reader=archive.reader,
                           target_url=target_url, numbering=archive.work.numbering(found.id, archive.reader),
                           since_export=archive.work.since_export(found.id, archive.reader, rows),
                           removal=archive.work.removal(found.id, archive.reader))


def delete_exhibit_list(list_id: str) -> str | Response:
    """Asks first (GET: what would go, a form to confirm), then deletes (POST): the rows are kept
    in the audit entry, and the list's address answers 410 saying who deleted it and when."""
    archive = get_archive()
    found = _list(archive, list_id)
    if request.method == "POST":
        _calling(lambda: get_writer().work.delete_exhibit_list(g.account, found.id))
        return redirect(url_for("edit.exhibit_lists"))
    rows = archive.work.exhibits(found.id, archive.reader, _permalink)
    return render_template("exhibit_delete.html", exhibits=found, rows=rows, reader=archive.reader)


def add_exhibit() -> Response:
    """Add the record in the form to the exhibit list chosen there."""
    target, list_id = _form("target", 120), _form("list_id", 40)
    _calling(lambda: get_writer().work.add_exhibits(g.account, list_id, [target]))
    return redirect(url_for("edit.exhibit_list", list_id=list_id))


def change_exhibits(list_id: str) -> Response:
    """Move a row to another number ("move", "number"), one up or down, number them all by date
    (and undo that, while the list is unchanged since), remove a row, share the list with a team
    ("share", "team"), or rename it ("rename", "title")."""
    work, action, target = get_writer().work, _form("action", 20), _form("target", 120)
    try:
        number = int(_form("number", 6) or 0)
    except ValueError as exc:
        raise BadRequest("an exhibit number is a whole number, like 3") from exc
    changes: dict[str, Callable[[], Any]] = {
        "move": lambda: work.move_exhibit(g.account, list_id, target, number),
        "up": lambda: work.move_exhibit(g.account, list_id, target, by=-1),
        "down": lambda: work.move_exhibit(g.account, list_id, target, by=1),
        "by-date": lambda: work.number_by_date(g.account, list_id),
        "undo-by-date": lambda: work.undo_number_by_date(g.account, list_id),
        "remove": lambda: work.remove_exhibit(g.account, list_id, target),
        "undo-remove": lambda: work.undo_remove_exhibit(g.account, list_id),
        "share": lambda: work.share_exhibit_list(g.account, list_id, _form("team", 80), moving=_form("moving", 1) == "1"),
        "rename": lambda: work.rename_exhibit_list(g.account, list_id, _form("title", 400)),
    }
    if action not in changes:
        raise BadRequest(f"no change {action[:20]!r}; choose {', '.join(changes)}")
    _calling(changes[action])
    return redirect(url_for("edit.exhibit_list", list_id=list_id))


def export_exhibits(list_id: str, fmt: str) -> FlaskResponse:
    """The list as CSV, a Word table, or one PDF of the cited pages stamped with their numbers."""
    if fmt not in EXHIBIT_FORMATS:
        raise NotFound(f"no export format {fmt[:10]!r}; choose {', '.join(EXHIBIT_FORMATS)}")
    archive = get_archive()
    found = _list(archive, list_id)
    rows = archive.work.exhibits(found.id, archive.reader, _permalink)
    if fmt == "csv":
        body: Any = "".join(views.csv_lines(_csv_rows(rows), EXHIBIT_COLUMNS))
    elif fmt == "json":
        body = current_app.json.dumps(envelope_body(_exhibits_json(found, rows), rows=len(rows)))
    elif fmt == "docx":
        body = exhibit_table(found.title, rows)
    else:
        body = _calling(lambda: _stamped_apart(archive, rows))
    get_writer().work.record_export(g.account, found.id, fmt, rows,
                                    site=request.headers.get("Sec-Fetch-Site", "same-origin") in ("same-origin", "none"))
    name = "-".join(_FILE_WORD.findall(found.title.lower()))[:60] or "exhibits"
    response = FlaskResponse(body, mimetype=EXHIBIT_FORMATS[fmt].split(";")[0])
    if fmt == "csv":
        response.headers["Content-Type"] = EXHIBIT_FORMATS[fmt]
    response.headers["Content-Disposition"] = (
        f'attachment; filename="exhibits_{name}_{datetime.now(UTC).date().isoformat()}.{fmt}"')
    response.headers["Cache-Control"] = "private, no-store"
    return response


EXHIBIT_SECONDS = 600  # one stamped PDF of a list's cited pages made at most
EXHIBIT_MEGABYTES = 2048  # ... holding this much memory more than the web process at most
EXHIBIT_RETRY = 30  # seconds a reader asked for a stamped PDF while another is made waits to ask again
# one stamped PDF made at a time by each server process: its child's bounds hold for one, and
# readers' requests (10 a minute each) would otherwise fork as many children as threads
_STAMPING = threading.BoundedSemaphore(1)


def _stamped_apart(archive: Archive, rows: list[Exhibit]) -> bytes:
    """The list's stamped PDF made in a child process bounded in time and memory: pypdf reads
    released (untrusted) files whole, in Python, and a list citing pages whose content inflates
    to tens of megabytes would hold a web thread and its process's memory while it grew. The
    originals and stamps are read here; the child only reads the files and writes the PDF."""
    cited = [(row.listed.document_id if row.listed else row.document_id, row) for row in rows
             if not (row.native or row.withdrawn or row.hidden)]  # (the others are slip sheets)
    if not _STAMPING.acquire(blocking=False):  # (asked first: a refusal reads nothing)
        raise ServiceUnavailable(f"another stamped PDF of exhibits is being made on this server: ask again in "
                                 f"{EXHIBIT_RETRY} seconds (the CSV and the Word table are made at once)",
                                 retry_after=EXHIBIT_RETRY)
    try:
        originals = {doc: archive.original(archive.document(doc)) for doc, _ in cited}
        stamps = {(doc, number): _page_bates(archive, doc, number) for doc, row in cited
                  for number in row.pages_as_listed}
        return alone(EXHIBIT_SECONDS, functools.partial(stamped_exhibits, ink=functools.partial(_ink_of, originals)),
                     rows, originals.__getitem__, functools.partial(_stamp_of, stamps),
                     initializer=within_memory(EXHIBIT_MEGABYTES))
    except (BrokenProcessPool, MemoryError) as exc:
        raise AccountError(f"the stamped PDF of these {len(rows):,} exhibits could not be made within "
                           f"{EXHIBIT_SECONDS // 60} minutes and {EXHIBIT_MEGABYTES // 1024} GB (pages whose content "
                           "is very large, or a damaged file): split the list, or export it as CSV or a Word table"
                           ) from exc
    finally:
        _STAMPING.release()


def _stamp_of(stamps: dict[tuple[str, int], str | None], document: str, number: int) -> str | None:
    return stamps.get((document, number))


def _ink_of(originals: dict[str, Path], document: str, number: int, boxes: Sequence[Box]) -> list[float]:
    """What a cited page prints in each corner a stamp may go (``exhibit_pdf.CORNERS``)."""
    return ink_in_boxes(originals[document], number, boxes)


def _page_stamps(archive: Archive, targets: Iterable[str]) -> dict[str, str | None]:
    """The Bates stamp of each page among ``targets`` (``p:<doc>:<n>``), as lists name a page."""
    return {t: _page_bates(archive, t.split(":")[1], int(t.split(":")[2])) for t in targets if t.startswith("p:")}


def _page_bates(archive: Archive, doc: str, number: int) -> str | None:
    """A page's Bates stamp for the stamped PDF; None for a page row missing (damage `foia
    verify` reports: the page is still copied from the original, unstamped by it)."""
    try:
        return archive.page(doc, number).bates
    except RecordNotFound:
        return None


def _exhibits_json(found: ExhibitList, rows: list[Exhibit]) -> dict[str, Any]:
    """An exhibit list as its JSON export has it: the CSV's columns, and what the CSV folds away
    (the record, its pages, a row the reader may not read, a withdrawn release, native mail)."""
    return {"id": found.id, "title": found.title, "created_at": found.created_at,
            "url": urls.public_url("edit.exhibit_list", list_id=found.id),
            "rows": [{**{column: value or None for column, value in row_csv.items()}, "exhibit": row.number,
                      "record": row.target or None, "document": row.document_id or None,
                      "pages": list(row.pages), "added_at": row.added_at or None, "hidden": row.hidden,
                      # what the row cited when listed (what the stamped PDF prints, a brief filed
                      # then shows), where a correction since changed it; else null
                      "as_listed": {"bates": row.listed.bates or None, "document": row.listed.document_id,
                                    "pages": list(row.listed.pages), "date": row.listed.date or None,
                                    "citation": row.listed.citation or None} if row.changed and row.listed else None,
                      "withdrawn": row.withdrawn or None, "native": row.native or None}
                     for row, row_csv in zip(rows, _csv_rows(rows), strict=True)]}


def _csv_rows(rows: list[Exhibit]) -> Iterator[dict[str, Any]]:
    for row in rows:
        yield {"exhibit": row.number, "citation": row.citation, "bates": row.bates, "date": row.date,
               "permalink": row.permalink, "release": row.release, "listed_as": row.listed_as,
               "changed_since_listed": row.changed}


# -- saved searches, alerts and their feeds --------------------------------------------------------

def save_search() -> Response:
    """Save the search in the URL; its owner is told of what new batches add that matches it."""
    search = params.search_request()
    if not search.query and not search.filters:
        raise BadRequest("save a search: search for something first")
    saved = _calling(lambda: get_writer().work.save_search(g.account, _form("name", 400), search.query,
                                                            search.filters, search.include_quoted,
                                                            once=_form("once", 64)))
    return redirect(url_for("edit.saved_search", search_id=saved.id))


def saved_searches() -> str:
    archive = get_archive()
    return render_template("saved_searches.html", searches=archive.work.saved_searches(archive.reader),
                           feed_url=_feed_url, search_url=_search_url)


def saved_search(search_id: str) -> str:
    archive = get_archive()
    found = _calling(lambda: archive.work.saved_search(search_id, archive.reader))
    alerts = archive.work.alerts(found, archive.reader)
    emails = archive.emails([a.target[2:] for a in alerts if a.target.startswith("e:")])
    return render_template("saved_search.html", saved=found, alerts=alerts, emails=emails,
                           pages=_page_stamps(archive, [a.target for a in alerts]),
                           feed_url=_feed_url(found), search_url=_search_url(found), target_url=target_url)


def saw_search(search_id: str) -> Response:
    _calling(lambda: get_writer().work.mark_seen(g.account, search_id, up_to=_form("up_to", 40) or None))
    return redirect(url_for("edit.saved_search", search_id=search_id))


def delete_search(search_id: str) -> Response:
    _calling(lambda: get_writer().work.delete_saved_search(g.account, search_id))
    return redirect(url_for("edit.saved_searches"))


def feed(token: str) -> FlaskResponse:
    """A saved search's alerts as an Atom feed, at an address only its owner was given: read as
    the owner (a release they may no longer read drops out); no sign-in, so a feed reader can poll."""
    archive = get_archive()
    try:
        found, owner = archive.work.feed(token)
    except RecordNotFound as exc:
        raise NotFound("No such feed: ask its owner for the address shown on their saved search.") from exc
    # as the owner reads, before the alerts are read: an alert's email a merge retired is looked up
    # to the email now covering it, which, in a release restricted to the owner, does not exist
    # for the request's own reader (no one signed in)
    archive.read_as(archive.account(found.owner))
    alerts = archive.work.alerts(found, owner, limit=100)
    emails = archive.emails([a.target[2:] for a in alerts if a.target.startswith("e:")])
    body = render_template("feed.xml", saved=found, alerts=alerts, emails=emails, feed_url=_feed_url(found), xml=_xml,
                           pages=_page_stamps(archive, [a.target for a in alerts]),
                           search_url=_search_url(found), permalink=_permalink,
                           updated=alerts[0].found_at if alerts else found.created_at)
    response = FlaskResponse(body, mimetype="application/atom+xml")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def _xml(text: str) -> str:
    """Text XML 1.0 can hold: control characters and noncharacters (U+FFFE, U+FFFF: a PDF's
    text, or a name someone typed) become spaces, by the archive's one filter for them."""
    return remove_invisible(text, " ")


def _feed_url(saved: SavedSearch) -> str:
    return urls.public_url("accounts.feed", token=saved.token)


def _search_url(saved: SavedSearch) -> str:
    return urls.public_url("site.search", **params.search_args(SearchRequest(
        saved.query, filters=saved.filters, include_quoted=saved.include_quoted,
        page_size=current_app.config["PAGE_SIZE"])))
