"""What a results page shows, worked out in Python before the template runs.

A page of results lists twenty hits and some sixty facet values; asked of the template,
each hit and value took a dozen calls into Jinja's runtime (links, highlights, dates,
names, counts), about a third of a search page's time. Here each hit and each facet value
becomes one small record of ready text and escaped markup, and the template only places
them. Every piece of text from a page stays untrusted: it is escaped here
(:mod:`web.highlight`) or by the template's autoescaping, never marked safe raw.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from archive import Highlight
from archive.cite import (
    cited_bates,
    date_flag,
    date_flag_title,
    date_standing,
    format_date,
    supplied,
)
from archive.dates import MONTH_NAMES
from archive.model import Party
from archive.search import SearchHit, SearchRequest, SearchResult

from . import highlight, params

SHOWN_RECIPIENTS = 3


@dataclass(frozen=True)
class FacetLink:
    """One value of a facet: following ``href`` adds it to the search (or removes it)."""

    href: str
    name: str  # "Jane Roe", a release's title, "November 2018"
    address: str  # "jane@agency.gov>" after the name's " <", or ""
    count: str  # "1,204"
    selected: bool


@dataclass(frozen=True)
class FacetPanel:
    facet: str
    heading: str
    links: tuple[FacetLink, ...]


@dataclass(frozen=True)
class HitView:
    """A hit as its line of the results list."""

    href: str
    title: Markup
    sent: str  # ISO, for <time datetime>; "" when undated
    date_text: str
    date_flag: str  # "date uncertain", "date inferred" (cite.date_flag), "" for a date cited as printed
    date_flag_title: str  # what the flag's title says: why, and the date as printed
    sender: str
    to: str
    bates: str
    scanned: bool
    quoted: bool
    exemptions: str
    release: str
    snippets: tuple[tuple[int | None, Markup], ...]  # (page, escaped and marked text)
    quoted_in_count: int
    page_label: str  # a page hit: "Page 3 · DEA-MSFT-000003"; "" for an email
    page_kind: str
    native: bool = False  # native mail (an .eml, .msg, .mbox, .pst or .ost), not printed
    copies: int = 0  # copies of its message printed elsewhere, folded into it
    key: str = ""  # the record: "e:<id>" or "p:<document>:<page>" (a reader's notes and tags are on it)
    people_gave: tuple[str, ...] = ()  # which of "sender" and "to" a person gave (bracketed), not read off the page


def facet_panels(search: SearchRequest, result: SearchResult, facets: Sequence[str],
                 labels: Mapping[str, str]) -> tuple[FacetPanel, ...]:
    """The facets with values, in ``facets`` order, each value a ready link."""
    panels = []
    for facet in facets:
        values = result.facets.get(facet)
        if not values:
            continue
        hrefs = params.toggle_hrefs(search, facet, [v.value for v in values])
        links = []
        for value, href in zip(values, hrefs, strict=True):
            name, _, address = facet_text(facet, value.label).partition(" <")
            links.append(FacetLink(href, name, address, f"{value.count:,}", value.selected))
        panels.append(FacetPanel(facet, labels[facet], tuple(links)))
    return tuple(panels)


def hit_views(search: SearchRequest, hits: Sequence[SearchHit], words: Highlight | None,
              scanned: set[str], release_titles: Mapping[str, str]) -> tuple[HitView, ...]:
    return tuple(_hit_view(search, hit, words, scanned, release_titles) for hit in hits)


def _hit_view(search: SearchRequest, hit: SearchHit, words: Highlight | None, scanned: set[str],
              release_titles: Mapping[str, str]) -> HitView:
    snippets = tuple((s.page, highlight.snippet_html(s)) for s in hit.snippets)
    e, p = hit.email, hit.page
    if e is not None:
        return HitView(
            href=params.record_href("site.email", search, email_id=e.id),
            title=highlight.highlight(e.subject or "(no subject)", words),
            sent=e.sent or "", date_text=format_date(e.sent),
            date_flag=date_flag(date_standing(e)) if e.sent else "", date_flag_title=date_flag_title(e),
            # a sender or recipients a person gave bracketed, as the email's citation has them
            sender=supplied(e.sender.attributed, "sender" in e.people_gave) if e.sender else "[unknown]",
            to=supplied(short_parties(e.to), "to" in e.people_gave) if e.to else "",
            people_gave=tuple(field for field in ("sender", "to") if field in e.people_gave),
            bates=cited_bates(e),
            scanned=hit.key in scanned, quoted=bool(e.quoted), exemptions=", ".join(e.exemptions),
            release=release_titles.get(e.release, e.release), snippets=snippets,
            quoted_in_count=hit.quoted_in_count, page_label="", page_kind="", native=bool(e.native),
            copies=hit.copies, key=hit.key)
    assert p is not None  # a hit is an email or a page
    return HitView(
        href=params.record_href("site.page", search, doc_id=p.document_id, number=p.number),
        title=Markup(""), sent="", date_text="", date_flag="", date_flag_title="", sender="", to="", bates="",
        scanned=p.scanned or p.source == "ocr", quoted=False, exemptions="",  # (as store.SCANNED_PAGE)
        release=release_titles.get(p.release, p.release),
        # a page's snippets never say their page: the hit is that page
        snippets=tuple((None, text) for _, text in snippets), quoted_in_count=hit.quoted_in_count,
        page_label=f"Page {p.number}" + (f" · {p.bates}" if p.bates else ""),
        page_kind=p.kind.replace("-", " "), key=hit.key)


def short_parties(parties: Sequence[Party], limit: int = SHOWN_RECIPIENTS) -> str:
    """"Jane Roe, John Doe, [redacted (b)(6)] and 4 more"."""
    shown = ", ".join(p.attributed for p in parties[:limit])
    return shown + (f" and {len(parties) - limit} more" if len(parties) > limit else "")


def month_label(value: str) -> str:
    """"2018-11" → "November 2018" (anything else unchanged)."""
    year, _, month = value.partition("-")
    if year.isdigit() and month.isdigit() and 1 <= int(month) <= 12:
        return f"{MONTH_NAMES[int(month) - 1]} {year}"
    return value


def facet_text(facet: str, label: str) -> str:
    """A facet value as a person reads it: months named, runs of spaces from the page collapsed."""
    return " ".join((month_label(label) if facet == "month" else label).split())


def filter_label(result: SearchResult | None, facet: str, value: str) -> str:
    """A chosen filter as its facet shows it (a sender's name and address, a release's title)."""
    shown = {v.value: v.label for v in result.facets.get(facet, ())} if result else {}
    return facet_text(facet, shown.get(value, value))

