"""Permalinks survive copy-paste: a damaged one answers 301 with the canonical URL.

A link pasted from a brief or an email arrives with a sentence's full stop or
comma stuck to it, a trailing slash, capitals, or Word's non-breaking hyphen or
an en dash in a Bates number. Before a request is handled (or found to match no
route), its path arguments are repaired (``archive.ids.repaired``; ids and slugs
lower-cased) and, when that changes the URL and the repaired URL names something
that exists, the answer is a 301 to it, query string kept. Anything else goes on
to the view and its 404: a repair is never a guess between two records.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from flask import Flask, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError
from werkzeug.utils import redirect
from werkzeug.wrappers.response import Response as BaseResponse

from archive import ArchiveError, Gone, ids
from archive.query import bates_range_start

from . import get_archive, urls

LOWER_CASE = ("email_id", "doc_id", "slug")  # ids and slugs are issued in lower case
NAMES = (*LOWER_CASE, "number")  # the arguments that name a record ("number": a Bates number)


# a citation's Bates range pasted whole: its first page. The end as its digits
# ("STATE-SCB0045655–45669", "DEA-MSFT-000003–4") or in full, as a citation prints a range across
# two prefixes ("A-9–B-2") and people write one ("DEA-MSFT-000043 – DEA-MSFT-000045"), or cut off
# by the copy that took it ("DEA-MSFT-000043–"): that answered 400, "not a Bates number"
_CITED_RANGE = re.compile(r"([^\u2013\u2014]*\d)\s*[\u2013\u2014]\s*(?:(?:[A-Za-z][\w .-]*?)?\d+)?[.,;:)\s]*")


def _repair(name: str, value: Any) -> Any:
    if not isinstance(value, str) or name not in NAMES:
        return value
    if name == "number" and (cited := _CITED_RANGE.fullmatch(value)):
        value = cited.group(1)
    value = ids.repaired(value)
    # a range typed with a hyphen ("DEA-MSFT-000043-45"), read as bates: reads it; a stamp printed
    # so ("X-001-12") is itself, never the range it could be read as
    if name == "number" and (start := bates_range_start(value)) and get_archive().bates_lookup(value) is None:
        value = start
    return value.lower() if name in LOWER_CASE else value


def _names_something(endpoint: str, args: dict[str, Any]) -> bool:
    """Whether the repaired arguments name a record (a withdrawn one too: its URL then says so)."""
    archive = get_archive()
    try:
        if "email_id" in args:
            archive.resolve_email(args["email_id"])
        if "doc_id" in args:
            archive.document(args["doc_id"])
        if "slug" in args:
            archive.release(args["slug"])
        if endpoint.endswith(".bates") and archive.bates_lookup(args["number"]) is None:
            return False
    except Gone:
        return True
    except ArchiveError:
        return False
    return True


def _candidates() -> list[tuple[str, dict[str, Any]]]:
    """(endpoint, arguments) of the route the request matched, then of its path without the
    damage at its end ("/d/<doc>/p/4.", "/e/<id>/", "/d/<doc>.pdf." matched no route or the wrong one)."""
    found = []
    if request.url_rule is not None and request.endpoint:
        found.append((request.endpoint, dict(request.view_args or {})))
    path = ids.repaired(request.path)
    cut = request.path[len(path):].removesuffix("/")
    adapter = urls.url_adapter()
    if path and path != request.path and "/" not in cut and adapter is not None:  # never a whole segment
        try:
            endpoint, args = adapter.match(path, method="GET")
            found.append((str(endpoint), dict(args)))
        except HTTPException:
            pass
    return found


def _target(endpoint: str, args: dict[str, Any]) -> str | None:
    fixed = {name: _repair(name, value) for name, value in args.items()}
    if not any(isinstance(args.get(name), str) for name in NAMES) or any(value == "" for value in fixed.values()):
        return None
    try:
        target = url_for(endpoint, **fixed)
    except BuildError:
        return None
    if unquote(target) == request.path or not _names_something(endpoint, fixed):
        return None
    return target


def canonical_redirect() -> BaseResponse | None:
    """A 301 to the canonical URL of a damaged permalink, or None to handle the request as is."""
    if request.method not in ("GET", "HEAD"):
        return None
    if request.url_rule is not None and ids.repaired(request.path) == request.path and not any(
            isinstance(v, str) and v != _repair(k, v) for k, v in (request.view_args or {}).items()):
        return None  # the common case: nothing to repair
    for endpoint, args in _candidates():
        target = _target(endpoint, args)
        if target is not None:
            return redirect(urls.with_query(target), code=301)
    return None


def register(app: Flask) -> None:
    app.before_request(canonical_redirect)
