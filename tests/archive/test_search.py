"""Archive.search end to end: query language, totals, facets, collapse, snippets, export."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import Archive, IndexUnavailable, Party, Release
from archive.model import DocumentRecord, EmailRecord, PageRecord
from archive.search import SearchRequest

JANE = Party("Jane Roe", "jane@example.com")
BOB = Party("Bob Smith", "bob@dea.gov")
ANN = Party("Ann Lee", "ann@microsoft.com")
LONG_TAIL = " ".join(f"filler{i}" for i in range(300))

pytestmark = pytest.mark.usefixtures("engine")  # every test, on both search engines


def mail(page: int, body: str, sent: str | None, *, end: int | None = None, ordinal: int = 0,
         sender: Party = JANE, to: tuple[Party, ...] = (BOB,), subject: str = "Update",
         exemptions: tuple[str, ...] = (), quoted: bool = False, parent: int | None = None) -> EmailRecord:
    return EmailRecord(
        start_page=page, start_line=ordinal * 20, end_page=end or page, end_line=40, ordinal=ordinal,
        kind="email", quoted=quoted, parent=parent, sender=sender, to=to, cc=(), bcc=(), sent=sent,
        sent_raw=sent or "", date_certainty="exact" if sent else "missing", subject=subject,
        normalized_subject=subject.lower(), body=body, exemptions=exemptions, attachments=(),
        bates_start=f"DEA-MSFT-{page:06d}", bates_end=f"DEA-MSFT-{(end or page):06d}")


PAGE_TEXT = {
    3: "From: Jane Roe\nSubject: Pilot\nThe pilot program starts in May.",
    4: "Budget numbers follow. The facial recognition vendor was Microsoft Azure.",
    7: "COVER LETTER\nEnclosed are records responsive to your request about drones.",
}


def page(n: int) -> PageRecord:
    return PageRecord(number=n, text=PAGE_TEXT.get(n, f"page {n}"), source="text-layer", ocr_confidence=None,
                      bates=f"DEA-MSFT-{n:06d}", exemptions=(), kind="other" if n == 7 else "email",
                      fingerprint=f"fp{n}")


EMAILS = (
    mail(1, "We discussed facial recognition software with Microsoft.", "2018-11-13T10:00:00",
         exemptions=("(b)(6)",), subject="Facial recognition"),
    mail(2, "The DEA met Microsoft about recognizing faces at the field office.", "2017-09-01T10:00:00",
         sender=ANN, to=(JANE, BOB), exemptions=("(b)(7)(C)",)),
    mail(2, "Earlier: facial recognition software demo", "2018-11-12T09:00:00", ordinal=1, quoted=True,
         parent=0),
    mail(3, "The pilot program starts in May. Budget numbers follow. " + LONG_TAIL
         + " The facial recognition vendor was Microsoft Azure.", "2019-03-05T08:00:00", end=4,
         sender=BOB, subject="Pilot"),
    mail(5, "Recognition of the drone footage was poor; the recogntion rate fell.", None, sender=ANN),
    mail(6, "Microsoft software licence renewal.", "2018-11-20T10:00:00", sender=ANN, subject="Licence"),
)


def build(home, emails=EMAILS, sha="ab" * 32, release="dea-msft") -> Archive:
    archive = Archive.open(home)
    if not archive.store.releases():
        archive.store.save_release(Release(slug="dea-msft", title="DEA – Microsoft"))
        archive.store.save_release(Release(slug="other", title="Other release"))
    record = DocumentRecord(sha256=sha, filename="part1.pdf", size=1,
                            pages=tuple(page(n) for n in range(1, 8)), emails=emails,
                            fingerprint="fp-" + sha[:6])
    document = archive.store.add_document(release, record)
    archive.index_document(document)
    return archive


@pytest.fixture(scope="module")
def arch(tmp_path_factory):
    archive = build(tmp_path_factory.mktemp("search") / "archive")
    yield archive
    archive.close()


def subjects(result):
    return [h.email.subject if h.email else f"page {h.page.number}" for h in result.hits]


def ids(archive, query, **kw):
    result = archive.search(SearchRequest(query=query, **kw))
    return {h.email.start_page * 10 + h.email.ordinal if h.email else -h.page.number for h in result.hits}


@pytest.mark.parametrize(("query", "expected"), [
    ("microsoft", {10, 20, 30, 60}),
    ("facial recognition", {10, 30}),  # the quoted copy on page 2 folds into email 1
    ('"facial recognition"', {10, 30}),
    ('"facial recognition software"', {10}),  # the quoted copy on page 2 folds into email 1
    ('"filler299 the pilot"', set()),  # each two neighbours are in email 3, the three in a row are not
    ('"recognition we discussed"', {10}),  # a phrase runs from the subject into the body
    ("recognizing", {20}),  # stemmed: recognize/recognizing
    ('"recognizing"', {20}),
    ("recogn*", {10, 20, 30, 50}),
    ("recognition~1", {10, 30, 50}),  # finds the OCR slip "recogntion" too
    ("face w/3 recognizing", {20}),
    ("recognizing w/3 faces", {20}),
    ("dea pre/2 microsoft", {20}),
    ("microsoft pre/2 dea", set()),
    ("pilot w/5 budget", {30}),
    ("from:bob", {30}),
    ('from:"Smith Bob"', {30}),  # a name in the other order than printed (a citation prints given name first)
    ('from:"Smith, Bob"', {30}),
    ('to:"Lee Ann"', set()),  # Ann Lee sends, receives nothing
    ("from:ann@microsoft.com", {20, 50, 60}),
    ("to:jane", {20}),
    ("subject:licence", {60}),
    ("exemption:b6", {10}),
    ('exemption:"(b) (7)(C)"', {20}),
    ("exemption:b7", {20}),
    ("bates:DEA-MSFT-000004", {30}),  # the second page of a two-page email
    ("bates:dea-msft-000001", {10}),
    ("DEA-MSFT-000004", {30}),  # a Bates number typed bare: the page stamped so (its stamp is no text)
    ("bates:DEA-MSFT-000001–4", {10, 20, 30}),  # a range as a citation prints it
    ("bates:[DEA-MSFT-000002 to DEA-MSFT-000003]", {20, 21, 30}),
    ("bates:DEA-MSFT-000002-3", {20, 21, 30}),
    ("bates:DEA-MSFT-000002-DEA-MSFT-000003", {20, 21, 30}),  # a hyphen, the end's prefix printed again
    ('bates:"DEA-MSFT-000002 - DEA-MSFT-000003"', {20, 21, 30}),
    ("DEA-MSFT-000001–4", {10, 20, 30}),  # a citation's pinpoint pasted bare
    ("DEA-MSFT-000002-DEA-MSFT-000003", {20, 21, 30}),
    # a range not understood matches nothing (dropped, it widened the search: to the whole archive)
    ("bates:[DEA-MSFT-000002 to *]", set()),
    ("microsoft bates:[DEA-MSFT-000002 to *]", set()),
    ("(b)(6)", {10}),  # a code typed bare: what is withheld under it, not "b" and "6" anywhere
    ("(b)(7)(C)", {20}),
    ("date:2018-11", {10, 60}),
    ("date:[2017-09 to 2018-11-15]", {10, 20}),
    ("before:2018", {20}),
    ("after:2018-11-13", {30, 60}),
    ("microsoft -software", {20, 30}),
    ("microsoft NOT (software OR azure)", {20}),
    ("drones", {-7, 50}),  # stemmed: drone; and a loose page (cover letter) is searchable
    ('"drones"', {-7}),
    ("release:dea-msft date:2019", {30}),
    ("release:DEA-MSFT date:2019", {30}),
    # what litigators type (issue 13, item 5)
    ("exemption:(b)(6)", {10}),
    ("exemption:(b)(7)(C)", {20}),
    ("exemption:7", {20}),
    ("face w/ 3 recognizing", {20}),
    ("face w/10000 recognizing", {20}),
    ("drone or licence", {-7, 50, 60}),
    ("microsoft not software", {20, 30}),
    ("author:bob", {30}),
    ("subj:licence", {60}),
    ("bcc:bob", set()),
    ("from:*@microsoft.com", {20, 50, 60}),
    ("from:-ann microsoft", {10, 30}),
    # a minus before a field, a phrase or a group excludes it whole (it was read as words, or dropped)
    ("-from:ann microsoft", {10, 30}),
    ("microsoft -from:bob", {10, 20, 60}),
    ('microsoft -"software"', {20, 30}),
    ("microsoft -(software OR azure)", {20}),
    ("microsoft -subject:licence", {10, 20, 30}),
    ("microsoft -release:dea-msft", set()),
])
def test_query_language_finds_exactly(arch, query, expected):
    assert ids(arch, query) == expected


def test_a_phrase_of_words_too_long_to_pair_is_still_found(tmp_path):
    """tantivy reads a phrase's neighbouring words as one indexed pair; a pair too long to index
    is read by positions instead, with the same answer."""
    long_a, long_b = "a" * 150, "b" * 150
    archive = build(tmp_path / "archive", emails=(mail(1, f"see {long_a} {long_b} here", "2018-11-13T10:00:00"),))
    try:
        assert ids(archive, f'"{long_a} {long_b}"') == {10}
        assert ids(archive, f'"see {long_a} {long_b}"') == {10}
        assert ids(archive, f'"{long_b} {long_a}"') == set()
    finally:
        archive.close()


def test_a_phrase_read_as_pairs_keeps_each_pair_in_its_place(tmp_path):
    """tantivy reads a phrase of three words or more as a phrase of its word pairs; a pair too
    long to index keeps its place, so pairs on either side of it are not read as neighbours."""
    long_word = "c" * 250
    emails = (mail(1, f"alpha beta {long_word} beta gamma", "2018-11-13T10:00:00"),
              mail(2, "one two three four five six", "2018-11-14T10:00:00"),
              mail(3, "one two three four five nine six", "2018-11-15T10:00:00"))
    archive = build(tmp_path / "archive", emails=emails)
    try:
        assert ids(archive, '"alpha beta gamma"') == set()
        assert ids(archive, f'"alpha beta {long_word} beta gamma"') == {10}
        assert ids(archive, '"one two three four"') == {20, 30}
        assert ids(archive, '"two three four five six"') == {20}
        assert ids(archive, '"one three four"') == set()
        assert ids(archive, '"three four six"') == set()
    finally:
        archive.close()


def test_accents_are_found_either_way_and_marked_as_printed(tmp_path):
    """A release prints a name with its accents or without them, and OCR reads them either way
    ("José", "Jose"; a ligature "ﬁ"); a reader types either. Both engines find each with the
    other, in phrases, wildcards and fields too, and the snippet marks the word as printed."""
    emails = (mail(1, "Lunch with José Rodríguez at the café about the ﬁscal plan.", "2018-11-13T10:00:00"),
              mail(2, "Jose Rodriguez sent the cafe menu.", "2018-11-14T10:00:00", subject="Menú"),
              mail(3, "Nothing about lunch.", "2018-11-15T10:00:00"))
    archive = build(tmp_path / "archive", emails=emails)
    try:
        for query in ("jose rodriguez", "José Rodríguez", '"jose rodriguez"', "rodr*", "CAFÉ", "cafe"):
            assert ids(archive, query) == {10, 20}, query
        assert ids(archive, "fiscal") == {10}
        assert ids(archive, "subject:menu") == ids(archive, "subject:menú") == {20}
        for query, printed in (("jose cafe lunch", {"José", "café"}), ("fiscal", {"ﬁscal"})):
            (hit,) = archive.search(SearchRequest(query=query)).hits
            assert {text for snippet in hit.snippets for text, match in snippet.parts if match} >= printed
    finally:
        archive.close()


def test_a_word_printed_with_a_trademark_sign_is_found(tmp_path):
    """GIVEN an email printing "Windows™ Server and Office℠", "Azure™ Government", "Form №5" WHEN
    searched for the words, in phrases too, or typed with the sign THEN it is found on both engines
    (was: nothing: the sign folded to capitals "TM" glued to the word, a word no query holds)."""
    emails = (mail(1, "We recommend Windows™ Server and Office℠ with Azure™ Government, see Form №5.",
                   "2018-11-13T10:00:00"), mail(2, "Nothing here.", "2018-11-14T10:00:00"))
    archive = build(tmp_path / "archive", emails=emails)
    try:
        for query in ("windows", '"windows server"', "office", '"azure government"', '"recommend windows"',
                      '"Azure™ Government"', '"form 5"'):
            assert ids(archive, query) == {10}, query
    finally:
        archive.close()


@pytest.mark.parametrize(("query", "said"), [
    ("pilot zzzqqq", 'nothing here holds "zzzqqq"; leave it out to find the rest'),
    ('"facial recognition" zzzqqq', 'nothing here holds "zzzqqq"; leave it out to find the rest'),
    ("zzzqqq qqqzzz", 'nothing here holds any of "zzzqqq", "qqqzzz"'),
    ("pilot licence", 'each of "pilot", "licence" is found, but never all in one record; try fewer of them, '
                      "or OR between them"),
])
def test_a_search_that_finds_nothing_says_which_words_match_nothing(arch, query, said):
    """A lawyer's search of several words that finds nothing says why: the words no record holds
    (each looked up alone, with the search's releases and filters), or that each is found but
    never together. A search that finds something, or one of another shape, says nothing more."""
    result = arch.search(SearchRequest(query=query))
    assert result.total == 0 and said in result.messages
    for found_or_other in ("pilot microsoft", "pilot -microsoft", "zzzqqq OR qqqzzz"):
        assert not [m for m in arch.search(SearchRequest(query=found_or_other)).messages if "nothing here" in m]


def test_the_searches_one_page_runs_share_its_budget(monkeypatch):
    """A page's searches (its own, the one-word lookups that explain an empty one, the tags
    facet) share one budget (``run_search`` opens it): a budget opened inside another ends when
    the outer one does (security review: each of up to 8 lookups had a budget of its own)."""
    import archive.budget as budget
    from archive.errors import QueryError

    monkeypatch.setattr(budget, "SEARCH_SECONDS", 0.0)
    with budget.search_budget():
        monkeypatch.setattr(budget, "SEARCH_SECONDS", 60.0)
        with budget.search_budget(), pytest.raises(QueryError):
            budget.spend()
    with budget.search_budget():
        budget.spend()  # a budget of its own again once the outer one is closed


def test_a_date_of_a_year_alone_is_inside_a_range_of_months(tmp_path):
    """tantivy reads a range's whole months as their month terms; a date that names a year
    alone (a person's correction) is in no month and must not fall between them."""
    emails = (mail(1, "first", "2017-09-01T10:00:00"), mail(2, "second", "2018"),
              mail(3, "third", "2018-11-13T10:00:00"), mail(4, "fourth", "2019-01-02T10:00:00"))
    archive = build(tmp_path / "archive", emails=emails)
    try:
        assert ids(archive, "date:[2017-09 to 2018-11]") == {10, 20, 30}
        assert ids(archive, "date:2018") == {20, 30}
        assert ids(archive, "date:[2018-01 to 2019]") == {30, 40}
    finally:
        archive.close()


def test_a_date_printed_with_day_and_month_either_way_is_found_under_both_readings(tmp_path):
    """GIVEN an email printed "03/04/2018" (March 4 or April 3: the machine stored March 4,
    "ambiguous") WHEN a reader searches April 3, April, or the month filter 2018-04 THEN it is
    found, and the search says some dates were searched both ways (it was never found there: a
    brief's date search missed it); its stored reading still finds it; a date printed one way
    only ("03/14/2018") and a date the machine read on its own ("exact") are searched as stored."""
    either = dataclasses.replace(mail(1, "alpha", "2018-03-04T10:00:00"), sent_raw="03/04/2018 10:00 AM",
                                 date_certainty="ambiguous")
    settled = dataclasses.replace(mail(3, "gamma", "2018-03-14T10:00:00"), sent_raw="03/14/2018 10:00 AM")
    exact = dataclasses.replace(mail(4, "delta", "2018-03-05T10:00:00"), sent_raw="03/05/2018 10:00 AM")
    archive = build(tmp_path / "archive", emails=(either, mail(2, "beta", "2018-04-03T09:00:00"), settled, exact))
    try:
        for query in ("date:2018-04-03", "date:2018-04", "after:2018-04-01", "date:[2018-04-01 to 2018-04-30]"):
            assert ids(archive, query) == {10, 20}, query
            assert any("either way" in m for m in archive.search(SearchRequest(query=query)).messages)
        assert ids(archive, "date:2018-03") == {10, 30, 40}
        assert ids(archive, "date:2018-05-03") == set()  # delta's date the machine settled: no other reading
        assert not archive.search(SearchRequest(query="date:2018-03")).messages  # none read the other way here
        by_month = archive.search(SearchRequest(query="", filters=(("month", "2018-04"),)))
        assert sorted(h.email.start_page for h in by_month.hits) == [1, 2]
        assert ids(archive, "date:2018-03-14") == {30}
    finally:
        archive.close()


def test_a_date_a_person_gave_as_printed_either_way_is_found_under_both_readings(tmp_path):
    """GIVEN an email the machine dated on its own ("exact"), its date then given by a person
    as printed "05/06/2018", day and month either way WHEN a reader searches June 5 THEN it is
    found (the search read the machine's printed words, "Sunday, March 4, 2018", and missed it)."""
    archive = build(tmp_path / "archive", emails=(dataclasses.replace(
        mail(1, "alpha", "2018-03-04T10:00:00"), sent_raw="Sunday, March 4, 2018 10:00 AM"),))
    try:
        (email,) = archive.search(SearchRequest(query="alpha")).hits
        assert email.email is not None
        archive.correct_fields(email.email.id, {"date": {"sent": "2018-05-06T10:00:00", "certainty": "ambiguous",
                                                         "printed": "05/06/2018 10:00 AM"}}, actor="editor@example.org")
        assert ids(archive, "date:2018-05-06") == ids(archive, "date:2018-06-05") == {10}
        assert ids(archive, "date:2018-03-04") == set()
    finally:
        archive.close()


@pytest.mark.parametrize(("stamp", "typed", "expected"), [
    ("PEMB-SCB-{:07d}", 'bates:"PEMB SCB 0045847"', {30}),  # spaces for its hyphens
    ("PEMB-SCB-{:07d}", 'bates:"pemb scb 45847"', {30}),  # and without its leading zeros
    ("PEMB-SCB-{:07d}", 'bates:"PEMB-SCB 0045847"', {30}),
    ("PEMB-SCB-{:07d}", "bates:PEMBSCB0045847", {30}),  # none for its hyphens
    ("PEMB-SCB-{:07d}", "bates:[PEMB SCB 0045845 to PEMB SCB 0045846]", {20, 21, 30}),
    ("PEMB-SCB{:07d}", 'bates:"PEMB SCB 0045847"', {30}),
    ("PEMB SCB {:07d}", "bates:PEMB-SCB-0045847", {30}),  # hyphens for its spaces
    ("PEMB-SCB-{:07d}", 'bates:"PEMB SCB 0045859"', set()),  # no page is stamped so
    ("{:07d}", "bates:0045847", {30}),  # a production stamped with numbers alone
    ("{:07d}", "bates:[0045845 to 0045846]", {20, 21, 30}),  # ... its range, as typed
    ("{:07d}", "bates:0045845\u201346", {20, 21, 30}),  # ... and as its citation prints it
])
def test_a_bates_number_is_searched_with_its_separators_as_the_bates_route_reads_them(tmp_path, stamp, typed,
                                                                                        expected):
    """GIVEN pages stamped "PEMB-SCB-0045844" … WHEN ``bates:`` is typed with spaces, hyphens or
    none for the stamp's separators THEN the page's email is found, as ``/bates/`` finds its page
    (``bates:"STATE SCB 0045847"`` found nothing: its spaces were dropped before the stamp was
    looked up, and "STATESCB0045847" is no stamp), and the result says which stamp was read."""
    archive = Archive.open(tmp_path / "archive")
    archive.store.save_release(Release(slug="pemb", title="Stamped with separators"))
    pages = tuple(dataclasses.replace(page(n), bates=stamp.format(45843 + n)) for n in range(1, 8))
    record = DocumentRecord(sha256="cd" * 32, filename="part1.pdf", size=1, pages=pages, emails=EMAILS,
                            fingerprint="fp-pemb")
    archive.index_document(archive.store.add_document("pemb", record))
    try:
        assert ids(archive, typed) == expected
        if expected and "0045847" in typed:
            printed = stamp.format(45847)
            assert archive.store.bates_lookup(typed.removeprefix("bates:").strip('"'))[2] == printed
            if typed.removeprefix("bates:") != printed:  # (typed otherwise than printed: said how it was read)
                assert any(printed in m for m in archive.search(SearchRequest(query=typed)).messages)
    finally:
        archive.close()


def test_stemmed_word_vs_exact_quoted_word(arch):
    assert ids(arch, "face") == {20}  # "faces"
    assert ids(arch, '"face"') == set()


def test_total_is_exact_with_filters_and_small_pages(arch):
    """GIVEN a date-restricted search, WHEN it asks for one hit a page, THEN the total still counts all."""
    result = arch.search(SearchRequest(query="microsoft date:[2017 to 2018]", page_size=1))
    assert result.total == 3 and len(result.hits) == 1 and result.pages == 3
    second = arch.search(SearchRequest(query="microsoft date:[2017 to 2018]", page_size=1, page=2))
    assert second.hits[0].key != result.hits[0].key


def test_sort_by_date_orders_times_printed_in_different_zones_by_the_instant_sent(tmp_path):
    """GIVEN a reply printed in New York at 11:05 AM (-05:00) to a message printed in London at
    4:00 PM (+00:00) the same day, a later New York note at 12:00 PM, and one printed with no
    zone at 12:30 PM WHEN sorted by date, both ways THEN London's 4:00 PM (16:00 UTC) comes before
    New York's 11:05 AM (16:05 UTC) and 12:00 PM (17:00 UTC), a time with no zone in the zone the
    document prints nearest to it (12:30 PM -05:00, after them all), as the thread view orders
    them; a date range still reads the printed day (it ordered by the printed clock: the reply
    first, its question last)."""
    times = ("2018-11-20T11:05:00-05:00", "2018-11-20T16:00:00+00:00", "2018-11-20T12:00:00-05:00",
             "2018-11-20T12:30:00")
    emails = tuple(mail(n + 1, f"Harbour dredging permit, note {n}.", sent) for n, sent in enumerate(times))
    with build(tmp_path / "zones", emails=emails) as arch:
        oldest = [h.email.sent for h in arch.search(SearchRequest(query="dredging", sort="date")).hits]
        assert oldest == [times[1], times[0], times[2], times[3]]
        newest = [h.email.sent for h in arch.search(SearchRequest(query="dredging", sort="-date", page_size=2)).hits]
        assert newest == [times[3], times[2]]
        assert arch.search(SearchRequest(query="dredging date:2018-11-20")).total == 4


def test_a_thread_printed_with_its_zone_on_some_headers_only_sorts_as_sent(tmp_path):
    """Layout family, Outlook desktop print: a thread names its zone on some headers only ("6:24 PM
    Eastern Standard Time" over "7:40 PM"). GIVEN a 7:40 PM reply printed without a zone to a
    6:24 PM (-05:00) message and a 3:59 PM (-05:00) forward in one document WHEN sorted by date
    THEN as sent: 3:59, 6:24, 7:40 (the reply came first, read as 19:40 UTC, the forward last),
    and so in the archive's other orderings (``printed_orders``)."""
    from archive.dates import printed_orders

    times = ("2012-11-23T19:40:00", "2012-11-23T18:24:00-05:00", "2012-11-23T15:59:00-05:00")
    emails = tuple(mail(n + 1, f"Monday session on the harbour, note {n}.", sent) for n, sent in enumerate(times))
    with build(tmp_path / "mixed", emails=emails) as arch:
        oldest = [h.email.sent for h in arch.search(SearchRequest(query="harbour", sort="date")).hits]
        assert oldest == [times[2], times[1], times[0]]
        reply = next(e for e in arch.store.iter_emails() if e.sent == times[0])
        assert arch.date_orders([reply])[reply.id] == "2012-11-24T00:40:00"  # placed by its whole document
    orders = printed_orders([("a", "d1", times[0]), ("b", "d1", times[1]), ("c", "d2", times[0])])
    assert orders == {"a": "2012-11-24T00:40:00", "b": "2012-11-23T23:24:00", "c": "2012-11-23T19:40:00"}


def test_sort_by_date_both_ways_with_undated_last(arch):
    dates = [h.email.sent for h in arch.search(SearchRequest(query="recogn* OR microsoft", sort="date")).hits]
    assert dates[:-1] == sorted(dates[:-1]) and dates[-1] is None
    dates = [h.email.sent for h in arch.search(SearchRequest(query="recogn* OR microsoft", sort="-date")).hits]
    assert dates[:-1] == sorted(dates[:-1], reverse=True) and dates[-1] is None


def test_quoted_copy_folds_into_its_parent_unless_asked(arch):
    folded = arch.search(SearchRequest(query='"facial recognition" software'))
    parent = [h for h in folded.hits if h.email.start_page == 1][0]
    assert parent.quoted_in_count == 1 and folded.total == 1
    shown = arch.search(SearchRequest(query='"facial recognition" software', include_quoted=True))
    assert shown.total == 2 and any(h.email.quoted for h in shown.hits)
    alone = arch.search(SearchRequest(query="demo"))  # parent is no hit: the copy shows on its own
    assert alone.total == 1 and alone.hits[0].email.quoted


def test_facets_count_the_whole_result_set_and_filter(arch):
    result = arch.search(SearchRequest(query="microsoft", page_size=1))
    senders = {f.value: f.count for f in result.facets["sender"]}
    assert senders == {"jane@example.com": 1, "ann@microsoft.com": 2, "bob@dea.gov": 1}
    assert {f.value: f.count for f in result.facets["month"]} == {"2018-11": 2, "2017-09": 1, "2019-03": 1}
    assert [f.label for f in result.facets["release"]] == ["DEA – Microsoft"]
    assert {f.value for f in result.facets["exemption"]} == {"(b)(6)", "(b)(7)(C)"}
    filtered = arch.search(SearchRequest(query="microsoft", filters=(("sender", "ann@microsoft.com"),)))
    assert filtered.total == 2
    assert [f for f in filtered.facets["sender"] if f.selected][0].value == "ann@microsoft.com"
    by_code = arch.search(SearchRequest(query="", filters=(("exemption", "(b)(7)(C)"), ("month", "2017-09"))))
    assert by_code.total == 1


def test_snippets_mark_matches_and_name_the_page(arch):
    result = arch.search(SearchRequest(query="azure budget"))
    hit = result.hits[0]
    assert len(hit.snippets) >= 2  # a long email gets several fragments
    pages = {s.page for s in hit.snippets if any(t.lower() == "azure" and m for t, m in s.parts)}
    assert pages == {4}
    assert {s.page for s in hit.snippets if any(t.lower() == "budget" and m for t, m in s.parts)} == {3}
    assert set(result.terms) >= {"azure", "budget"}


def test_wildcard_expansions_are_terms_to_highlight(arch):
    result = arch.search(SearchRequest(query="recogn*"))
    assert {"recognition", "recognizing", "recogntion"} <= set(result.terms)


def test_a_wildcard_lists_only_what_its_hits_show_never_a_withdrawn_release_s_words(tmp_path):
    """GIVEN a withdrawn release whose words ("secret", "withdrawn") no other release has WHEN a
    wildcard or fuzzy word reaches them THEN they are not listed among what it stood for (the
    index's vocabulary spelled them out to anyone, a prefix at a time), while an expansion a
    returned hit shows is."""
    from tests.web.conftest import build_archive

    built = build_archive(tmp_path)
    with Archive.open(built.home, readonly=True) as archive:
        gone = archive.search(SearchRequest(query="secr* OR withdr* OR secrat~1"))
        assert gone.total == 0
        assert not {"secret", "withdrawn"} & set(gone.terms), gone.terms
        shown = archive.search(SearchRequest(query="pilo* OR secr*"))
        assert shown.total > 0 and "pilot" in shown.terms and "secret" not in shown.terms


def test_a_snippet_names_the_page_its_match_is_printed_on(tmp_path):
    """GIVEN an email over two pages, a word matched at the top of the second whose snippet
    starts with the first page's last words WHEN searched THEN the snippet names the second
    page (the first page holding a run of the snippet's words was named: a litigator citing the
    snippet cited the wrong page)."""
    first = "From: Jane Roe\nSubject: Talks\nThe envoy will brief the council tomorrow at the embassy in town."
    second = "Abdul Jalil said the council agreed to the plan.\nDEA-MSFT-000002"
    body = "The envoy will brief the council tomorrow at the embassy in town.\nAbdul Jalil said the council agreed to the plan."
    email = dataclasses.replace(mail(1, body, "2012-09-12T10:00:00", end=2), start_line=2, end_line=1)
    pages = tuple(PageRecord(number=n, text=text, source="text-layer", ocr_confidence=None,
                             bates=f"DEA-MSFT-{n:06d}", exemptions=(), kind="email", fingerprint=f"p{n}")
                  for n, text in ((1, first), (2, second)))
    with Archive.open(tmp_path / "archive") as archive:
        archive.store.save_release(Release(slug="dea-msft", title="DEA – Microsoft"))
        document = archive.store.add_document("dea-msft", DocumentRecord(
            sha256="cd" * 32, filename="two.pdf", size=1, pages=pages, emails=(email,), fingerprint="fp-two"))
        archive.index_document(document)
        (hit,) = archive.search(SearchRequest(query="jalil")).hits
        assert [s.page for s in hit.snippets] == [2]
        assert "town" in "".join(t for t, _ in hit.snippets[0].parts), "the snippet starts on the first page"
        (hit,) = archive.search(SearchRequest(query="envoy")).hits
        assert [s.page for s in hit.snippets] == [1]


def test_a_filter_typed_in_another_spelling_finds_what_its_facet_value_finds(arch):
    """GIVEN the month, exemption and sender facets of a search WHEN each value is asked for in
    another spelling (an old link, a typed URL: "2018/11", "b6", an address in capitals) THEN it
    finds what the listed value finds, saying how it was read (each found 0, saying nothing)."""
    for facet, listed_value, typed in (("month", "2018-11", "2018/11"), ("exemption", "(b)(6)", "b6"),
                                       ("sender", "jane@example.com", "Jane@Example.com")):
        assert typed != listed_value
        want = arch.search(SearchRequest(query="", filters=((facet, listed_value),)))
        got = arch.search(SearchRequest(query="", filters=((facet, typed),)))
        assert want.total > 0 and got.total == want.total, (facet, typed)
        assert got.request.filters == ((facet, listed_value),)
        assert f'read the filter "{facet}={typed}" as "{listed_value}"' in " ".join(got.messages)



@pytest.mark.parametrize(("typed", "read"), [("2018-13", ""), ("November", ""), ("2018-11-13", "2018-11")])
def test_a_month_filter_that_names_no_month_is_said_never_a_silent_nothing(arch, typed, read):
    """GIVEN a month filter typed into a URL as no month reads ("2018-13", "November") or as a day
    ("2018-11-13") WHEN searched THEN the first are left out of the search, saying so and how a
    month is written, the day read as its month, saying so (each found nothing and said nothing:
    a lawyer read "0 results" as no email that month)."""
    got = arch.search(SearchRequest(query="microsoft", filters=(("month", typed),)))
    said = " ".join(got.messages)
    if read:
        assert got.request.filters == (("month", read),) and f'as "{read}"' in said
        assert got.total == arch.search(SearchRequest(query="microsoft", filters=(("month", read),))).total > 0
    else:
        assert got.request.filters == () and f'ignored the filter "month={typed}"' in said and "2018-11" in said
        assert got.total == arch.search(SearchRequest(query="microsoft")).total

def test_export_streams_every_hit_in_order(arch):
    rows = list(arch.export(SearchRequest(query="microsoft", sort="date", page_size=1)))
    assert [r["date"][:10] for r in rows] == ["2017-09-01", "2018-11-13", "2018-11-20", "2019-03-05"]
    first = rows[0]
    assert first["permalink"] == f"/e/{first['id']}" and first["sender"] == "Ann Lee"
    assert first["recipients"] == "Jane Roe; Bob Smith"
    two_pages = [r for r in rows if r["pages"] == "pp. 3–4"][0]  # as citations print them
    assert two_pages["bates"] == "DEA-MSFT-000003–4"
    assert {r["document"] for r in rows} == {"part1.pdf"}  # the file: "pages" alone names none


def test_withdrawn_release_disappears_from_search(tmp_path):
    archive = build(tmp_path / "a")
    build(tmp_path / "a", emails=(mail(1, "microsoft elsewhere", "2020-01-01T00:00:00"),), sha="cd" * 32,
          release="other").close()
    assert archive.search(SearchRequest(query="elsewhere")).total == 1
    archive.store.withdraw_release("other", "mistake")
    assert archive.search(SearchRequest(query="elsewhere")).total == 0
    assert archive.search(SearchRequest(query="microsoft")).total == 4
    archive.close()


def test_a_release_is_named_in_any_case_and_an_unknown_one_is_said(arch):
    assert ids(arch, "microsoft", release="DEA-Msft") == {10, 20, 30, 60}
    result = arch.search(SearchRequest(query="release:nope microsoft"))
    assert result.total == 0 and any('no release "nope"' in m for m in result.messages)
    result = arch.search(SearchRequest(query="microsoft", release="nope"))
    assert result.total == 0 and any('no release "nope"' in m for m in result.messages)


def test_an_impossible_date_is_said_not_silently_empty(arch):
    result = arch.search(SearchRequest(query="microsoft date:2018-02-30"))
    assert result.total == 4
    assert any("February 2018 has 28 days" in m for m in result.messages)


def test_bad_request_settings_become_messages(arch):
    result = arch.search(SearchRequest(query="microsoft", sort="sideways", page=0, page_size=10_000,
                                       filters=(("colour", "red"),)))
    assert result.total == 4
    assert any("unknown sort" in m for m in result.messages)
    assert any("colour" in m for m in result.messages)


def test_missing_index_is_an_error_that_says_what_to_do_not_zero_results(tmp_path):
    with Archive.open(tmp_path / "empty") as archive, pytest.raises(IndexUnavailable, match="foia reindex"):
        archive.search(SearchRequest(query="anything"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)
       | st.lists(st.sampled_from(["microsoft", '"', "(", ")", "w/3", "pre/1", "OR", "NOT", "-", "*", "~",
                                   "date:[2018", "to", "]", "from:", "bates:", "exemption:b", ":", "/", " ",
                                   "from:-ann", "exemption:(b)(6)", "or", "not", "w/", "5", "*@x.com"]),
                  max_size=25).map(" ".join))
def test_any_query_returns_results_or_messages(arch, text):
    result = arch.search(SearchRequest(query=text))
    assert result.total >= len(result.hits)
    assert all(h.email is not None or h.page is not None for h in result.hits)


def test_ten_kilobytes_of_text(arch):
    result = arch.search(SearchRequest(query="microsoft " + "x" * 10_000))
    assert any("characters long" in m or "first" in m for m in result.messages), result.messages


def test_result_request_keeps_the_contract_fields():
    names = {f.name for f in dataclasses.fields(SearchRequest)}
    assert {"query", "release", "filters", "sort", "page", "page_size", "include_quoted"} <= names


def test_a_proximity_step_keeping_too_many_pairs_is_too_costly_before_it_sorts_them(monkeypatch):
    """GIVEN a proximity step whose words are close everywhere (a w/N chain of wildcards: every
    place of one pairs with every place of the other) WHEN its close pairs are more than it
    could sort in the budget's time left THEN it stops with the budget's message, before sorting
    them (the sort ran unchecked, four times past the budget for a reader a restricted release
    is hidden from); under it the step answers (a fixed count refused a step of 2.4 s)."""
    import numpy as np

    import archive.budget as budget
    import archive.index.spans as spans
    from archive.errors import QueryError

    places = spans.Spans(np.arange(0, 4000, 2, dtype=np.int64), np.arange(0, 4000, 2, dtype=np.int64))
    with budget.search_budget():
        assert len(spans.near(places, places, 20, False).starts) > 1000  # (a second sorts millions)
    monkeypatch.setattr(spans, "_SORTED_A_SECOND", 1000 / budget.SEARCH_SECONDS)  # (the budget sorts 1,000)
    with budget.search_budget(), pytest.raises(QueryError, match="narrow it"):
        spans.near(places, places, 20, False)
    assert len(spans.near(places, places, 20, False).starts) > 1000  # (outside a search: no budget)


def test_a_snippet_marks_every_match_its_window_shows():
    """GIVEN a body where a phrase's first word falls in one snippet window and its last words
    just past where the next window would begin WHEN the snippet is cut THEN every matched word
    the window shows is marked (the phrase's last words were shown unmarked, as if they did not
    match)."""
    from archive.index.results import Highlight
    from archive.search import SNIPPET_CHARS, _fragments

    body = "x " * (SNIPPET_CHARS // 2 - 8) + "Fwd: more on libya. " + "y " * 10 + "Fwd: more on libya, again."
    highlight = Highlight(frozenset(), frozenset(), frozenset({("more", "on", "libya")}))
    (parts,) = _fragments(body, highlight, several=False)
    shown = "".join(text for text, _ in parts)
    marked = [text for text, matched in parts if matched]
    assert marked == ["more", "on", "libya"] * shown.count("more on libya")
