"""Admin pages that change records: who may read a restricted release; withdrawing a release (its
permalinks then answer 410 with the reason) and restoring it, as `foia release withdraw/restore` do.

Each view here is reached only through ``routes.WRITE_ROUTES``, which checks the
role before the view runs; a POST's CSRF token is checked by Flask-WTF before that.
"""

from __future__ import annotations

import re

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from archive import AccountError, ArchiveError

from . import get_archive, get_writer

_SEPARATORS = re.compile(r"[\s,;]+")


def _names(field: str) -> list[str]:
    """A form field of addresses or group names, one a line (or separated by commas)."""
    return [name for name in _SEPARATORS.split(request.form.get(field, "")[:20_000]) if name]


def access(error: str = "", status: int = 200) -> tuple[str, int]:
    """Every release (withdrawn ones too) with the people and groups it is restricted to."""
    archive = get_archive()
    listing = archive.release_listing(withdrawn=True)
    return render_template("access.html", listing=listing, restrictions=archive.restrictions(),
                           groups=archive.groups(), error=error), status


def set_access(slug: str) -> Response | tuple[str, int]:
    """Restrict a release to the people and groups in the form (both empty: open it)."""
    try:
        get_writer().restrict_release(slug[:200], people=_names("people"), groups=_names("groups"),
                                      actor=g.account.email)
    except (AccountError, ArchiveError) as exc:
        return access(f"{slug[:200]}: {exc}", 400)
    return redirect(url_for("edit.access", _anchor=f"release-{slug}"))


def withdraw(slug: str) -> Response | tuple[str, int]:
    """Withdraw a release, with the reason its permalinks will give (audited)."""
    reason = " ".join(request.form.get("reason", "").split())[:2000]
    if not reason:
        return access(f"{slug[:200]}: give the reason for withdrawing it; its permalinks will show it", 400)
    try:
        get_writer().withdraw_release(slug[:200], reason, actor=g.account.email)
    except ArchiveError as exc:  # NotFound: no such release, or withdrawn already (Gone)
        return access(f"{slug[:200]}: {exc}", 400)
    return redirect(url_for("edit.access", _anchor=f"release-{slug}"))


def restore(slug: str) -> Response | tuple[str, int]:
    """Undo a withdrawal (audited)."""
    try:
        get_writer().restore_release(slug[:200], actor=g.account.email)
    except ArchiveError as exc:  # no such release, or not withdrawn
        return access(f"{slug[:200]}: {exc}", 400)
    return redirect(url_for("edit.access", _anchor=f"release-{slug}"))
