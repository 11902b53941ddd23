"""Pages of the site."""

from __future__ import annotations

from flask import Blueprint, render_template

from . import get_archive

bp = Blueprint("site", __name__)


@bp.get("/")
def home() -> str:
    archive = get_archive()
    return render_template("home.html", releases=archive.store.releases())
