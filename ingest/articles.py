"""Context articles: clean text, the quotations in them, and where each one came from.

    attach_context(archive, slug, path)   read an article, link its quotations, hand both
                                          to the archive (``Archive.save_article``)
    relink_quotes(archive, slug)          a release's articles' quotations looked up again, once
                                          an ingest has added emails to it

The rest is pure functions of strings (no SQLite, no Flask):

    clean_text(source, fmt)   Markdown, plain text or HTML -> the article's clean text
    parse_blocks(clean)       clean text -> paragraphs, block quotes, headings, with links
    find_quotes(blocks)       the quotations: straight and curly quotes, block quotes, and
                              quotes split by an attribution ("…," she wrote, "…")
    QuoteMatcher(sources)     finds each quotation in the release's emails: exact first,
                              then tolerant (OCR errors, hyphenation, line breaks, smart
                              punctuation, ellipses, bracketed insertions), with a score
    mentioned_dates(text)     the dates an article mentions, when they can be read

The clean text is a small, safe subset of Markdown: blocks separated by a blank
line, "# " for a heading, "> " for a block quote, ``[text](https://…)`` for a
link. It is what the archive stores; HTML is never stored or shown as markup.

Why HTML and Markdown are read here and not by a library: on this module's tests
trafilatura and readability-lxml kept captions, "Now playing" and "See also"
lines, hidden text and ``javascript:`` links, and markdown-it-py is not linear
in a flood of unclosed brackets (``test_unclosed_brackets_cost_linear_time``).
The edit distance behind tolerant matching is edlib's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import edlib

from archive import Archive
from archive.context import Article, QuoteLink, Source, article_id
from archive.dates import MONTH_NUMBERS
from archive.ids import DASHES
from archive.invisible import remove_invisible

from .errors import IngestError

FORMATS = ("markdown", "text", "html")
MAX_SOURCE_CHARS = 2_000_000
MIN_QUOTE_WORDS = 3  # "scare quotes" around a word or two are not quotations of the records
MIN_MATCH_CHARS = 20  # normalised characters a quotation needs before it can be linked
THRESHOLD = 0.85  # a link is made only at or above this score ...
SHORT_THRESHOLD = 0.93  # ... or this one for a quotation under SHORT_CHARS
SHORT_CHARS = 40  # and, being short, must point to one email only (not counting copies)
CANDIDATES = 8  # emails tried with the tolerant matcher, chosen by shared trigrams
MIN_TRIGRAM_SHARE = 0.4


# -- an article's pieces ------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    start: int
    end: int
    url: str


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "quote" (a block quote) or "heading"
    text: str  # plain text, links removed (their spans are in ``links``)
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Quote:
    """One quotation: one or more spans of one block (several when split by an attribution)."""

    block: int
    parts: tuple[tuple[int, int], ...]  # (start, end) offsets in the block's text
    text: str  # the quoted words, parts joined by " … "


@dataclass(frozen=True)
class Match:
    email_id: str | None
    document_id: str | None
    page: int | None
    score: float  # 0..1, of the best candidate even when below the threshold
    method: str  # "exact", "tolerant" or "none"


@dataclass(frozen=True)
class Segment:
    """A run of a block's text for display: plain, a link, and/or part of a quotation."""

    text: str
    url: str | None = None
    quote: int | None = None  # ordinal of the QuoteLink this run belongs to


@dataclass(frozen=True)
class MentionedDate:
    value: str  # "2018-04-03" or "2018-10"
    text: str  # as written


def attach_context(archive: Archive, slug: str, path: Path, *, title: str = "", outlet: str = "",
                   author: str = "", published: str = "", url: str = "", replaces: str | None = None,
                   actor: str | None = None) -> tuple[Article, list[QuoteLink]]:
    """Read an article, find its quotations in the release's emails, store both (audited as
    ``actor``).

    Re-attaching the same article (same URL, or same title without one) updates it; ``replaces``
    names another article of the release that this one takes the place of.
    """
    archive.release(slug)
    try:
        source = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise IngestError(path, f"cannot read the article ({exc.strerror or exc})") from exc
    fmt = guess_format(path.name, source)
    heading, body = title_and_body(clean_text(source, fmt))
    title = title or heading or (html_title(source) if fmt == "html" else "") or path.stem
    if url and safe_url(url) is None:
        raise IngestError(path, f"--url {url!r}: give an http(s) address")
    article = Article(id=article_id(slug, url, title), release=slug, title=title, outlet=outlet,
                      author=author, published=published, url=url, body=body, source_format=fmt)
    links = link_quotes(parse_blocks(body), QuoteMatcher(archive.quote_sources(slug)))
    return archive.save_article(article, links, replaces=replaces, actor=actor), links


def relink_quotes(archive: Archive, slug: str) -> list[Article]:
    """Look up a release's articles' quotations again in its emails (an ingest added some, so a
    quotation once "not found" may now be); store the articles whose links changed, and return
    them. The links are then those `foia context add` would make now, whatever the order of the
    ingests and the attaching."""
    articles = archive.articles(slug)
    if not articles:
        return []
    matcher = QuoteMatcher(archive.quote_sources(slug))
    changed = []
    for article in articles:
        links = link_quotes(parse_blocks(article.body), matcher)
        if _targets(links) != _targets(archive.article_quotes(article.id)):
            changed.append(archive.save_article(article, links))
    return changed


def _targets(links: Sequence[QuoteLink]) -> list[tuple[str | None, str | None, int | None]]:
    return [(q.email_id, q.document_id, q.page) for q in links]


# -- cleaning --------------------------------------------------------------------------------

_TRACKING_PARAMS = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_hs\w+|igshid|ref_src)$", re.I)


def guess_format(filename: str, text: str) -> str:
    """"markdown", "html" or "text", from the file name, else from the content."""
    name = filename.lower()
    if name.endswith((".md", ".markdown")):
        return "markdown"
    if name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if name.endswith(".txt"):
        return "text"
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html", "<article", "<body", "<p>", "<div")):
        return "html"
    if re.search(r"^#{1,6} |\[[^\]]+\]\(https?://", text, re.M):
        return "markdown"
    return "text"


def safe_url(url: str) -> str | None:
    """An http(s) or mailto URL with tracking parameters removed; anything else is None."""
    url = remove_invisible(url).strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() == "mailto":
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMS.match(k)])
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path, query, parts.fragment))


def _squash(text: str) -> str:
    return " ".join(remove_invisible(text).split())


def _link_markup(text: str, url: str | None) -> str:
    text = _squash(text).replace("[", "(").replace("]", ")")
    if not url or not text:
        return text
    return f"[{text}]({url.replace(')', '%29').replace(' ', '%20')})"


def clean_text(source: str, fmt: str) -> str:
    """The article as clean text: paragraphs, block quotes, headings and links kept.

    HTML loses its scripts, styles, forms, navigation, images (tracking pixels
    among them) and tracking parameters on links; when the page has an
    ``<article>``, only the article is kept.
    """
    source = source[:MAX_SOURCE_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    if fmt == "html":
        blocks = _html_blocks(source)
    elif fmt == "markdown":
        blocks = _markdown_blocks(source)
    else:
        blocks = _text_blocks(source)
    return _joined(blocks)


def _joined(blocks: list[tuple[str, str]]) -> str:
    lines = []
    for kind, text in blocks:
        text = text.strip()
        if not text:
            continue
        lines.append({"heading": "# ", "quote": "> "}.get(kind, "") + text)
    return "\n\n".join(lines)


# Link text never holds a bracket: each "[" then starts a scan that ends at the next bracket,
# not at the end of the text (unclosed brackets cost linear time, not quadratic).
_TEXT_LINK = re.compile(r"\[([^\[\]]*)\]\(")


def _text_blocks(source: str) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    for chunk in re.split(r"\n\s*\n", source):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line.startswith(">") for line in lines):
            blocks.append(("quote", _squash(" ".join(line.lstrip("> ") for line in lines))))
        else:
            text = _squash(" ".join(lines))
            blocks.append(("paragraph", _TEXT_LINK.sub(r"(\1)(", text)))
    return blocks


_MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\[\]]+)\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))+)>?(?:\s+\"[^\"]*\")?\s*\)")
_MD_AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
_MD_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_CODE = re.compile(r"`([^`]*)`")


def _markdown_inline(text: str) -> str:
    text = _MD_IMAGE.sub("", text)
    text = _MD_TAG.sub("", text)
    text = _MD_CODE.sub(r"\1", text)
    pieces: list[str] = []
    last = 0
    for match in _MD_LINK.finditer(text):
        pieces.append(_MD_EMPHASIS.sub(r"\2", text[last:match.start()]).replace("[", "(").replace("]", ")"))
        pieces.append(_link_markup(_MD_EMPHASIS.sub(r"\2", match.group(1)), safe_url(match.group(2))))
        last = match.end()
    pieces.append(_MD_EMPHASIS.sub(r"\2", text[last:]).replace("[", "(").replace("]", ")"))
    joined = "".join(pieces)
    return _squash(_MD_AUTOLINK.sub(lambda m: _link_markup(m.group(1), safe_url(m.group(1))), joined))


def _markdown_blocks(source: str) -> list[tuple[str, str]]:
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    kind = "paragraph"

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append((kind, _markdown_inline(" ".join(current))))
        current, kind = [], "paragraph"

    fenced = False
    for raw in source.split("\n"):
        line = raw.strip()
        if line.startswith("```") or line.startswith("~~~"):
            fenced = not fenced
            flush()
            continue
        if fenced:
            current.append(line)
            continue
        if not line or re.fullmatch(r"[-*_]{3,}", line):
            flush()
            continue
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", line)
        if heading:
            flush()
            blocks.append(("heading", _markdown_inline(heading.group(1))))
            continue
        if line.startswith(">"):
            if kind != "quote":
                flush()
                kind = "quote"
            current.append(line.lstrip(">").strip())
            continue
        if kind == "quote":
            flush()
        item = re.match(r"^(?:[-*+]|\d+[.)])\s+(.*)$", line)
        if item:
            flush()
            current.append(item.group(1))
            continue
        current.append(line)
    flush()
    return blocks


# A short paragraph a news page puts between a story's paragraphs: "Now playing: …",
# "See also: …", "Read more: …".
_DEBRIS_LINE = re.compile(
    r"(?:Now playing|Watch this|See also|Read more|Related|Also read|Sign up|Subscribe|Listen)(?:\s\w+)?"
    r"\s?(?::[^\n]{0,150})?$",
    re.IGNORECASE,
)


class _HTMLReducer(HTMLParser):
    SKIP = frozenset({"script", "style", "noscript", "template", "iframe", "object", "embed", "svg",
                      "math", "form", "button", "select", "textarea", "nav", "footer", "aside", "head",
                      "canvas", "video", "audio", "picture", "dialog", "menu", "figcaption"})
    # News pages' furniture around the story: captions, players, "related" and sign-up boxes.
    DEBRIS_CLASSES = frozenset({"caption", "credit", "related", "newsletter", "promo", "share", "social",
                                "video", "player", "playlist", "advert", "ad", "ads", "sponsored",
                                "recirculation"})
    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                      "source", "track", "wbr", "param"})
    BLOCK = frozenset({"p", "div", "section", "article", "main", "li", "ul", "ol", "dl", "dt", "dd",
                       "pre", "figure", "figcaption", "table", "tr", "td", "th", "header", "address",
                       "hr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "body", "html",
                       "aside", "footer", "nav", "form", "menu", "center", "fieldset", "caption"})
    HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

    # An email's HTML body: what its recipient saw is the record, so only what no mail client
    # shows is left out (no news page's furniture, no article kept alone).
    MAIL_SKIP = frozenset({"script", "style", "template", "head"})

    def __init__(self, *, mail: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.mail = mail
        self.skip = self.MAIL_SKIP if mail else self.SKIP
        self.hiding = False  # skipping an element styled out of view
        self.hidden_chars = 0  # of text so skipped
        self.skipping: list[str] = []
        self.open: list[str] = []
        self.blocks: list[tuple[str, str, bool]] = []  # kind, text, inside <article>
        self.buffer: list[str] = []
        self.link: tuple[str | None, list[str]] | None = None
        self.quote_depth = 0
        self.heading = False
        self.article_depth = 0
        self.title: list[str] = []
        self.in_title = False

    def _hidden(self, attrs: list[tuple[str, str | None]]) -> bool:
        values = {k.lower(): (v or "") for k, v in attrs}
        style = values.get("style", "").replace(" ", "").lower()
        names = set(re.split(r"[\s_-]+", (values.get("class", "") + " " + values.get("id", "")).lower()))
        return ("hidden" in values or values.get("aria-hidden") == "true"
                or "display:none" in style or "visibility:hidden" in style
                or (not self.mail and bool(names & self.DEBRIS_CLASSES)))

    def _flush(self) -> None:
        if self.link is not None:
            self._close_link()
        text = _squash("".join(self.buffer))
        self.buffer = []
        if text and (self.mail or not _DEBRIS_LINE.match(text)):
            kind = "heading" if self.heading else "quote" if self.quote_depth else "paragraph"
            self.blocks.append((kind, text, self.article_depth > 0))

    def _close_link(self) -> None:
        assert self.link is not None
        url, words = self.link
        self.link = None
        self.buffer.append(_link_markup("".join(words), url))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title" and not self.skipping:
            self.in_title = True
        if self.skipping:
            if tag not in self.VOID:
                self.skipping.append(tag)
            return
        if tag in self.skip or (tag not in self.VOID and self._hidden(attrs)):
            if tag not in self.VOID:
                self.skipping.append(tag)
                self.hiding = tag not in self.skip
            return
        if tag in self.BLOCK:
            self._flush()
        if tag not in self.VOID:
            self.open.append(tag)
        if tag == "blockquote":
            self.quote_depth += 1
        elif tag in self.HEADINGS:
            self.heading = True
        elif tag == "article":
            self.article_depth += 1
        elif tag == "a":
            if self.link is not None:
                self._close_link()
            href = dict(attrs).get("href") or ""
            self.link = (safe_url(href), [])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.skipping:
            if tag in self.skipping:
                while self.skipping and self.skipping.pop() != tag:
                    pass
                self.hiding = self.hiding and bool(self.skipping)
            return
        if tag not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            if closing == "a" and self.link is not None:
                self._close_link()
            if closing in self.BLOCK:
                self._flush()
            if closing == "blockquote":
                self.quote_depth = max(0, self.quote_depth - 1)
            elif closing in self.HEADINGS:
                self.heading = False
            elif closing == "article":
                self.article_depth = max(0, self.article_depth - 1)
            if closing == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
            return
        if self.skipping:
            self.hidden_chars += len(data.strip()) if self.hiding else 0
            return
        if self.link is not None:
            self.link[1].append(data)
        else:
            self.buffer.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def mail_html_text(source: str) -> tuple[str, int]:
    """An email's HTML body as text (its paragraphs, quotes and links, as ``clean_text`` writes
    them), and how many characters of text it held styled out of view (left out). Only scripts,
    styles and the head are no part of it: a message's footer, aside or a paragraph beginning
    "Related:" is what its recipient read."""
    reducer = _HTMLReducer(mail=True)
    reducer.feed(source.replace("\r\n", "\n").replace("\r", "\n"))
    reducer.close()
    return _joined([(kind, text) for kind, text, _ in reducer.blocks]), reducer.hidden_chars


def _html_blocks(source: str) -> list[tuple[str, str]]:
    reducer = _HTMLReducer()
    reducer.feed(source)
    reducer.close()
    inside = [(k, t) for k, t, in_article in reducer.blocks if in_article]
    return inside or [(k, t) for k, t, _ in reducer.blocks]


def html_title(source: str) -> str:
    """The <title> of an HTML page, or ""."""
    reducer = _HTMLReducer()
    reducer.feed(source[:MAX_SOURCE_CHARS])
    reducer.close()
    return _squash("".join(reducer.title))


# -- blocks and segments ---------------------------------------------------------------------

_LINK_MARKUP = re.compile(r"\[([^\[\]\n]+)\]\(((?:https?|mailto):[^)\s]+)\)")


def parse_blocks(clean: str) -> list[Block]:
    """Clean text (see the module docstring) -> its blocks, links as spans of plain text."""
    blocks: list[Block] = []
    for chunk in clean.split("\n\n"):
        chunk = chunk.strip()
        if not chunk:
            continue
        kind = "paragraph"
        if chunk.startswith("# "):
            kind, chunk = "heading", chunk[2:]
        elif chunk.startswith("> "):
            kind, chunk = "quote", chunk[2:]
        text: list[str] = []
        links: list[Link] = []
        size = last = 0
        for match in _LINK_MARKUP.finditer(chunk):
            text.append(chunk[last:match.start()])
            size += match.start() - last
            url = safe_url(match.group(2))
            text.append(match.group(1))
            if url:
                links.append(Link(size, size + len(match.group(1)), url))
            size += len(match.group(1))
            last = match.end()
        text.append(chunk[last:])
        blocks.append(Block(kind, "".join(text), tuple(links)))
    return blocks


def title_and_body(clean: str) -> tuple[str, str]:
    """A leading heading becomes the title; the rest is the body."""
    first, _, rest = clean.partition("\n\n")
    if first.startswith("# "):
        return parse_blocks(first)[0].text, rest
    return "", clean


def segments(block: Block, quotes: Iterable[tuple[int, tuple[tuple[int, int], ...]]]) -> list[Segment]:
    """A block cut into runs at its links and at the parts of the given (ordinal, parts) quotes."""
    cuts = {0, len(block.text)}
    owner: list[int | None] = [None] * len(block.text)
    for ordinal, parts in quotes:
        for start, end in parts:
            start, end = max(0, start), min(len(block.text), end)
            cuts.update((start, end))
            for i in range(start, end):
                owner[i] = ordinal
    href: list[str | None] = [None] * len(block.text)
    for link in block.links:
        cuts.update((link.start, link.end))
        for i in range(link.start, min(link.end, len(block.text))):
            href[i] = link.url
    points = sorted(c for c in cuts if 0 <= c <= len(block.text))
    out: list[Segment] = []
    for start, end in zip(points, points[1:], strict=False):
        if start < end:
            out.append(Segment(block.text[start:end], href[start], owner[start]))
    return out


# -- finding quotations ------------------------------------------------------------------------

_OPENERS = {"“": "”", "«": "»", "„": "“"}
_ATTRIBUTION_VERBS = (
    "wrote", "writes", "said", "says", "added", "adds", "continued", "continues", "noted", "notes",
    "told", "explained", "explains", "stated", "states", "replied", "replies", "responded", "warned",
    "asked", "argued", "concluded", "according", "emailed", "insisted", "acknowledged", "put it",
)
_GAP_ATTRIBUTION = re.compile(r"^\s*[,:;]?\s*([^\"“”.!?]{1,80}?)\s*[,:]\s*$")


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the inside of each quotation mark pair, in order."""
    spans: list[tuple[int, int]] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        closer: str | None = None
        if char in _OPENERS:
            closer = _OPENERS[char]
        elif char == '"':
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            if (before.isspace() or before in "([{—–-/") and not after.isspace():
                closer = '"'
        if closer is None:
            i += 1
            continue
        candidates = [closer, '"'] if closer != '"' else ['"', "”"]
        ends = [e for e in (text.find(c, i + 1) for c in candidates) if e != -1]
        if not ends:
            i += 1
            continue
        end = min(ends)
        spans.append((i + 1, end))
        i = end + 1
    return spans


def _is_attribution(gap: str, first: str) -> bool:
    """Is the text between two quotations an attribution ("," she wrote, ")?"""
    if not (first.rstrip().endswith(",") or gap.lstrip().startswith(",")):
        return False
    match = _GAP_ATTRIBUTION.match(gap)
    if not match:
        return False
    words = match.group(1).lower().split()
    return 1 <= len(words) <= 8 and any(v in " ".join(words) for v in _ATTRIBUTION_VERBS)


def find_quotes(blocks: Sequence[Block]) -> list[Quote]:
    """Every quotation of at least MIN_QUOTE_WORDS words, in reading order."""
    quotes: list[Quote] = []
    for number, block in enumerate(blocks):
        if block.kind == "heading":
            continue
        if block.kind == "quote":
            start, end = 0, len(block.text)
            stripped = block.text.strip()
            if stripped[:1] in "\"“" and stripped[-1:] in "\"”":
                start = block.text.index(stripped[0]) + 1
                end = block.text.rindex(stripped[-1])
            if len(block.text[start:end].split()) >= MIN_QUOTE_WORDS:
                quotes.append(Quote(number, ((start, end),), block.text[start:end].strip()))
            continue
        spans = _quote_spans(block.text)
        groups: list[list[tuple[int, int]]] = []
        for span in spans:
            if groups:
                prev = groups[-1][-1]
                if _is_attribution(block.text[prev[1] + 1:span[0] - 1], block.text[prev[0]:prev[1]]):
                    groups[-1].append(span)
                    continue
            groups.append([span])
        for group in groups:
            words = sum(len(block.text[s:e].split()) for s, e in group)
            if words >= MIN_QUOTE_WORDS:
                text = " … ".join(block.text[s:e].strip().rstrip(",").strip() for s, e in group)
                quotes.append(Quote(number, tuple(group), text))
    return quotes


# -- matching ------------------------------------------------------------------------------------

_SMART = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                        **dict.fromkeys(DASHES, "-"), "\u00ad": None,
                        "ﬁ": "fi", "ﬂ": "fl"})
_HYPHEN_BREAK = re.compile(r"(\w)-[ \t]*\n[ \t]*(\w)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_ELLIPSIS = re.compile(r"…|\.\s*\.\s*\.")
_BRACKET = re.compile(r"\[([^\]]{0,60})\]")


def normalize(text: str) -> str:
    """Lower-case letters and digits separated by single spaces; hyphenated line breaks joined."""
    text = unicodedata.normalize("NFKC", text.translate(_SMART))
    text = _HYPHEN_BREAK.sub(r"\1\2", text)
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip()


def quote_fragments(text: str) -> list[str]:
    """The quotation as normalised runs of the source's own words.

    Ellipses and bracketed insertions are the journalist's edits: they split
    the quotation into runs that must each be found, in the same email. A
    bracketed letter or two joined to a word ("[T]he") is kept as a letter.
    """
    def bracket(match: re.Match[str]) -> str:
        inner = match.group(1)
        start, end = match.span()
        glued = (start > 0 and text[start - 1].isalpha()) or (end < len(text) and text[end:end + 1].isalpha())
        if len(inner) <= 2 and inner.isalpha() and glued:
            return inner
        return " \x00 "

    marked = _BRACKET.sub(bracket, _ELLIPSIS.sub(" \x00 ", text))
    runs = [normalize(piece) for piece in marked.split("\x00")]
    runs = [r for r in runs if r]
    long_runs = [r for r in runs if len(r.split()) >= 2]
    return long_runs or runs


def best_substring_distance(pattern: str, text: str) -> int:
    """The edit distance of ``pattern`` to its closest substring of ``text`` (edlib's infix
    alignment: Myers' bit-vector algorithm, in C)."""
    if not pattern or not text:
        return len(pattern)
    return int(edlib.align(pattern, text, mode="HW", task="distance")["editDistance"])


def _trigrams(text: str) -> set[str]:
    return {text[i:i + 3] for i in range(len(text) - 2)}


_QUOTED_PART = re.compile(
    r"^[ \t]*>|^[ \t]*-{2,}[ \t]*original message|^[ \t]*_{8,}[ \t]*$|^[ \t]*on\b.{4,160}\bwrote:[ \t]*$"
    r"|^[ \t]*from:[ \t]", re.I | re.M)


def own_text(body: str) -> str:
    """The part of an email body its sender wrote: up to the first quoted or forwarded message."""
    match = _QUOTED_PART.search(body, 1)
    return body[:match.start()] if match else body


@dataclass(frozen=True)
class _Prepared:
    source: Source
    text: str
    own: str  # normalised text before any message quoted in the body
    trigrams: frozenset[str]


def _distinct(found: Sequence[_Prepared]) -> list[_Prepared]:
    """The emails left when quoted copies, and emails only holding a quoted copy, are set aside."""
    parents = {p.source.parent_id for p in found if p.source.parent_id}
    return [p for p in found if not p.source.quoted and p.source.email_id not in parents]


def threshold_for(fragments: Sequence[str]) -> float:
    """The score a quotation needs before it is linked: stricter for short ones."""
    return SHORT_THRESHOLD if sum(len(f) for f in fragments) < SHORT_CHARS else THRESHOLD


class QuoteMatcher:
    """Finds quotations in a release's emails. Build once per release, match many quotes."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources: list[_Prepared] = []
        for source in sources:
            text = normalize(source.text)
            subject, _, body = source.text.partition("\n")
            own = normalize(subject + "\n" + own_text(body))
            self.sources.append(_Prepared(source, text, own, frozenset(_trigrams(text))))

    def match(self, quote_text: str) -> Match:
        """The best source email and page of a quotation; email None when below the threshold."""
        fragments = quote_fragments(quote_text)
        total = sum(len(f) for f in fragments)
        if not fragments or total < MIN_MATCH_CHARS or not self.sources:
            return Match(None, None, None, 0.0, "none")
        exact = [p for p in self.sources if all(f in p.text for f in fragments)]
        if exact and total < SHORT_CHARS and len(_distinct(exact)) > 1:
            return Match(None, None, None, 1.0, "none")  # a common phrase: no telling which email
        if exact:
            return self._located(self._preferred(exact, fragments), fragments, 1.0, "exact")
        wanted = set().union(*(_trigrams(f) for f in fragments))
        if not wanted:
            return Match(None, None, None, 0.0, "none")
        shares = sorted(((len(wanted & p.trigrams) / len(wanted), i) for i, p in enumerate(self.sources)),
                        reverse=True)
        scored: list[tuple[float, _Prepared]] = []
        for share, i in shares[:CANDIDATES]:
            if share < MIN_TRIGRAM_SHARE:
                break
            prepared = self.sources[i]
            scored.append((self._score(fragments, prepared.text), prepared))
        if not scored:
            return Match(None, None, None, shares[0][0] * 0.5 if shares else 0.0, "none")
        best = max(score for score, _ in scored)
        if best < threshold_for(fragments):
            return Match(None, None, None, round(best, 3), "none")
        tied = [p for score, p in scored if score >= best - 0.01]
        if total < SHORT_CHARS and len(_distinct(tied)) > 1:
            return Match(None, None, None, round(best, 3), "none")
        return self._located(self._preferred(tied, fragments), fragments, best, "tolerant")

    @staticmethod
    def _score(fragments: Sequence[str], text: str) -> float:
        total = sum(len(f) for f in fragments)
        cost = sum(min(len(f), best_substring_distance(f, text)) for f in fragments)
        return 1.0 - cost / total

    def _preferred(self, found: Sequence[_Prepared], fragments: Sequence[str]) -> _Prepared:
        """Of several emails holding the quotation, the one that most likely wrote it.

        Printed chains repeat a message in every reply, and a splitter can miss
        a quoted copy or let a body run into the next message. So: an email
        whose own quoted copy also holds it only repeats it; then one whose
        sender's own words (before any quoted message) hold it; then an
        original over a quoted copy; then the shortest (the one that printed
        least around it); then the earliest.
        """
        if len(found) == 1:
            return found[0]
        parents = {p.source.parent_id for p in found if p.source.parent_id}
        kept = [p for p in found if p.source.email_id not in parents] or list(found)
        full = {id(p): self._score(fragments, p.text) for p in kept}
        authored = {id(p): self._score(fragments, p.own) >= full[id(p)] - 0.01 for p in kept}
        return min(kept, key=lambda p: (not authored[id(p)], p.source.quoted, len(p.text),
                                        p.source.sent or "9999", p.source.document_id, p.source.start_page))

    @staticmethod
    def _located(prepared: _Prepared, fragments: Sequence[str], score: float, method: str) -> Match:
        source = prepared.source
        page = source.start_page
        if len(source.pages) > 1:
            longest = max(fragments, key=len)
            distances = [(best_substring_distance(longest, normalize(text)), number)
                         for number, text in source.pages]
            page = min(distances)[1]
        return Match(source.email_id, source.document_id, page, round(score, 3), method)


def link_quotes(blocks: Sequence[Block], matcher: QuoteMatcher) -> list[QuoteLink]:
    """Every quotation in the blocks, each with its source (or none)."""
    links: list[QuoteLink] = []
    for ordinal, quote in enumerate(find_quotes(blocks), start=1):
        found = matcher.match(quote.text)
        links.append(QuoteLink(ordinal, quote.block, quote.parts, quote.text, found.email_id,
                               found.document_id, found.page, found.score, found.method))
    return links


# -- dates -----------------------------------------------------------------------------------------

_MONTH = "(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"  # (longest first: "sept" before "sep")
_DAY_DATE = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b", re.I)
_MONTH_DATE = re.compile(r"\b" + _MONTH + r"\s+(?:of\s+)?((?:19|20)\d\d)\b", re.I)
_ISO_DATE = re.compile(r"\b((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?\b")


def mentioned_dates(text: str) -> list[MentionedDate]:
    """Dates written in full ("April 3, 2018", "2018-04-03") or as a month ("October 2018")."""
    found: list[tuple[int, MentionedDate]] = []
    taken: list[tuple[int, int]] = []
    for match in _DAY_DATE.finditer(text):
        month, day, year = MONTH_NUMBERS[match.group(1).lower()], int(match.group(2)), match.group(3)
        if 1 <= day <= 31:
            found.append((match.start(), MentionedDate(f"{year}-{month:02d}-{day:02d}", match.group(0))))
            taken.append(match.span())
    for match in _MONTH_DATE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        month = MONTH_NUMBERS[match.group(1).lower()]
        if match.group(1).lower() == "may" and not match.group(1)[0].isupper():
            continue  # the verb
        found.append((match.start(), MentionedDate(f"{match.group(2)}-{month:02d}", match.group(0))))
    for match in _ISO_DATE.finditer(text):
        year, month_text, day_text = match.groups()
        if 1 <= int(month_text) <= 12:
            value = f"{year}-{month_text}" + (f"-{day_text}" if day_text else "")
            found.append((match.start(), MentionedDate(value, match.group(0))))
    seen: set[str] = set()
    out: list[MentionedDate] = []
    for _, item in sorted(found, key=lambda pair: pair[0]):
        if item.value not in seen:
            seen.add(item.value)
            out.append(item)
    return out
