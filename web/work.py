"""People's work product on the site: notes on emails, pages and passages, tags (one record or
a whole search), and the list of one's notes (archive/work.py holds the rules).

Every view here is reached through ``routes.WRITE_ROUTES`` with the role "reader": a signed-in
account; the CSRF token of a POST is checked first. A record the account may not read answers 404
as everywhere else; a note or tag that cannot be made is a 400 saying why. Reading is for
everyone the records are for: the partial ``_work.html`` on an email or page shows the notes and
tags its reader may see (a public annotation to anyone).
"""

from __future__ import annotations

from typing import Any

from flask import current_app, g, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, NotFound
from werkzeug.wrappers.response import Response

from archive import AccountError
from archive import NotFound as RecordNotFound
from archive.work import MAX_NOTE, MAX_QUOTE, MAX_TAGGED, Note, Reader, Tag

from . import get_archive, get_writer, params

MAX_FORM_TEXT = MAX_NOTE + 1_000


def _form(name: str, limit: int = 200) -> str:
    return request.form.get(name, "")[:limit]


def target_url(target: str, anchor: str = "work") -> str:
    """The page of a record named as ``e:<id>`` or ``p:<doc>:<n>``."""
    if target.startswith("e:"):
        return url_for("site.email", email_id=target[2:], _anchor=anchor)
    _, doc, number = target.split(":")
    return url_for("site.page", doc_id=doc, number=int(number), _anchor=anchor)


def _refused(exc: Exception) -> BadRequest:
    return BadRequest(str(exc))


# -- reading: what the partial shows -----------------------------------------------------------

def work_on(target: str, body: str = "") -> dict[str, Any]:
    """The notes and tags the reader sees on one record, and what the forms offer them."""
    archive = get_archive()
    reader = archive.reader
    account = g.get("account")
    return {
        "target": target, "reader": reader,
        "notes": archive.work.notes_on([target], reader, body),
        "tags": archive.work.tags_on([target], reader).get(target, []),
        "teams": sorted(reader.groups),
        "may_publish": bool(account and account.may("editor") and not current_app.config["PRIVATE"]),
        "max_note": MAX_NOTE, "max_quote": MAX_QUOTE,
    }


def template_helpers() -> dict[str, Any]:
    return {"work_on": work_on, "scope_label": _scope_label, "tag_value": _tag_value,
            "work_teams": lambda: sorted(get_archive().reader.groups)}


def _scope_label(reader: Reader, note: Note) -> str:
    label = reader.scope_label(note.scope)
    return {"private": "Private", "public": "Public"}.get(label, f"Team {label}")


def _tag_value(reader: Reader, tag: Tag) -> str:
    return tag.value(reader)


def notes() -> str:
    """Every note the account sees, newest first, each linked to its record."""
    archive = get_archive()
    return render_template("notes.html", notes=archive.work.notes(archive.reader), reader=archive.reader,
                           target_url=target_url, tags=archive.work.tag_names(archive.reader))


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
    try:
        note = get_writer().work.add_note(g.account, target, _form("text", MAX_FORM_TEXT), visibility=kind,
                                          team=team, quote=_form("quote", MAX_QUOTE + 1).strip(),
                                          occurrence=occurrence)
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from exc
    except AccountError as exc:
        raise _refused(exc) from exc
    return redirect(target_url(target, f"note-{note.id}"))


def edit_note(note_id: str) -> Response:
    try:
        note = get_writer().work.edit_note(g.account, note_id, _form("text", MAX_FORM_TEXT))
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from exc
    except AccountError as exc:
        raise _refused(exc) from exc
    return redirect(target_url(note.target, f"note-{note.id}"))


def delete_note(note_id: str) -> Response:
    try:
        target = get_writer().work.delete_note(g.account, note_id)
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from exc
    except AccountError as exc:
        raise _refused(exc) from exc
    return redirect(target_url(target))


def add_tag() -> Response:
    """Tag one record, for a team ("team" in the form) or for oneself."""
    target = _form("target", 120)
    try:
        get_writer().work.apply_tag(g.account, _form("tag", 80), [target], team=_form("team", 80))
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from exc
    except AccountError as exc:
        raise _refused(exc) from exc
    return redirect(target_url(target))


def remove_tag() -> Response:
    target = _form("target", 120)
    try:
        get_writer().work.remove_tag(g.account, _form("tag", 130), target)
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from exc
    except AccountError as exc:
        raise _refused(exc) from exc
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
    try:
        get_writer().work.apply_tag(g.account, _form("tag", 80), keys, team=_form("team", 80),
                                    query=request.query_string.decode("utf-8", "replace"))
    except RecordNotFound as exc:
        raise NotFound(str(exc)) from exc
    except AccountError as exc:
        raise _refused(exc) from exc
    return redirect(url_for("site.search", **params.search_args(search, page=1), tagged=len(keys)))
