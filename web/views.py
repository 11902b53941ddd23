"""HTML pages of the site (their URLs are declared in ``routes.py``)."""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from flask import (
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_file,
    stream_with_context,
    url_for,
)
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers.response import Response as BaseResponse

from archive import Archive, Document, Email, Gone, NotFound, Page, QueryError, ReleaseStats, ids
from archive.cite import (
    cited_bates,
    cited_date,
    date_flag,
    date_flag_title,
    date_standing,
    email_citation,
    email_title,
    format_date,
    last_visited,
    page_citation,
    page_range,
    pin_label,
    zone_printed,
)
from archive.corrections import (
    CERTAINTIES,
    FIELD_NAMES,
    FIELDS,
    KIND_NAMES,
    NOT_EMAIL_KINDS,
    Retirement,
)
from archive.dates import BLUEBOOK_MONTHS, zone_not_understood
from archive.exemptions import explain
from archive.model import is_web_address
from archive.pins import body_by_page
from archive.production import Completeness
from archive.search import EXPORT_COLUMNS, FACETS, SearchRequest, SearchResult
from ingest.articles import mentioned_dates, parse_blocks, segments
from ingest.copies import Disagreement, ReleaseChanges, compare_releases, release_disagreements
from ingest.corrections import value_text
from ingest.letters import letter_bates_ranges, letter_statements
from ingest.passages import disagreement_bands, on_grid
from ingest.redactions import Redaction, redaction_log
from ingest.redactions import redactions as redactions_of

from . import get_archive, highlight, images, limits, lookups, params, protocol, upload, urls
from .results import facet_panels, facet_text, filter_label, hit_views, month_label

FACET_LABELS = {"sender": "From", "recipient": "To / Cc", "month": "Month", "release": "Release",
                "exemption": "Exemption", "tag": "Tag"}
EXPORT_FORMATS = ("csv", "json")
BATES_MAX = 64
CSV_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
_FILE_WORD = re.compile(r"[a-z0-9]+")


# -- shared ----------------------------------------------------------------------------


def _marked_parts(parts: Iterable[Any], words: Any) -> list[tuple[Any, str, Any]]:
    """A body's parts page by page, each with its pin and its text highlighted (``MAX_MARKS`` in all)."""
    listed = list(parts)
    return list(zip(listed, [pin_label(part.page, part.bates) for part in listed],
                    highlight.highlight_parts([part.text for part in listed], words), strict=True))


def email_id_or_404(value: str) -> str:
    if not ids.is_email_id(value):
        raise NotFound(f"{value[:40]!r} is not an email id (ids are 10 letters and digits)")
    return value


def document_or_404(doc_id: str) -> Document:
    if not ids.is_document_id(doc_id):
        raise NotFound(f"{doc_id[:40]!r} is not a document id")
    archive = get_archive()
    document = archive.document(doc_id)
    archive.release(document.release)  # Gone when the release was withdrawn
    return document


def page_or_404(document: Document, number: int) -> Page:
    if not 1 <= number <= document.page_count:
        raise NotFound(f"document {document.id} ({document.filename}) has pages 1 to "
                       f"{document.page_count}, not {number}")
    return get_archive().page(document.id, number)


# -- home and releases ------------------------------------------------------------------

def home() -> str:
    archive = get_archive()
    releases = [(r, archive.release_stats(r.slug)) for r in archive.releases()]
    return render_template("home.html", releases=releases, batches=upload.in_progress())


TOP_CORRESPONDENTS = 10
CHART_STEP, CHART_BAR, CHART_HEIGHT, CHART_TOP, CHART_LEFT = 30, 22, 120, 28, 34


@dataclass(frozen=True)
class ReleaseOverview:
    """What the release page and its JSON twin show beyond the release's own fields."""

    stats: ReleaseStats
    senders: int
    exemptions: list[dict[str, Any]]  # code, title, explanation, federal, emails, pages
    correspondents: list[dict[str, Any]]  # party, sent, received
    articles: list[dict[str, Any]]  # article, blocks (kind, segments), quotes, dates
    quoting: dict[str, Email]  # the emails the articles' quotations link to
    timeline: dict[str, Any]  # geometry of the SVG chart of emails by month


def _month_range(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last and len(months) < 600:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def timeline(months: Iterable[tuple[str, int]], mentioned: Iterable[tuple[str, str, str]]) -> dict[str, Any]:
    """Bars (one per month from the first to the last dated email) and marks for mentioned dates.

    ``mentioned`` is (value, as written, article title); a date outside the
    emails' months is left off the chart (and said so).
    """
    counts = {m: n for m, n in months if m}
    undated = sum(n for m, n in months if not m)
    if not counts:
        return {"bars": [], "marks": [], "undated": undated, "width": 0, "height": 0, "years": [],
                "ticks": [], "off_chart": [m[1] for m in mentioned]}
    span = _month_range(min(counts), max(counts))
    peak = max(counts.values())
    bars = []
    for i, month in enumerate(span):
        count = counts.get(month, 0)
        height = round(CHART_HEIGHT * count / peak) if count else 0
        x = CHART_LEFT + i * CHART_STEP
        bars.append({"month": month, "label": month_label(month), "count": count, "x": x, "width": CHART_BAR,
                     "height": max(height, 1 if count else 0), "y": CHART_TOP + CHART_HEIGHT - height,
                     "center": x + CHART_BAR // 2, "initial": month_label(month)[:1]})
    by_month = {bar["month"]: bar for bar in bars}
    marks: dict[str, dict[str, Any]] = {}
    off_chart = []
    for value, text, title in mentioned:
        bar = by_month.get(value[:7])
        if bar is None:
            off_chart.append(text)
            continue
        mark = marks.setdefault(value[:7], {"x": bar["center"], "month": value[:7], "texts": [], "dates": []})
        if f"{text} ({title})" not in mark["texts"]:
            mark["texts"].append(f"{text} ({title})")
        if text not in mark["dates"]:
            mark["dates"].append(text)
    years = [{"year": bar["month"][:4], "x": bar["x"]} for i, bar in enumerate(bars)
             if i == 0 or bar["month"].endswith("-01")]
    ticks = [{"y": CHART_TOP + CHART_HEIGHT - round(CHART_HEIGHT * v / peak), "value": v}
             for v in sorted({peak, (peak + 1) // 2}) if v > 0]
    return {"bars": bars, "marks": list(marks.values()), "undated": undated, "off_chart": off_chart,
            "width": CHART_LEFT + len(bars) * CHART_STEP + 8, "height": CHART_TOP + CHART_HEIGHT + 40,
            "base": CHART_TOP + CHART_HEIGHT, "top": CHART_TOP, "left": CHART_LEFT, "years": years,
            "ticks": ticks}


def release_overview(archive: Archive, slug: str) -> ReleaseOverview:
    stats = archive.release_stats(slug)
    exemptions = []
    for code, emails_count, pages_count in archive.release_exemptions(slug):
        meaning = explain(code)
        exemptions.append({"code": meaning.code, "title": meaning.title, "explanation": meaning.explanation,
                           "federal": meaning.federal, "emails": emails_count, "pages": pages_count})
    people = archive.release_correspondents(slug)
    senders = sum(1 for _party, sent, _received in people.values() if sent)
    correspondents = [
        {"party": party, "sent": sent, "received": received}
        for party, sent, received in sorted(people.values(), key=lambda p: (-(p[1] + p[2]), -p[1],
                                                                          p[0].display.lower()))
    ][:TOP_CORRESPONDENTS]
    articles = []
    mentioned: list[tuple[str, str, str]] = []
    for article in archive.articles(slug):
        quotes = archive.article_quotes(article.id)
        blocks = parse_blocks(article.body)
        by_block: dict[int, list[tuple[int, tuple[tuple[int, int], ...]]]] = {}
        for quote in quotes:
            by_block.setdefault(quote.block, []).append((quote.ordinal, quote.parts))
        dates = mentioned_dates(article.body)
        mentioned.extend((d.value, d.text, article.title) for d in dates)
        articles.append({
            "article": article, "quotes": {q.ordinal: q for q in quotes}, "dates": dates,
            "blocks": [(b.kind, segments(b, by_block.get(i, ()))) for i, b in enumerate(blocks)],
        })
    linked = [q.email_id for a in articles for q in a["quotes"].values() if q.email_id]
    return ReleaseOverview(stats, senders, exemptions, correspondents, articles,
                           archive.emails(sorted(set(linked))), timeline(stats.months, mentioned))


def release(slug: str) -> str:
    archive = get_archive()
    item = archive.release(slug[:200])
    overview = release_overview(archive, item.slug)
    documents = [d for d in archive.documents(item.slug) if not d.duplicate_of]
    return render_template("release.html", release=item, stats=overview.stats, documents=documents,
                           overview=overview, progress=archive.review_progress(item.slug))


def agency_use(archive: Archive, agency: str) -> dict[str, Any]:
    """How an agency used each exemption across its releases: codes (most used first) and,
    per release, its emails and the share of them withholding under each code."""
    used = archive.agency_exemption_use(agency)
    totals: dict[str, int] = {}
    for _, _, codes in used:
        for code, count in codes.items():
            totals[code] = totals.get(code, 0) + count
    codes = sorted(totals, key=lambda c: (-totals[c], c))
    rows = [{"release": release, "emails": emails,
             "codes": {c: {"emails": n, "share": round(n / emails, 3) if emails else 0.0} for c, n in found.items()}}
            for release, emails, found in used]
    return {"agency": agency, "codes": codes, "releases": rows}


def exemptions(slug: str) -> str:
    archive = get_archive()
    item = archive.release(slug[:200])
    if not item.agency:
        raise NotFound(f"release {item.slug!r} names no agency; exemption use is compared across an agency's releases")
    return render_template("exemptions.html", release=item, use=agency_use(archive, item.agency))


def production_report(archive: Archive, slug: str) -> Completeness:
    """A release's production check as this reader may see it: the files whose boxes anyone can
    undo (``under_boxes``) are named only to editors and admins, who can act on them; to anyone
    else the list would be a map to the words the agency meant to withhold."""
    report = archive.completeness(slug)
    account = g.get("account")
    return report if account is not None and account.may("editor") else replace(report, under_boxes=())


def production(slug: str) -> str:
    archive = get_archive()
    item = archive.release(slug[:200])
    return render_template("production.html", release=item, report=production_report(archive, item.slug),
                           letters=letter_statements(archive, item.slug),
                           ranges=letter_bates_ranges(archive, item.slug))


REDACTIONS_SHOWN = 2_000  # rows on the page; the CSV has them all
REDACTION_PAGES = 2_000  # pages of a release read for the page and the API (documents in order)
SIDE_BY_SIDE = 10  # copies that disagree shown with both pages cut to the passage (each reads its pages' words)
BAND = re.compile(r"(\d{1,4}),(\d{1,4})")
MAX_BAND_POINTS = 600
REDACTION_COLUMNS = ("document", "page", "bates", "line", "where", "codes", "context", "email", "permalink",
                     "correspondent")


def redaction_rows(rows: Iterable[Redaction]) -> Iterator[dict[str, Any]]:
    """Log rows as the CSV and the API give them (absolute permalinks)."""
    for row in rows:
        yield {"document": row.filename, "document_id": row.document_id, "page": row.page,
               "bates": row.bates, "line": row.line or None, "where": row.where, "codes": list(row.codes),
               "context": row.context, "email": row.email_id,
               "permalink": urls.public_url("site.email", email_id=row.email_id) if row.email_id
               else urls.public_url("site.page", doc_id=row.document_id, number=row.page),
               "correspondent": row.correspondent}


def redactions(slug: str) -> str:
    archive = get_archive()
    item = archive.release(slug[:200])
    log = redaction_log(archive, item.slug, REDACTION_PAGES)
    disagreements = release_disagreements(archive, item.slug, REDACTION_PAGES)
    return render_template("redactions.html", release=item, log=log, shown=log.rows[:REDACTIONS_SHOWN],
                           disagreements=disagreements, side_by_side=SIDE_BY_SIDE,
                           bands=[disagreement_bands(archive, d) for d in disagreements[:SIDE_BY_SIDE]])


CHANGE_COLUMNS = ("change", "earlier_codes", "codes", "words", "sent", "sender", "subject", "earlier", "later",
                  "read_by_ocr")


def release_changes(slug: str) -> tuple[Any, Any, ReleaseChanges | None]:
    """The release, the earlier release named by ``?since=`` (or None) and what changed since it."""
    archive = get_archive()
    item = archive.release(slug[:200])
    since = params.text("since", 200)
    if not since:
        return item, None, None
    # (a slug typed in any case, as search's release: takes it; a withdrawn one still answers 410)
    slugs = [r.slug for r in archive.releases()] + [r.slug for r, _ in archive.withdrawn_releases()]
    earlier = archive.release({slug.casefold(): slug for slug in slugs}.get(since.casefold(), since))
    return item, earlier, compare_releases(archive, earlier.slug, item.slug, REDACTION_PAGES)


def change_rows(changes: ReleaseChanges) -> Iterator[dict[str, Any]]:
    """Each change as a row (the CSV and the API): the message, both copies' permalinks."""
    def link(email: Email | None) -> str | None:
        return urls.public_url("site.email", email_id=email.id) if email else None

    groups = (("newly released", changes.newly_released), ("newly withheld", changes.newly_withheld),
              ("exemption changed", changes.exemption_changed))
    for change, found in groups:
        for d in found:
            earlier, later = (d.withheld_in, d.other) if change != "newly withheld" else (d.other, d.withheld_in)
            claims = {"newly released": ((), d.codes), "newly withheld": (d.codes, ()),
                      "exemption changed": (d.other_codes, d.codes)}[change]
            yield {"change": change, "codes": list(claims[0]), "earlier_codes": list(claims[1]),
                   "words": d.released, "sent": later.sent,
                   "sender": later.sender.attributed if later.sender else "", "subject": later.subject,
                   "earlier": link(earlier), "later": link(later), "read_by_ocr": d.read_by_ocr}
    for change, emails, side in (("only in the earlier release", changes.only_earlier, "earlier"),
                                 ("only in this release", changes.only_later, "later")):
        for email in emails:
            yield {"change": change, "codes": [], "earlier_codes": [], "words": "", "sent": email.sent,
                   "sender": email.sender.attributed if email.sender else "", "subject": email.subject,
                   "earlier": link(email) if side == "earlier" else None,
                   "later": link(email) if side == "later" else None, "read_by_ocr": False}


def changes(slug: str) -> str:
    item, earlier, found = release_changes(slug)
    others = [r for r in get_archive().releases() if r.slug != item.slug]
    return render_template("changes.html", release=item, earlier=earlier, changes=found, others=others,
                           rows=list(change_rows(found)) if found else [])


def changes_csv(slug: str) -> Response:
    item, earlier, found = release_changes(slug)
    if earlier is None or found is None:
        raise BadRequest("name the earlier release to compare with: ?since=SLUG")
    response = Response(stream_with_context(csv_lines(change_rows(found), CHANGE_COLUMNS)), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="foia-changes_{earlier.slug}_to_{item.slug}.csv"')
    response.headers["Cache-Control"] = "no-store"
    return response


def disagreement_json(found: Disagreement) -> dict[str, Any]:
    """Two copies of a message that disagree about a withholding, as the API gives them."""
    return {"kind": found.kind, "withheld_in": found.withheld_in.id, "other": found.other.id,
            "codes": list(found.codes), "other_codes": list(found.other_codes), "released": found.released,
            "before": found.before, "read_by_ocr": found.read_by_ocr,
            "withheld_in_url": urls.public_url("site.email", email_id=found.withheld_in.id),
            "other_url": urls.public_url("site.email", email_id=found.other.id)}


def redactions_csv(slug: str) -> Response:
    """Every row, streamed one document at a time with its own archive handle (as exports are)."""
    item = get_archive().release(slug[:200])
    home, reader = Path(current_app.config["ARCHIVE_HOME"]), g.get("account")

    def rows() -> Iterator[dict[str, Any]]:
        with Archive.open(home, readonly=True) as archive:
            yield from redaction_rows(redactions_of(archive.read_as(reader), item.slug))

    response = Response(stream_with_context(csv_lines(rows(), REDACTION_COLUMNS)), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="foia-redactions_{item.slug}_{datetime.now(UTC).date().isoformat()}.csv"')
    response.headers["Cache-Control"] = "no-store"
    return response


# -- search ---------------------------------------------------------------------------------

@contextmanager
def search_slot() -> Iterator[None]:
    """A search page costs five to ten times any other page. A server process runs at most
    ``SEARCH_SLOTS`` searches at once and the others wait their turn, so an email or page view
    never shares the interpreter with a crowd of searches (its latency stays its own)."""
    with current_app.extensions["foia_search_slots"]:
        yield


def run_search() -> tuple[SearchRequest, SearchResult | None, list[str], int]:
    """The search in the URL: (request, result or None, messages, HTTP status)."""
    search = params.search_request()
    archive = get_archive()
    if not search.query and not search.filters:
        return search, None, [], 200
    try:
        result = archive.search(search)
    except QueryError as exc:
        return search, None, [str(exc)], 400
    # the filters as the archive read them (invisible characters removed, releases by their own
    # slugs): what the page, its links and the API echo
    return replace(search, filters=result.request.filters), result, list(result.messages), 200


def search() -> Response:
    with search_slot():
        search_request, result, messages, status = run_search()
        words = result.highlight if result else None
        archive = get_archive()
        releases = archive.releases()
        titles = {r.slug: r.title for r in releases}
        scanned = lookups.scanned(archive, result.hits) if result else set()
        body = render_template(
            "search.html", search=search_request, result=result, messages=messages,
            facet_labels=FACET_LABELS, facets=FACETS, releases=releases,
            panels=facet_panels(search_request, result, FACETS, FACET_LABELS) if result else (),
            hits=hit_views(search_request, result.hits, words, scanned, titles) if result else (),
        )
    return Response(body, status=status, mimetype="text/html")


def _neutralise(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else value if isinstance(value, str) else \
        "; ".join(map(str, value)) if isinstance(value, list | tuple) else str(value)
    return "'" + text if text.startswith(CSV_DANGEROUS) else text


def csv_lines(rows: Iterable[dict[str, Any]], columns: Sequence[str] = EXPORT_COLUMNS) -> Iterator[str]:
    """A byte-order mark first, so that Excel reads UTF-8 (an en dash, not "â€“"), then the
    header row, even when no row follows, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_neutralise(row.get(k)) for k in columns])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def export_filename(search_request: SearchRequest, fmt: str, today: date) -> str:
    """"foia-search_facial-recognition_sender-jane-roe_2024-05-01.csv": what the file holds and
    when it was made, in letters, digits and hyphens only."""
    said = [search_request.query, *(f"{facet} {value}" for facet, value in search_request.filters)]
    words = "_".join(filter(None, ("-".join(_FILE_WORD.findall(text.lower())) for text in said)))
    return f"foia-search_{words[:80].strip('-_') or 'export'}_{today.isoformat()}.{fmt}"


def _json_lines(rows: Iterable[dict[str, Any]], meta: dict[str, Any],
                dumps: Callable[[Any], str]) -> Iterator[str]:
    yield '{"data": ['
    for i, row in enumerate(rows):
        yield ("," if i else "") + "\n" + dumps(row)
    yield '\n], "meta": ' + dumps(meta) + "}\n"


def _export_rows(search_request: SearchRequest) -> Iterator[dict[str, Any]]:
    """Every row of a search, with absolute permalinks; opens its own archive handle because
    the response is streamed after the request's handle is closed."""
    home = Path(current_app.config["ARCHIVE_HOME"])
    base = urls.public_base()
    reader = g.get("account")

    def rows() -> Iterator[dict[str, Any]]:
        with Archive.open(home, readonly=True) as archive:
            for row in archive.read_as(reader).export(search_request):
                # permalinks on the public address: a bare "/e/<id>" opens nothing from a spreadsheet
                yield {**row, **{column: base + link for column in ("permalink", "quoted_in")
                                 if isinstance(link := row.get(column), str) and link.startswith("/")}}

    return rows()


def export(fmt: str) -> Response:
    if fmt not in EXPORT_FORMATS:
        abort(404)
    search_request = params.search_request()
    if not search_request.query and not search_request.filters:
        raise BadRequest("an export needs a query or a filter (exporting the whole archive is not offered)")
    get_archive().check_search()  # fail with a 503 before streaming starts
    rows = _export_rows(search_request)
    # the search runs for the first row: one it cannot answer (a syntax error, past its time
    # budget) is a 400 here, never a 200 with an empty or cut-off file
    first = next(rows, None)
    rows = itertools.chain(() if first is None else (first,), rows)
    if fmt == "csv":
        body: Iterator[str] = csv_lines(rows)
        mimetype = "text/csv"
    else:
        meta = {"query": search_request.query, "filters": [list(f) for f in search_request.filters],
                "sort": search_request.sort,
                "search_url": urls.public_url("site.search", **params.search_args(search_request))}
        body = _json_lines(rows, meta, current_app.json.dumps)
        mimetype = "application/json"
    response = Response(body, mimetype=mimetype)
    name = export_filename(search_request, fmt, datetime.now(UTC).date())
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


# -- emails ---------------------------------------------------------------------------------

def moved(endpoint: str, found: Email, old_id: str) -> BaseResponse:
    """The redirect of a retired email id to the email now covering its place, marked
    ``from=<old id>`` so the landing page (its JSON twin) says which link was followed and why."""
    response = redirect(urls.moved_from(url_for(endpoint, email_id=found.id), old_id), code=urls.MOVED_STATUS)
    response.headers["Cache-Control"] = urls.MOVED_CACHE
    return response


def arrived_from(archive: Archive, found: Email) -> Retirement | None:
    """The retired id whose redirect led here (``from``), and why; None when none did."""
    old_id = request.args.get("from", "")[:20]
    return archive.retirement(old_id, found) if old_id else None


def email(email_id: str) -> Response | BaseResponse | str:
    archive = get_archive()
    found, was_moved = archive.resolve_email(email_id_or_404(email_id))
    if was_moved:
        return moved("site.email", found, email_id)
    query, query_note = params.highlight_query()
    words = highlight.for_query(query)
    document = archive.document(found.document_id)
    release_ = archive.release(found.release)
    # a page row missing (damage `foia verify` reports) loses its image and page citation,
    # never the email: the permalink still shows its text
    pages = [] if document.native else archive.pages(document.id, found.start_page, found.end_page)
    missing_pages = [] if document.native else sorted(
        set(range(found.start_page, found.end_page + 1)) - {p.number for p in pages})
    printed_in = _printed_in(archive, found)
    previous, following, position, siblings = archive.neighbours(printed_in)
    thread = lookups.thread_tree(archive, found)
    link = urls.public_url("site.email", email_id=found.id)
    quoted_by = archive.email(found.parent_id) if found.parent_id else None
    people = corrections_context(archive, found)
    retired = arrived_from(archive, found)
    copies = lookups.copies(archive, found)
    if people["review_slug"]:  # j/k walk the review queue (its links come first on the page)
        people["queue_previous"], people["queue_following"] = lookups.queue_neighbours(
            archive, people["review_slug"], found.id)
    return render_template(
        "email.html", email=found, document=document, release=release_, pages=pages,
        missing_pages=missing_pages,
        attachments=archive.attachments(found.id) if document.native else [],
        attached_to=archive.attached_to(document),
        previous=previous, following=following, position=position, siblings=siblings,
        printed_in=printed_in, thread=thread, thread_size=sum(1 for _ in lookups.walk(thread)),
        copies=copies, corrected_elsewhere=lookups.corrected_elsewhere(archive, found, copies),
        origin=params.search_origin(),
        quotes=archive.quoted_in(found.id),
        quoted_by=quoted_by, cited_as=archive.citation_history(found.id),
        articles_quoting=archive.articles_quoting(found.id),
        exemptions=[explain(code) for code in found.exemptions],
        citation=email_citation(found, release_, link, document, quoted_by), permalink=link,
        body=highlight.highlight(found.body, words), marks=highlight.count_marks(found.body, words),
        max_marks=highlight.MAX_MARKS,
        body_parts=_marked_parts(body_by_page(found, pages), words) if found.end_page > found.start_page else [],
        moved_from=retired, moved_from_link=urls.public_url("site.email", email_id=retired.email_id) if retired else "",
        # a page is cited at its own permalink (as the page view and exhibit rows cite it), which
        # a split or merge never moves; "/e/<id>#p9" lost its page when a split began an email there
        query=query, query_note=query_note, words=words, page_citations={p.number: page_citation(
            p, release_, urls.public_url("site.page", doc_id=document.id, number=p.number), document)
            for p in pages},
        **people,
    )


def corrections_context(archive: Archive, email: Email) -> dict[str, Any]:
    """What the email page shows of people's corrections and the machine's doubt; an editor
    also gets the correction forms' values (and who made each correction)."""
    account = g.get("account")
    editor = bool(account and account.may("editor"))
    slug = request.args.get("review", "")[:200] if editor else ""
    return {"review": archive.review(email), "editor": editor, "field_names": FIELD_NAMES,
            "certainties": CERTAINTIES, "not_email_kinds": [(k, KIND_NAMES[k]) for k in NOT_EMAIL_KINDS],
            "review_slug": slug if slug and _open_release(archive, slug) else "",
            "correction_error": g.get("correction_error", ""),
            # a correction refused keeps what the person typed in the form (they type it again otherwise)
            "typed": {name: request.form.get(name, "")[:2000] for name in (*FIELDS, "certainty") if name in request.form}
            if g.get("correction_error") and request.method == "POST" else {},
            "shown": archive.shown_values(email.id) if editor else {}}


def _open_release(archive: Archive, slug: str) -> bool:
    """Whether a release is there to be read (not withdrawn, not restricted from this reader)."""
    try:
        archive.release(slug)
    except (NotFound, Gone):
        return False
    return True


def _printed_in(archive: Archive, email: Email) -> Email:
    """The email a quoted copy is printed inside (the outermost one); an email itself otherwise."""
    outer = email
    for _ in range(50):  # a chain of quotes is short; a cycle in bad data must not hang the page
        if not outer.quoted or not outer.parent_id:
            break
        outer = archive.email(outer.parent_id)
    return outer


# -- documents, pages, Bates -------------------------------------------------------------

def document(doc_id: str) -> BaseResponse:
    found = document_or_404(doc_id)
    if found.native:  # no pages: its first message
        first = next(iter(get_archive().emails_in_document(found.id)), None)
        if first is None:
            raise NotFound(f"document {found.id} ({found.filename}) holds no message")
        return redirect(url_for("site.email", email_id=first.id))
    return redirect(url_for("site.page", doc_id=found.id, number=1))


def page(doc_id: str, number: int) -> str:
    found = document_or_404(doc_id)
    item = page_or_404(found, number)
    archive = get_archive()
    release_ = archive.release(found.release)
    link = urls.public_url("site.page", doc_id=found.id, number=number)
    query, query_note = params.highlight_query()
    words = highlight.for_query(query)
    return render_template(
        "page.html", query_note=query_note, document=found, page=item, release=release_, permalink=link,
        citation=page_citation(item, release_, link, found),
        covering=archive.emails_covering(found.id, number),
        text=highlight.highlight(item.text, words), query=query, origin=params.search_origin(),
        exemptions=[explain(code) for code in item.exemptions],
        editor=bool(g.get("account") and g.account.may("editor")),
        marks=archive.marked_not_email(found.id, number), kind_names=KIND_NAMES,
    )


def page_image(doc_id: str, number: int) -> Response:
    found = document_or_404(doc_id)
    page_or_404(found, number)
    dpi = page_image_dpi()
    band = page_band()
    etag = f"{found.sha256[:32]}-{number}-{dpi}" + (f"-{band[0]}-{band[1]}" if band else "")
    image = (images.page_band_png(get_archive(), found, number, dpi, *band, cutting=_band_cut) if band
             else images.page_png(get_archive(), found, number, dpi))
    if isinstance(image, bytes):
        response = Response(image, mimetype="image/png")
        response.set_etag(etag)
        response.make_conditional(request)
    else:
        protocol.normalise_range(image.stat().st_size)
        response = send_file(image, mimetype="image/png", conditional=True, etag=etag,
                             max_age=current_app.config["CACHE_SECONDS"])
    return revalidated(response)


def _band_cut() -> None:
    """A band not cut before costs a page image read whole: counted per client (429 past it)."""
    limits.spend("RATE_LIMIT_PAGE_BANDS", 1, "this band of a page image")


def page_band() -> tuple[int, int] | None:
    """``?band=TOP,BOTTOM``: a band of the page, in points from its top (a passage's lines),
    widened to the bands' grid (``passages.on_grid``: few bands a page, each cut once and cached)."""
    asked = params.text("band", 12)
    if not asked:
        return None
    match = BAND.fullmatch(asked)
    if not match or not 0 <= int(match[1]) < int(match[2]) <= int(match[1]) + MAX_BAND_POINTS:
        raise BadRequest(f"parameter 'band' must be TOP,BOTTOM: points from the top of the page, "
                         f"TOP below BOTTOM and at most {MAX_BAND_POINTS} apart (e.g. 120,200)")
    return on_grid(int(match[1]), int(match[2]))


def page_image_dpi() -> int:
    """The resolution asked for: the reading size, or the sharper one for HiDPI screens and zoom."""
    sizes = (current_app.config["PAGE_IMAGE_DPI"], current_app.config["PAGE_IMAGE_ZOOM_DPI"])
    asked = params.text("dpi", 4)
    if not asked:
        return int(sizes[0])
    if asked not in {str(size) for size in sizes}:
        raise BadRequest(f"parameter 'dpi' must be one of {', '.join(map(str, sizes))}")
    return int(asked)


def pdf(doc_id: str) -> Response | BaseResponse:
    found = document_or_404(doc_id)
    if found.native:  # native mail is no PDF: its original under its own name
        return redirect(url_for("site.original", doc_id=found.id), code=301)
    return _send_stored(get_archive().original(found), f"the original PDF of document {found.id} ({found.filename})",
                        "ingesting the file", "application/pdf", found.sha256,
                        _download_name(found.filename or found.id, ".pdf"))


def original(doc_id: str) -> Response:
    """A document's original file, byte for byte, under its own name: a PDF, or native mail (an
    .eml, .msg, .mbox, .pst or .ost, always as a download: a browser must never render a message's HTML)."""
    found = document_or_404(doc_id)
    return _send_stored(get_archive().original(found), f"the original of document {found.id} ({found.filename})",
                        "ingesting the file", "application/octet-stream" if found.native else "application/pdf",
                        found.sha256, _download_name(found.filename, found.suffix), as_attachment=found.native)


def attachment(email_id: str, ordinal: int) -> Response:
    """A file attached to a native message, as a download (never shown in the browser: it is the
    sender's, untrusted), byte for byte."""
    archive = get_archive()
    found, _ = archive.resolve_email(email_id_or_404(email_id))
    item = next((a for a in archive.attachments(found.id) if a.ordinal == ordinal), None)
    if item is None:
        raise NotFound(f"email {found.id} has no attachment {ordinal}")
    return _send_stored(archive.attachment_file(item), f"attachment {ordinal} of email {found.id} ({item.filename})",
                        "ingesting the message", "application/octet-stream", item.sha256,
                        _download_name(item.filename, ""), as_attachment=True)


def _send_stored(path: Path, what: str, again: str, media_type: str, sha256: str, download_name: str, *,
                 as_attachment: bool = False) -> Response:
    """A file from the file store, byte for byte, ranges and revalidation answered (404 naming
    ``what`` and how to restore it where the store has lost it)."""
    if not path.is_file():
        raise NotFound(f"{what} is missing from the file store; the archivist can restore it by {again} again")
    protocol.normalise_range(path.stat().st_size)
    response = send_file(path, mimetype=media_type, conditional=True, etag=sha256, as_attachment=as_attachment,
                         download_name=download_name, max_age=current_app.config["CACHE_SECONDS"])
    return revalidated(response)


def _download_name(name: str, suffix: str) -> str:
    """A stored file name as a download's name: no folders, printable, ending in ``suffix``."""
    base = "".join(c for c in name.replace("/", "_").replace("\\", "_") if c.isprintable()).strip() or "file"
    return base if not suffix or base.lower().endswith(suffix) else base + suffix


def revalidated(response: Response) -> Response:
    """Kept by browsers and CDNs for CACHE_SECONDS, then revalidated by its ETag: the bytes of
    a document never change, but a withdrawn release must leave every cache within minutes
    (its URLs then answer 410, which no cache stores)."""
    cache = response.cache_control
    cache.public = True
    cache.max_age = current_app.config["CACHE_SECONDS"]
    cache.must_revalidate = True
    cache.no_cache = None
    cache.immutable = False
    return response


def bates_pages(number: str) -> list[tuple[str, int, str, str]]:
    """Every page stamped ``number`` (document, page, stamp as printed, release; NotFound, naming
    the stamps on either side, if no page has it)."""
    if not number or len(number) > BATES_MAX or not all(c.isalnum() or c in " -_.()" for c in number):
        raise BadRequest(f"{number[:BATES_MAX]!r} is not a Bates number (letters, digits, '-', '_', '.', brackets)")
    archive = get_archive()
    pages = archive.bates_pages(number.strip())
    if not pages:
        before, after = archive.bates_nearest(number.strip())
        around = " and ".join(filter(None, (before and f"{before} before it", after and f"{after} after it")))
        raise NotFound(f"no page is stamped with Bates number {number!r}"
                       + (f"; the nearest stamped pages are {around}" if around else ""))
    return pages


def bates_target(pages: list[tuple[str, int, str, str]]) -> tuple[Document, int, str, list[Email]]:
    """The first of the pages a stamp is on (``bates_pages``: the first stored, where several
    are), the stamp as printed, and the emails printed on the page."""
    doc_id, page_number, stamp, _ = pages[0]
    found = document_or_404(doc_id)
    return found, page_number, stamp, get_archive().emails_covering(doc_id, page_number)


def bates_query(stamp: str) -> str:
    """The search for every page a Bates stamp is on (quoted where it holds a space)."""
    return f'bates:"{stamp}"' if " " in stamp else f"bates:{stamp}"


def bates(number: str) -> BaseResponse:
    """The email printed on the stamped page; the page itself when it prints none, or several (the
    end of one email and the start of the next: the page names them all, and a brief citing the
    number may mean either); the search for the stamp where several pages carry it (an agency's
    numbering reused: the number names none of them alone)."""
    pages = bates_pages(number)
    if len(pages) > 1:
        stamp = pages[0][2]
        return redirect(url_for("site.search", q=bates_query(stamp)))
    found, page_number, _, covering = bates_target(pages)
    if len(covering) == 1:
        return redirect(url_for("site.email", email_id=covering[0].id, _anchor=f"p{page_number}"))
    return redirect(url_for("site.page", doc_id=found.id, number=page_number))


# -- template helpers ------------------------------------------------------------------------

def external_url(value: str) -> str | None:
    """A link target only if it is an http(s) URL (never javascript: or data:)."""
    return value if is_web_address(value) else None


_DOUBT_WORDS = {"ambiguous": "ambiguous date", "damaged": "damaged date", "missing": "no date",
                "inferred": "day and month order inferred", "corrected": "date corrected by a person",
                "supplied": "date supplied by a person"}  # by certainty, or ``date_standing``


def machine_text(name: str, value: Any) -> str:
    """What the machine read of a field, as the note of a person's value says it: a date with
    its doubt ("2018-11-13 15:45:00 (damaged date)"), or the note said the person's own date
    back when they had only made it certain."""
    text = value_text(name, value)
    certainty = (value or {}).get("certainty", "exact") if name == "date" else "exact"
    if certainty == "exact":
        return text
    doubt = _DOUBT_WORDS.get(certainty, f"{certainty} date")
    return f"{text} ({doubt})" if text else doubt


def template_helpers() -> dict[str, Any]:
    return {
        "month_label": month_label, "external_url": external_url, "cited_bates": cited_bates, "page_range": page_range,
        "format_date": format_date, "zone_printed": zone_printed, "zone_not_understood": zone_not_understood, "cited_date": cited_date, "email_title": email_title, "search_args": params.search_args,
        "search_href": params.search_href, "toggle_href": params.toggle_href, "record_href": params.record_href, "snippet_html": highlight.snippet_html,
        "highlight": highlight.highlight, "explain": explain, "facet_text": facet_text,
        "filter_label": filter_label, "value_text": value_text, "machine_text": machine_text,
        "doubt_words": _DOUBT_WORDS, "date_standing": date_standing, "date_flag": date_flag,
        "date_flag_title": date_flag_title, "last_visited": lambda: last_visited(datetime.now(UTC).date()),
        "visited_months": "|".join(BLUEBOOK_MONTHS),  # (site.js writes the reader's own day with them)
    }
