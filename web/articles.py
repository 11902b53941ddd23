"""An editor attaches a release's context article from the site, or replaces one: the URL and its
text pasted, or a file (Markdown, plain text or HTML), read by the very call `foia context add`
makes (``ingest.articles.attach_context``), its quotations linked to the release's emails, audited.
Reached only through ``routes.WRITE_ROUTES`` (the role checked first, a POST's CSRF token before).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from flask import g, redirect, render_template, request, url_for
from werkzeug.wrappers.response import Response

from archive import ArchiveError
from ingest.articles import attach_context, safe_url
from ingest.errors import IngestError
from ingest.uploads import safe_name

from . import get_archive, get_writer

MAX_BYTES = 2 * 1024 * 1024  # an article as a file (a long story is 100 KB; pasted text: Werkzeug's 500 KB)
FORM_BYTES = MAX_BYTES + 600 * 1024  # the whole form: the file, the pasted text, the other fields
SUFFIXES = (".md", ".markdown", ".txt", ".html", ".htm")  # the formats `foia context add` reads by name
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
FIELDS = {"title": 500, "outlet": 500, "author": 500, "published": 10, "url": 2000}


def _form(slug: str, error: str = "", status: int = 200) -> tuple[str, int]:
    archive = get_archive()
    release = archive.release(slug)
    return render_template("context.html", release=release, articles=archive.articles(release.slug),
                           form=request.form, error=error, max_mb=MAX_BYTES // (1024 * 1024)), status


def _article_text() -> tuple[str, str]:
    """The article's text and a file name whose suffix tells its format ("" lets the content
    tell); ValueError when there is none, or it is not text."""
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        raw = upload.stream.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ValueError(f"the article file is larger than {MAX_BYTES // (1024 * 1024)} MB")
        if b"\x00" in raw:
            raise ValueError("the article file is not text: give Markdown, plain text or HTML")
        suffix = Path(upload.filename).suffix.lower()
        name = safe_name(upload.filename, suffix=suffix) if suffix in SUFFIXES else "article"
        return raw.decode("utf-8", errors="replace"), name
    text = request.form.get("text", "")
    if not text.strip():
        raise ValueError("paste the article's text, or choose its file")
    return text, "article"


def _fields() -> dict[str, Any]:
    fields = {name: request.form.get(name, "").strip()[:limit] for name, limit in FIELDS.items()}
    if fields["url"] and safe_url(fields["url"]) is None:
        raise ValueError("the article's URL is an http(s) address, e.g. https://news.example/story")
    if fields["published"] and not _DATE.fullmatch(fields["published"]):
        raise ValueError("the publication date is YYYY-MM-DD (or YYYY-MM, or YYYY)")
    return fields


def context(slug: str) -> Response | tuple[str, int]:
    """GET: the form and the release's articles; POST: attach (or replace) one."""
    slug = slug[:200]
    if request.method == "GET":
        return _form(slug)
    release = get_archive().release(slug)  # a release this editor may not read: 404
    replaces = request.form.get("replaces", "")[:64] or None
    try:
        fields = _fields()
        text, name = _article_text()
        with tempfile.TemporaryDirectory(prefix="foia-article-") as folder:
            source = Path(folder) / name
            source.write_text(text, encoding="utf-8")
            article, _links = attach_context(get_writer(), release.slug, source, replaces=replaces,
                                             actor=g.account.email, **fields)
    except (ValueError, ArchiveError) as exc:  # NotFound: the article named to replace
        return _form(slug, str(exc), 400)
    except IngestError as exc:
        return _form(slug, exc.reason, 400)  # without the temporary file's path
    return redirect(url_for("site.release", slug=release.slug, _anchor=f"context-{article.id}"))
