"""The JSON twin of every page: ``{"data": ..., "meta": ...}``; errors use the shape in errors.py."""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import Response, current_app, g
from werkzeug.exceptions import BadRequest
from werkzeug.wrappers.response import Response as BaseResponse

from archive import Document, Email, Page, Party, Release, ReleaseStats
from archive.cite import (
    cited_bates,
    email_citation,
    email_title,
    page_citation,
    pin_label,
    zone_printed,
)
from archive.context import Article, QuoteLink
from archive.corrections import EmailReview, Retirement
from archive.dates import zone_not_understood
from archive.exemptions import explain
from archive.pins import body_by_page
from archive.production import as_json as production_json
from archive.search import SearchHit, SearchRequest, SearchResult
from ingest.copies import release_disagreements
from ingest.letters import letter_bates_ranges, letter_statements
from ingest.redactions import redaction_log

from . import get_archive, lookups, params, urls, views

API_VERSION = 1


def envelope_body(data: Any, **meta: Any) -> dict[str, Any]:
    """``{"data": ..., "meta": ...}``: every JSON answer's shape, also `foia search --json`'s."""
    return {"data": data, "meta": {"api_version": API_VERSION, **meta}}


def envelope(data: Any, **meta: Any) -> Response:
    return current_app.json.response(envelope_body(data, **meta))


def _party(party: Party | None) -> dict[str, Any] | None:
    if party is None:
        return None
    return {"name": party.name, "address": party.address, "redactions": list(party.redactions),
            "display": party.display}


def release_json(release: Release, stats: ReleaseStats | None = None) -> dict[str, Any]:
    data: dict[str, Any] = dataclasses.asdict(release)
    data["source_url"] = views.external_url(release.source_url) or ""  # (one stored before it was checked)
    data["url"] = urls.public_url("site.release", slug=release.slug)
    data["api_url"] = urls.public_url("api.release", slug=release.slug)
    if stats is not None:
        data["stats"] = stats_json(stats)
    return data


def stats_json(stats: ReleaseStats) -> dict[str, Any]:
    """A release's counts as the API and `foia release list --json` give them."""
    return {"documents": stats.documents, "pages": stats.pages, "ocr_pages": stats.ocr_pages,
            "scanned_pages": stats.scanned_pages, "emails": stats.emails, "quoted_copies": stats.quoted_copies,
            "first_sent": stats.first_sent, "last_sent": stats.last_sent}


def email_json(email: Email, *, full: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": email.id, "kind": email.kind, "release": email.release, "document": email.document_id,
        "start_page": email.start_page, "end_page": email.end_page, "quoted": email.quoted,
        "quoted_in": email.parent_id, "sender": _party(email.sender),
        "to": [_party(p) for p in email.to], "cc": [_party(p) for p in email.cc],
        "bcc": [_party(p) for p in email.bcc], "sent": email.sent,
        # the date as printed as its citation quotes it: a person's words once a person gave the date
        "sent_raw": email.date_as_printed, "machine_sent_raw": email.sent_raw,
        "date_certainty": email.date_certainty,
        # whether the header prints the time's zone (null: no time); without it, the time as printed
        "time_zone_printed": zone_printed(email.sent), "subject": email.subject,
        # a zone printed whose abbreviation names several offsets ("IST"): the time is as printed
        "time_zone_unplaced": zone_not_understood(email.date_as_printed) or None,
        "normalized_subject": email.normalized_subject, "exemptions": list(email.exemptions),
        "attachments": list(email.attachments), "bates_start": email.bates_start,
        "bates_end": email.bates_end,
        "message_id": email.message_id or None, "in_reply_to": email.in_reply_to or None,
        "references": list(email.references),
        "folder": email.folder or None,  # in an Outlook data file (.pst, .ost)
        "url": urls.public_url("site.email", email_id=email.id),
        "api_url": urls.public_url("api.email", email_id=email.id),
    }
    if full:
        data["body"] = email.body
    return data


def page_json(page: Page, document: Document, *, full: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "document": document.id, "number": page.number, "source": page.source,
        "ocr_confidence": page.ocr_confidence, "bates": page.bates, "exemptions": list(page.exemptions),
        "kind": page.kind, "release": document.release,
        "url": urls.public_url("site.page", doc_id=document.id, number=page.number),
        "image_url": urls.public_url("site.page_image", doc_id=document.id, number=page.number),
        "pdf_url": urls.public_url("site.pdf", doc_id=document.id, _anchor=f"page={page.number}"),
    }
    if full:
        data["text"] = page.text
    return data


def index() -> Response:
    return envelope({
        "releases": urls.public_url("api.releases"),
        "search": urls.public_url("api.search") + "?q={query}",
        "email": urls.public_url("api.email", email_id="EMAILID").replace("EMAILID", "{id}"),
        "bates": urls.public_url("api.bates", number="NUMBER").replace("NUMBER", "{number}"),
    })


def releases() -> Response:
    archive = get_archive()
    items = [release_json(r, archive.release_stats(r.slug)) for r in archive.releases()]
    return envelope(items, count=len(items))


def changes(slug: str) -> Response:
    """What this release changed against the earlier one named by ``?since=``."""
    item, earlier, found = views.release_changes(slug)
    if earlier is None or found is None:
        raise BadRequest("name the earlier release to compare with: ?since=SLUG")
    counts = {"both": found.both, "newly_released": len(found.newly_released),
              "newly_withheld": len(found.newly_withheld), "exemption_changed": len(found.exemption_changed),
              "only_earlier": len(found.only_earlier), "only_later": len(found.only_later)}
    return envelope({"release": item.slug, "since": earlier.slug, "counts": counts,
                     "not_reproduced": list(found.not_reproduced), "changes": list(views.change_rows(found))},
                    html_url=urls.public_url("site.changes", slug=item.slug, since=earlier.slug))


def exemptions(slug: str) -> Response:
    """How the release's agency used each exemption across its releases here."""
    archive = get_archive()
    item = archive.release(slug[:200])
    use = views.agency_use(archive, item.agency) if item.agency else {"agency": "", "codes": [], "releases": []}
    use["releases"] = [{**row, "release": row["release"].slug, "title": row["release"].title,
                        "released": row["release"].released or None} for row in use["releases"]]
    return envelope(use, html_url=urls.public_url("site.exemptions", slug=item.slug) if item.agency else None)


def production(slug: str) -> Response:
    """Is the production complete: Bates sequences, gaps, duplicates, unstamped and withheld pages."""
    archive = get_archive()
    item = archive.release(slug[:200])
    return envelope({**production_json(views.production_report(archive, item.slug)),
                     "letters": letter_statements(archive, item.slug),
                     "letter_bates_ranges": letter_bates_ranges(archive, item.slug)},
                    html_url=urls.public_url("site.production", slug=item.slug))


def redactions(slug: str) -> Response:
    """The release's redaction log (a draft Vaughn index): every row, and totals."""
    archive = get_archive()
    item = archive.release(slug[:200])
    log = redaction_log(archive, item.slug, views.REDACTION_PAGES)
    totals = {"by_exemption": dict(log.by_exemption), "by_document": dict(log.by_document),
              "by_correspondent": dict(log.by_correspondent)}
    copies = [views.disagreement_json(d) for d in release_disagreements(archive, item.slug, views.REDACTION_PAGES)]
    return envelope({"rows": list(views.redaction_rows(log.rows)), "totals": totals, "copies_disagree": copies},
                    count=len(log.rows),
                    complete=log.complete, documents_read=log.documents_read, documents=log.documents,
                    html_url=urls.public_url("site.redactions", slug=item.slug),
                    csv_url=urls.public_url("site.redactions_csv", slug=item.slug))


def release(slug: str) -> Response:
    archive = get_archive()
    item = archive.release(slug[:200])
    stats = archive.release_stats(item.slug)
    data = release_json(item, stats)
    data["months"] = [{"month": m or None, "emails": n} for m, n in stats.months]
    data["documents"] = [
        {"id": d.id, "filename": d.filename, "pages": d.page_count, "sha256": d.sha256,
         "pdf_url": urls.public_url("site.pdf", doc_id=d.id)}
        for d in archive.documents(item.slug) if not d.duplicate_of
    ]
    overview = views.release_overview(archive, item.slug)
    data["stats"]["senders"] = overview.senders
    data["exemptions"] = overview.exemptions
    data["correspondents"] = [{**_party(c["party"]), "sent": c["sent"], "received": c["received"]}
                              for c in overview.correspondents]
    data["contexts"] = [_article_json(a, overview.quoting) for a in overview.articles]
    data["mentioned_dates"] = [{"value": d.value, "text": d.text, "context": a["article"].id}
                               for a in overview.articles for d in a["dates"]]
    return envelope(data)


def _quote_json(quote: QuoteLink, source: Email | None) -> dict[str, Any]:
    data: dict[str, Any] = {"ordinal": quote.ordinal, "text": quote.text, "email": quote.email_id,
                            "page": quote.page, "score": quote.score, "method": quote.method,
                            "matched": quote.email_id is not None}
    if quote.email_id:
        data["url"] = urls.public_url("site.email", email_id=quote.email_id,
                                      _anchor=f"p{quote.page}" if quote.page else None)
        data["api_url"] = urls.public_url("api.email", email_id=quote.email_id)
        if source is not None:
            data["email_title"], data["sent"] = email_title(source), source.sent
    return data


def _article_json(item: dict[str, Any], quoting: dict[str, Email]) -> dict[str, Any]:
    article: Article = item["article"]
    return {
        "id": article.id, "title": article.title, "outlet": article.outlet, "author": article.author,
        "published": article.published, "url": article.url, "format": article.source_format,
        "body": article.body, "added_at": article.added_at, "updated_at": article.updated_at,
        "html_url": urls.public_url("site.release", slug=article.release, _anchor=f"context-{article.id}"),
        "quotes": [_quote_json(q, quoting.get(q.email_id or "")) for q in item["quotes"].values()],
    }


def _hit_json(hit: SearchHit) -> dict[str, Any]:
    data: dict[str, Any] = {
        "key": hit.key, "score": hit.score, "quoted_in_count": hit.quoted_in_count, "copies_folded": hit.copies,
        "snippets": [{"page": s.page, "parts": [{"text": t, "match": m} for t, m in s.parts]}
                     for s in hit.snippets],
    }
    if hit.email is not None:
        data["type"], data["email"] = "email", email_json(hit.email, full=False)
    elif hit.page is not None:
        data["type"] = "page"
        data["page"] = {"document": hit.page.document_id, "number": hit.page.number, "bates": hit.page.bates,
                        "release": hit.page.release, "source": hit.page.source,
                        "url": urls.public_url("site.page", doc_id=hit.page.document_id,
                                               number=hit.page.number)}
    return data


def search() -> Response:
    with views.search_slot():
        search_request, result, messages, status = views.run_search()
    response = current_app.json.response(search_body(search_request, result, messages))
    response.status_code = status
    return response


def search_body(search_request: SearchRequest, result: SearchResult | None,
                messages: list[str]) -> dict[str, Any]:
    """A search as JSON, enveloped: what /api/search answers and `foia search --json` prints."""
    page = result.request.page if result else search_request.page  # a page past the last shows the last
    meta: dict[str, Any] = {
        "query": search_request.query, "filters": [list(f) for f in search_request.filters],
        "sort": search_request.sort, "page": page, "page_size": search_request.page_size,
        "messages": messages, "total": result.total if result else 0,
        "pages": result.pages if result else 0,
        "html_url": urls.public_url("site.search", **params.search_args(search_request, page=page)),
    }
    if result and page < result.pages:
        meta["next"] = urls.public_url("api.search", **params.search_args(search_request, page=page + 1))
    data: dict[str, Any] = {
        "hits": [_hit_json(h) for h in result.hits] if result else [],
        "facets": {name: [{"value": v.value, "label": v.label, "count": v.count, "selected": v.selected}
                          for v in values] for name, values in result.facets.items()} if result else {},
        "terms": list(result.terms) if result else [],
    }
    return envelope_body(data, **meta)


def email(email_id: str) -> Response | BaseResponse:
    archive = get_archive()
    found, moved = archive.resolve_email(views.email_id_or_404(email_id))
    if moved:
        return views.moved("api.email", found, email_id)
    document = archive.document(found.document_id)
    release_ = archive.release(found.release)
    data = email_json(found)
    data["moved_from"] = moved_from_json(views.arrived_from(archive, found))
    quoting = archive.email(found.parent_id) if found.parent_id else None
    data["citation"] = email_citation(found, release_, data["url"], document, quoting)
    data["citation_history"] = [dataclasses.asdict(cited) for cited in archive.citation_history(found.id)]
    data["exemption_explanations"] = [dataclasses.asdict(explain(c)) for c in found.exemptions]
    data["quotes"] = [e.id for e in archive.quoted_in(found.id)]
    copies = lookups.copies(archive, found)
    corrected = lookups.corrected_elsewhere(archive, found, copies)
    data["copies"] = [copy_json(c, corrected.get(c.email.id, [])) for c in copies]
    data["thread"] = [thread_json(node) for node in lookups.thread_tree(archive, found)]
    data["quoted_in_contexts"] = [
        {"context": art.id, "title": art.title, "outlet": art.outlet, "url": art.url, "quote": q.text,
         "page": q.page, "score": q.score, "method": q.method,
         "html_url": urls.public_url("site.release", slug=art.release,
                             _anchor=f"context-{art.id}-q{q.ordinal}")}
        for art, q in archive.articles_quoting(found.id)
    ]
    data["review"] = review_json(found, archive.review(found))
    if document.native:  # native mail: no pages; its original and its attached files instead
        data["pages"], data["body_parts"] = [], []
        data["original_url"] = urls.public_url("site.original", doc_id=document.id)
        data["attachment_files"] = [
            {"ordinal": a.ordinal, "filename": a.filename, "content_type": a.content_type, "size": a.size,
             "sha256": a.sha256, "inline": a.inline, "document": a.document_id,
             "url": urls.public_url("site.attachment", email_id=found.id, ordinal=a.ordinal)}
            for a in archive.attachments(found.id)]
        return envelope(data)
    # a page row missing (damage `foia verify` reports) is left out, never the email (as its page)
    pages = archive.pages(document.id, found.start_page, found.end_page)
    data["pages"] = [urls.public_url("api.page", doc_id=document.id, number=page.number) for page in pages]
    data["body_parts"] = [
        {"page": part.page, "bates": part.bates, "pin": pin_label(part.page, part.bates), "text": part.text,
         "url": urls.public_url("site.email", email_id=found.id, _anchor=f"p{part.page}")}
        for part in body_by_page(found, pages)]
    return envelope(data)


def moved_from_json(retired: Retirement | None) -> dict[str, Any] | None:
    """The retired id whose redirect led to an email (``?from=``), what it named and the
    correction that retired it (null: none did, or the archive's splitter read it again)."""
    if retired is None:
        return None
    return {"id": retired.email_id, "url": urls.public_url("site.email", email_id=retired.email_id),
            "named": retired.named or None, "document": retired.document_id, "page": retired.page,
            "bates": retired.bates or None,
            "correction": {"action": retired.action, "at": retired.at} if retired.action else None}


def copy_json(copy: lookups.CopyLink, corrected: list[lookups.CopyReading]) -> dict[str, Any]:
    """Another copy of an email's message: where it is printed, cited by Bates, and the fields a
    person corrected on it that read otherwise on this email (``lookups.corrected_elsewhere``)."""
    e = copy.email
    return {"id": e.id, "release": e.release, "release_title": copy.release.title, "document": e.document_id,
            "quoted": e.quoted, "quoted_in": copy.quoted_in.id if copy.quoted_in else None,
            "other_release": copy.elsewhere, "bates": cited_bates(e) or None,
            "pages": [e.start_page, e.end_page],
            "url": urls.public_url("site.email", email_id=e.id), "api_url": urls.public_url("api.email", email_id=e.id),
            "corrected": [{"field": r.name, "there": r.theirs, "here": r.here, "disputed": r.disputed}
                          for r in corrected]}


def thread_json(node: lookups.ThreadNode) -> dict[str, Any]:
    """A message of a thread and the replies to it (how each reply is known to be one)."""
    e = node.email
    return {"id": e.id, "sender": _party(e.sender), "sent": e.sent, "subject": e.subject, "release": e.release,
            "quoted": e.quoted, "linked_by": node.linked_by or None, "copies": [c.id for c in node.copies],
            "url": urls.public_url("site.email", email_id=e.id),
            "replies": [thread_json(r) for r in node.replies]}


def review_json(email: Email, review: EmailReview) -> dict[str, Any]:
    """Which values people set, when (and, to an editor, who), what the machine read, what
    disagrees, and how sure the machine is of the rest (archive/corrections.py)."""
    account = g.get("account")
    names = bool(account and account.may("editor"))  # editors' addresses are shown to editors only
    checked = review.checked
    return {
        "reviewed": email.reviewed or None,
        "checked": {"at": checked.at, "by": checked.actor if names else None} if checked else None,
        "fields": {name: {"value": p.value, "set_at": p.at, "set_by": p.actor if names else None,
                          "confirmed_as_shown": p.checked_only, "machine_reads": review.machine.get(name),
                          "machine_read_when_set": p.machine_then}
                   for name, p in review.people.items()},
        "disagreements": list(review.disagreements),
        "doubts": [{"field": d.field, "reason": d.reason} for d in review.doubts],
    }


def document(doc_id: str) -> Response:
    found = views.document_or_404(doc_id)
    archive = get_archive()
    return envelope({
        "id": found.id, "sha256": found.sha256, "filename": found.filename, "size": found.size,
        "pages": found.page_count, "release": found.release, "media_type": found.media_type,
        "pdf_url": urls.public_url("site.pdf", doc_id=found.id) if not found.native else None,
        "original_url": urls.public_url("site.original", doc_id=found.id),
        "converted_from_sha256": found.converted_from,  # the office file attached to a message, if any
        "emails": [email_json(e, full=False) for e in archive.emails_in_document(found.id)],
    })


def page(doc_id: str, number: int) -> Response:
    found = views.document_or_404(doc_id)
    item = views.page_or_404(found, number)
    release_ = get_archive().release(found.release)
    data = page_json(item, found)
    data["citation"] = page_citation(item, release_, data["url"], found)
    covering = get_archive().emails_covering(found.id, number)
    data["email"] = covering[0].id if len(covering) == 1 else None  # several: none of them alone
    data["emails"] = [e.id for e in covering]
    return envelope(data)


def bates(number: str) -> Response:
    """The page a stamp names and the email on it; where several pages carry the stamp (an
    agency's numbering reused) the number names none of them alone, as the site's page says: no
    document, page, email or url of its own, the search for the stamp, and every page."""
    pages = views.bates_pages(number)
    listed = [{"document": doc, "page": page, "bates": printed, "release": release,
               "url": urls.public_url("site.page", doc_id=doc, number=page)} for doc, page, printed, release in pages]
    if len(pages) > 1:
        stamp = pages[0][2]
        return envelope({"bates": stamp, "document": None, "page": None, "email": None, "emails": [],
                         "ambiguous": True, "pages": listed,
                         "url": urls.public_url("site.search", q=views.bates_query(stamp))})
    found, page_number, stamp, covering = views.bates_target(pages)
    return envelope({
        "bates": stamp, "document": found.id, "page": page_number,
        "email": covering[0].id if len(covering) == 1 else None,  # several: none of them alone
        "emails": [e.id for e in covering], "ambiguous": False, "pages": listed,
        "url": urls.public_url("site.email", email_id=covering[0].id, _anchor=f"p{page_number}")
        if len(covering) == 1 else urls.public_url("site.page", doc_id=found.id, number=page_number),
    })
