"""Exhibit lists (web/work.py, archive/work.py): rows cited in full, renumbered by moving and by
date, exported as CSV, a Word table (read back with python-docx) and one PDF of the cited pages
with a stamp on each (each page rendered by pdfium and its stamp read), audited; a team member
who may not read a restricted release sees and exports the list with its rows as placeholders
keeping their numbers (the numbers every teammate's export gives), naming nothing of them;
anyone else gets 404."""

from __future__ import annotations

import csv
import html
import io
from datetime import UTC, datetime

import pytest

from archive import Archive
from archive.exhibit_pdf import stamp_area
from archive.work import HIDDEN_CITATION

from .test_accounts import csrf, sign_in
from .test_attack import exhibit_list
from .test_corrections import EDITOR, READER, harbor  # noqa: F401 - the fixture
from .test_restricted import world  # noqa: F401 - the fixture
from .test_upload import _client as upload_client


@pytest.fixture(scope="module")
def made(world):  # noqa: F811
    """alice's list for the team matter-2 (alice, carol): the first email, the cover-letter page, the hostile email, the secret one."""
    built, doc, secret = world
    with Archive.open(built.home) as archive:
        for member in ("alice@example.org", "carol@example.org"):  # carol may not read the secret release
            archive.set_membership("matter-2", member, True, actor="cli:test")
    alice = _client(built, "alice@example.org")
    created = alice.post("/exhibits/new", data={"csrf_token": csrf(alice, "/exhibits"), "title": "Motion to compel",
                                                "team": "matter-2"})
    assert created.status_code == 302
    list_id = created.headers["Location"].rsplit("/", 1)[1]
    for target in (f"e:{built.first}", f"p:{built.doc_id}:4", f"e:{built.hostile}", f"e:{secret}"):
        added = alice.post("/exhibits/add", data={"csrf_token": csrf(alice, "/exhibits"), "target": target,
                                                  "list_id": list_id})
        assert added.status_code == 302, target
    return built, secret, list_id


def _client(built, who=None):
    return upload_client(built.home, who=who)


def _order(client, list_id) -> list[str]:
    import re

    return re.findall(r'data-target="([^"]+)"', client.get(f"/exhibits/{list_id}").get_data(as_text=True))


def _change(client, list_id, **data):
    return client.post(f"/exhibits/{list_id}/change", data={"csrf_token": csrf(client, f"/exhibits/{list_id}"), **data})


def test_rows_are_cited_moved_and_numbered_by_date(made):
    built, secret, list_id = made
    alice = _client(built, "alice@example.org")
    first, page, hostile, hidden = f"e:{built.first}", f"p:{built.doc_id}:4", f"e:{built.hostile}", f"e:{secret}"
    assert _order(alice, list_id) == [first, page, hostile, hidden]
    shown = alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert "Email from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM)" in shown
    assert "at TEST-000001 (Drug Enforcement Administration" in shown and "<script>alert" not in shown
    assert f", https://foia.test/e/{built.first}</a>" in shown
    assert _change(alice, list_id, action="move", target=hostile, number="1").status_code == 302
    assert _order(alice, list_id) == [hostile, first, page, hidden]
    assert _change(alice, list_id, action="down", target=hostile, number="1").status_code == 302
    assert _order(alice, list_id) == [first, hostile, page, hidden]
    assert _change(alice, list_id, action="by-date").status_code == 302
    assert _order(alice, list_id) == [hostile, first, hidden, page]  # 2018-03-04, 2018-11-13, 2019-02-01, a page
    assert _change(alice, list_id, action="sideways").status_code == 400
    assert _change(alice, list_id, action="move", target="e:nothing", number="1").status_code == 404
    with Archive.open(built.home, readonly=True) as archive:
        actions = [e.action for e in archive.audit_trail(target=f"exhibits:{list_id}", limit=20)]
    assert actions[:3] == ["exhibit.renumber", "exhibit.move", "exhibit.move"] and actions[-1] == "exhibit.create"
    assert actions.count("exhibit.add") == 4


def test_exports_as_csv_word_and_a_stamped_pdf(made):
    import docx
    import pypdfium2

    built, secret, list_id = made
    alice = _client(built, "alice@example.org")
    assert _change(alice, list_id, action="by-date").status_code == 302  # (its order, whatever ran before)
    order = _order(alice, list_id)
    response = alice.get(f"/exhibits/{list_id}/export.csv")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/csv")
    assert "exhibits_motion-to-compel_" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert [r["exhibit"] for r in rows] == ["1", "2", "3", "4"]
    assert [r["permalink"].rsplit("/", 1)[1] for r in rows[:3]] == [t[2:] for t in order[:3]]
    assert rows[1]["bates"] == "TEST-000001" and rows[1]["citation"].endswith(rows[1]["permalink"])

    table = docx.Document(io.BytesIO(alice.get(f"/exhibits/{list_id}/export.docx").data)).tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows]
    assert cells[0] == ["Exhibit", "Description", "Bates", "Date"]
    assert [c[0] for c in cells[1:]] == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    assert [c[1] for c in cells[1:]] == [r["citation"] for r in rows]
    assert cells[2][2] == "TEST-000001" and "Test <b>Release</b>" in cells[1][1]  # text, as printed

    pdf = pypdfium2.PdfDocument(alice.get(f"/exhibits/{list_id}/export.pdf").data)
    assert len(pdf) == 4  # one page each
    seen = []
    for index in range(len(pdf)):
        page = pdf[index]
        width, height = page.get_size()
        left, bottom, right, top = stamp_area(width, height)
        stamp = page.get_textpage().get_text_bounded(left, bottom, right, top)
        seen.append(" ".join(stamp.split()))
        image = page.render(scale=1).to_pil().convert("L")
        box = image.crop((int(left) + 3, int(height - top) + 3, int(right) - 3, int(height - bottom) - 3))
        darkest, lightest = box.getextrema()
        assert darkest < 80 and lightest > 240  # black letters on the white box
    pdf.close()
    assert seen == ["EXHIBIT 1 TEST-000003", "EXHIBIT 2 TEST-000001", "EXHIBIT 3 SECRET-000001",
                    "EXHIBIT 4 TEST-000004"]
    with Archive.open(built.home, readonly=True) as archive:
        exported = [e.details["format"] for e in archive.audit_trail(target=f"exhibits:{list_id}", limit=3)]
    assert exported == ["pdf", "docx", "csv"]


def test_the_json_export_gives_the_csvs_rows_and_the_record_each_cites(made):
    """GIVEN alice's team list WHEN it is exported as JSON THEN each row holds the CSV's columns
    (the same values), its number, the record and pages it cites; carol, who may not read the
    restricted release, gets that row's number and nothing of it; the export is audited as the
    others, and never cached."""
    import json

    built, secret, list_id = made
    alice = _client(built, "alice@example.org")
    as_csv = list(csv.DictReader(io.StringIO(alice.get(f"/exhibits/{list_id}/export.csv").get_data(
        as_text=True).lstrip("\ufeff"))))
    response = alice.get(f"/exhibits/{list_id}/export.json")
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/json")
    assert response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(response.data)["data"]
    assert data["title"] == "Motion to compel" and data["url"] == f"https://foia.test/exhibits/{list_id}"
    assert [row["exhibit"] for row in data["rows"]] == [int(row["exhibit"]) for row in as_csv]
    for row, listed in zip(data["rows"], as_csv, strict=True):
        assert row["citation"] == listed["citation"] and row["permalink"] == listed["permalink"]
        assert (row["bates"] or "") == listed["bates"] and row["record"] and row["pages"]
    assert f"e:{secret}" in [row["record"] for row in data["rows"]]
    carol = json.loads(_client(built, "carol@example.org").get(f"/exhibits/{list_id}/export.json").data)["data"]
    hidden = [row for row in carol["rows"] if row["hidden"]]
    assert len(hidden) == 1 and hidden[0]["record"] is None and hidden[0]["pages"] == []
    assert secret not in json.dumps(carol) and "SECRET-" not in json.dumps(carol)
    assert [row["exhibit"] for row in carol["rows"]] == [row["exhibit"] for row in data["rows"]]
    with Archive.open(built.home, readonly=True) as archive:
        assert archive.audit_trail(target=f"exhibits:{list_id}", limit=1)[0].details["format"] == "json"
    assert _client(built, "bob@example.org").get(f"/exhibits/{list_id}/export.json").status_code == 404


def test_a_team_member_without_the_restricted_release_sees_the_rest_and_strangers_nothing(made):
    """GIVEN a team list whose third row (by date) is in a release carol may not read WHEN carol
    reads and exports it THEN every row has the number alice's list and exports give it (carol's
    Ex. 3 was alice's Ex. 4: two exhibit numbers for one document, with nothing saying a row was
    hidden), the hidden row a placeholder in the page, CSV, Word table and stamped PDF that names
    nothing of its record, and carol may move the rows she reads around it."""
    import docx
    import pypdfium2

    built, secret, list_id = made
    carol, alice = _client(built, "carol@example.org"), _client(built, "alice@example.org")
    order = _order(carol, list_id)
    assert len(order) == 3 and f"e:{secret}" not in order
    page = carol.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert page.count("data-hidden") == 1 and HIDDEN_CITATION in page and "4 exhibits" in page
    exports = {}
    for who, client in (("alice", alice), ("carol", carol)):
        text = client.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
        exports[who] = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        if who == "carol":
            assert "SECRET" not in text and "zanzibar" not in text.lower() and secret not in text
            assert "restricted" not in text.lower()
    numbered = {who: {r["permalink"]: r["exhibit"] for r in rows if r["permalink"]} for who, rows in exports.items()}
    assert numbered["carol"] == {link: n for link, n in numbered["alice"].items() if secret not in link}
    assert [r["exhibit"] for r in exports["carol"]] == ["1", "2", "3", "4"]
    (hidden,) = [r for r in exports["carol"] if not r["permalink"]]
    assert hidden == {**dict.fromkeys(hidden, ""), "exhibit": hidden["exhibit"], "citation": HIDDEN_CITATION}
    assert numbered["alice"][f"https://foia.test/e/{secret}"] == hidden["exhibit"]
    table = docx.Document(io.BytesIO(carol.get(f"/exhibits/{list_id}/export.docx").data)).tables[0]
    cells = [[cell.text for cell in row.cells] for row in table.rows][1:]
    assert [c[0] for c in cells] == ["Ex. 1", "Ex. 2", "Ex. 3", "Ex. 4"]
    assert cells[int(hidden["exhibit"]) - 1] == [f"Ex. {hidden['exhibit']}", HIDDEN_CITATION, "", ""]
    pdf = pypdfium2.PdfDocument(carol.get(f"/exhibits/{list_id}/export.pdf").data)
    assert len(pdf) == 4
    sheet = " ".join(pdf[int(hidden["exhibit"]) - 1].get_textpage().get_text_range().split())
    assert f"EXHIBIT {hidden['exhibit']} not shown" in sheet and "SECRET" not in sheet
    pdf.close()
    bob = _client(built, "bob@example.org")  # reads the secret release, but is not in the team
    for path in (f"/exhibits/{list_id}", f"/exhibits/{list_id}/export.csv", f"/exhibits/{list_id}/export.pdf"):
        assert bob.get(path).status_code == 404, path
    assert _change(bob, list_id, action="by-date").status_code == 404
    refused = bob.post("/exhibits/add", data={"csrf_token": csrf(bob, "/exhibits"), "list_id": list_id,
                                             "target": f"e:{built.first}"})
    assert refused.status_code == 404
    assert list_id not in bob.get("/exhibits").get_data(as_text=True)
    # carol may renumber the rows she sees; the one she may not read keeps its place
    assert _change(carol, list_id, action="move", target=order[0], number="3").status_code == 302
    alice = _client(built, "alice@example.org")
    assert _order(alice, list_id) == [order[1], order[2], f"e:{secret}", order[0]]


def test_a_date_the_splitter_was_not_sure_of_is_listed_as_uncertain_in_exports(made):
    """GIVEN an exhibit list citing an email whose date was printed "03/04/18" (March 4 or April 3)
    WHEN the list is exported as CSV and as a Word table, or a search finding it as CSV
    THEN its date is listed with the doubt its citation states, never as the bare guess
    "2018-03-04" a brief's exhibit table would repeat as fact."""
    import docx

    built, _, list_id = made
    alice = _client(built, "alice@example.org")
    listed = "2018-03-04 [date uncertain; read as \u201c03/04/18\u201d]"
    rows = list(csv.DictReader(io.StringIO(alice.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    (hostile,) = [r for r in rows if r["permalink"].endswith(built.hostile)]
    assert hostile["date"] == listed
    exact = [r for r in rows if r["permalink"].endswith(built.first)]
    assert [r["date"] for r in exact] == ["2018-11-13"]
    table = docx.Document(io.BytesIO(alice.get(f"/exhibits/{list_id}/export.docx").data)).tables[0]
    assert listed in [row.cells[3].text for row in table.rows]
    exported = alice.get("/search/export.csv?q=formula").get_data(as_text=True).lstrip("\ufeff")
    (found,) = [r for r in csv.DictReader(io.StringIO(exported)) if r["id"] == built.hostile]
    # a search's export keeps the date a program reads (ISO) and says the doubt beside it
    assert (found["date"][:10], found["date_note"]) == ("2018-03-04", listed[11:])


def test_work_product_typed_with_invisible_characters_is_kept_without_them(world):  # noqa: F811
    """GIVEN an exhibit list titled with a bidi override and a zero-width space (pasted) WHEN it is
    made THEN its title is kept without them: the title heads the Word table filed with a brief."""
    built, _, _ = world
    alice = _client(built, "alice@example.org")
    created = alice.post("/exhibits/new", data={"csrf_token": csrf(alice, "/exhibits"),
                                                "title": "Motion \u202eto compel\u200b"})
    assert created.status_code == 302
    list_id = created.headers["Location"].rsplit("/", 1)[1]
    with Archive.open(built.home) as archive:
        titles = {x.id: x.title for x in archive.work.exhibit_lists(archive.work.reader(archive.account("alice@example.org")))}
    assert titles[list_id] == "Motion to compel"


def test_a_row_a_split_changed_since_it_was_listed_says_so_everywhere_and_prints_the_pages_listed(harbor):  # noqa: F811
    """GIVEN a reader's list citing an email over pp. 1–2 (TEST-000001–2) and another email
    WHEN an editor splits the first at the top of page 2 (its id stays; it now covers p. 1)
    THEN the list page, the CSV (``changed_since_listed``), the Word table and the stamped PDF say
    what was listed, with the citation it was listed with, and what it cites now (they cited one
    page, unsaid, ``listed_as`` empty), the PDF copies the two pages listed after a notice stamped
    as the exhibit; the row left alone, and a row added before rows kept their listing, say nothing."""
    import docx
    import pypdfium2

    app, home, (first, reply, permit, _) = harbor
    editor = app.test_client()
    sign_in(editor, EDITOR)
    assert editor.post(f"/e/{reply.id}/merge", data={"csrf_token": csrf(editor, f"/e/{reply.id}")}).status_code == 302
    reader = app.test_client()
    sign_in(reader, READER)
    assert "a person merged the email there into this one: p. 2, line 1." in reader.get(f"/e/{first.id}").get_data(as_text=True)
    list_id = exhibit_list(reader, "Motion", f"e:{first.id}", f"e:{permit.id}")
    split = editor.post(f"/e/{first.id}/split", data={"csrf_token": csrf(editor, f"/e/{first.id}"), "at": "2:0"})
    assert split.status_code == 302
    notice = ("listed as TEST-000001\u20132, pp. 1\u20132, 2018-11-13; now TEST-000001, p. 1, 2018-11-13; "
              "listed with the citation \u201cEmail from Jane Roe to John Doe (Nov. 13, 2018, 3:45 PM), in Harbor "
              "survey records, at TEST-000001\u20132 (Port Authority)\u201d")

    page = reader.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert page.count("data-changed") == 1 and html.escape(notice, quote=False) in page
    assert "data-listed-as" not in page
    rows = list(csv.DictReader(io.StringIO(reader.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
    assert [(r["bates"], r["listed_as"], r["changed_since_listed"]) for r in rows] == [
        ("TEST-000001", "", notice), ("TEST-000003", "", "")]
    listed = reader.get(f"/exhibits/{list_id}/export.json").get_json()["data"]["rows"]
    assert listed[0]["pages"] == [1] and listed[0]["as_listed"]["pages"] == [1, 2]  # as the stamped PDF prints it
    assert listed[0]["as_listed"]["bates"] == "TEST-000001–2" and listed[1]["as_listed"] is None
    table = docx.Document(io.BytesIO(reader.get(f"/exhibits/{list_id}/export.docx").data)).tables[0]
    assert table.rows[1].cells[1].text == f"{rows[0]['citation']}\nChanged since listed: {notice}."
    assert table.rows[2].cells[1].text == rows[1]["citation"]

    pdf = pypdfium2.PdfDocument(reader.get(f"/exhibits/{list_id}/export.pdf").data)
    stamps, texts = [], []
    for index in range(len(pdf)):
        width, height = pdf[index].get_size()
        text = pdf[index].get_textpage()
        stamps.append(" ".join(text.get_text_bounded(*stamp_area(width, height)).split()))
        texts.append(" ".join(text.get_text_range().split()))
    pdf.close()
    assert stamps == ["EXHIBIT 1 changed since listed", "EXHIBIT 1 TEST-000001", "EXHIBIT 1 TEST-000002",
                      "EXHIBIT 2 TEST-000003"]
    assert notice in texts[0] and "bring the tide tables" in texts[2]
    # the sheet filed with the exhibit says it as the list page does ("This exhibit was its text changed: …")
    assert f"Changed since it was listed on {datetime.now(UTC).date().isoformat()}: {notice}." in texts[0]
    assert "This exhibit was" not in texts[0]

    with Archive.open(home) as archive:  # as a row added before the archive kept what rows cited
        archive.store.db.execute("update exhibits set listed_bates = null, listed_document = null, "
                                 "listed_pages = null, listed_date = null where list_id = ?", [list_id])
        archive.store.db.conn.commit()
    assert "data-changed" not in reader.get(f"/exhibits/{list_id}").get_data(as_text=True)
    pdf = pypdfium2.PdfDocument(reader.get(f"/exhibits/{list_id}/export.pdf").data)
    assert len(pdf) == 2  # the pages it cites today, no notice
    pdf.close()


def test_a_row_whose_citation_alone_a_correction_changed_says_so_everywhere(harbor):  # noqa: F811
    """GIVEN a reader's list citing an email, a quoted copy printed in another, and a third email
    WHEN an editor corrects the first's To: and re-dates the email quoting the copy (neither
    changes a row's Bates range, pages or date) THEN the list page, the CSV
    (``changed_since_listed``), the Word table and the stamped PDF's notice say the citation each
    row was listed with (they changed, unsaid, under the reader's eyes and in a brief's table);
    the third row says nothing, nor does a row added before rows kept their citation."""
    import docx
    import pypdfium2

    app, home, (first, _, permit, memo) = harbor
    with Archive.open(home, readonly=True) as archive:
        (quoted,) = [e for e in archive.emails_in_document(first.document_id) if e.quoted]
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Motion", f"e:{first.id}", f"e:{quoted.id}", f"e:{memo.id}")

    def exported() -> list[dict[str, str]]:
        text = reader.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
        return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))

    before = [r["citation"].removesuffix(", " + r["permalink"]) for r in exported()]
    assert "to John Doe" in before[0] and "quoted in Email from Mark Ellison to Jane Roe (Nov. 14, 2018" in before[1]
    editor = app.test_client()
    sign_in(editor, EDITOR)
    for email, form in ((first, {"to": "Ann Poe <ann.poe@agency.gov>"}),
                        (permit, {"date": "2018-11-15 09:05", "certainty": "exact"})):
        fixed = editor.post(f"/e/{email.id}/correct", data={"csrf_token": csrf(editor, f"/e/{email.id}"), **form})
        assert fixed.status_code == 302, fixed.get_data(as_text=True)[-2000:]
    notices = [f"listed with the citation \u201c{citation}\u201d" for citation in before[:2]]

    rows = exported()
    assert "to [Ann Poe]" in rows[0]["citation"] and "(Nov. 15, 2018" in rows[1]["citation"]
    assert [(r["bates"], r["date"]) for r in rows[:2]] == [("TEST-000001", "2018-11-13"), ("TEST-000003", "2018-11-13")]
    assert [r["changed_since_listed"] for r in rows] == [*notices, ""]
    page = reader.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert page.count("data-changed") == 2 and all(html.escape(n, quote=False) in page for n in notices)
    table = docx.Document(io.BytesIO(reader.get(f"/exhibits/{list_id}/export.docx").data)).tables[0]
    assert [row.cells[1].text for row in table.rows[1:]] == [
        f"{rows[0]['citation']}\nChanged since listed: {notices[0]}.",
        f"{rows[1]['citation']}\nChanged since listed: {notices[1]}.", rows[2]["citation"]]
    pdf = pypdfium2.PdfDocument(reader.get(f"/exhibits/{list_id}/export.pdf").data)
    stamps = []
    for index in range(len(pdf)):
        width, height = pdf[index].get_size()
        stamps.append(" ".join(pdf[index].get_textpage().get_text_bounded(*stamp_area(width, height)).split()))
    notice = " ".join(pdf[0].get_textpage().get_text_range().split())
    pdf.close()
    assert stamps == ["EXHIBIT 1 changed since listed", "EXHIBIT 1 TEST-000001", "EXHIBIT 2 changed since listed",
                      "EXHIBIT 2 TEST-000003", "EXHIBIT 3 TEST-000004"]
    assert "John Doe" in notice and "Ann Poe" in notice  # as listed, and as cited now

    with Archive.open(home) as archive:  # as rows added before the archive kept their citations
        archive.store.db.execute("update exhibits set listed_citation = null where list_id = ?", [list_id])
        archive.store.db.conn.commit()
    assert [r["changed_since_listed"] for r in exported()] == ["", "", ""]


def test_a_row_whose_email_a_split_inside_its_page_cut_short_says_so(harbor):  # noqa: F811
    """GIVEN a reader's list citing the one-page "Dredging permit" email (the Permit Office's
    message printed inside it) WHEN an editor splits that message off at 3:6 (no Bates range,
    page, date or citation changes, but the words a brief quotes leave the email) THEN the list
    page and the CSV say its text changed, with the lines listed and cited now (was: nothing,
    the exports byte for byte the same), and the email's page says where the split cut it, with
    a link to the email there; a row added before rows kept their lines says nothing."""
    from tests.harbor import SPLIT_LINE

    app, home, (_, _, permit, _) = harbor
    reader = app.test_client()
    sign_in(reader, READER)
    list_id = exhibit_list(reader, "Motion", f"e:{permit.id}")

    def changed() -> list[str]:
        text = reader.get(f"/exhibits/{list_id}/export.csv").get_data(as_text=True)
        return [r["changed_since_listed"] for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))]

    assert changed() == [""]
    editor = app.test_client()
    sign_in(editor, EDITOR)
    at = f"{SPLIT_LINE[0]}:{SPLIT_LINE[1]}"
    split = editor.post(f"/e/{permit.id}/split", data={"csrf_token": csrf(editor, f"/e/{permit.id}"), "at": at})
    assert split.status_code == 302
    (notice,) = changed()
    assert notice.startswith("its text changed: listed as p. 3, lines 1 to ") and "; now p. 3, lines 1 to 6 (" in notice
    assert html.escape(notice, quote=False) in reader.get(f"/exhibits/{list_id}").get_data(as_text=True)
    # the email's page, to every reader, says where a split cut it short and links the email there
    page = reader.get(f"/e/{permit.id}").get_data(as_text=True)
    assert f"a person split the lines from there into an email of their own: p. 3, line {SPLIT_LINE[1] + 1}" in page
    assert 'data-bound-email' in page and reader.get(f"/e/{permit.id}").status_code == 200
    with Archive.open(home) as archive:  # as a row added before the archive kept its lines
        archive.store.db.execute("update exhibits set listed_lines = null where list_id = ?", [list_id])
        archive.store.db.conn.commit()
    assert changed() == [""]

def test_a_private_list_is_shared_with_a_team_from_its_page(made):
    """GIVEN alice's private list WHEN she shares it from its page THEN carol, her teammate, opens it
    (404 before); carol, not its maker, is offered no share form, and a share she posts is refused."""
    built = made[0]
    alice, carol = _client(built, "alice@example.org"), _client(built, "carol@example.org")
    created = alice.post("/exhibits/new", data={"csrf_token": csrf(alice, "/exhibits"), "title": "Draft, mine"})
    list_id = created.headers["Location"].rsplit("/", 1)[1]
    added = alice.post("/exhibits/add", data={"csrf_token": csrf(alice, "/exhibits"), "target": f"e:{built.first}",
                                              "list_id": list_id})
    assert added.status_code == 302 and carol.get(f"/exhibits/{list_id}").status_code == 404
    assert "data-share" in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert _change(alice, list_id, action="share", team="matter-2").status_code == 302
    shared = carol.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert "Draft, mine" in shared and f'data-target="e:{built.first}"' in shared and "data-share" not in shared
    refused = _change(carol, list_id, action="share", team="matter-2")
    assert refused.status_code == 400 and "only its maker" in refused.get_data(as_text=True)


def test_a_list_is_renamed_then_deleted_after_a_confirmation_and_its_address_says_so(made):
    """GIVEN alice's team list WHEN carol, her teammate, renames it, and alice deletes it (a page
    asks first; the POST needs its CSRF token) THEN its page, its exports and its forms answer 410
    saying who deleted it and when, never another list; it is gone from the lists; bob, never on
    the team, gets 404, as before."""
    built = made[0]
    alice, carol, bob = (_client(built, f"{who}@example.org") for who in ("alice", "carol", "bob"))
    created = alice.post("/exhibits/new", data={"csrf_token": csrf(alice, "/exhibits"), "title": "Draft",
                                                "team": "matter-2"})
    list_id = created.headers["Location"].rsplit("/", 1)[1]
    alice.post("/exhibits/add", data={"csrf_token": csrf(alice, "/exhibits"), "target": f"e:{built.first}",
                                      "list_id": list_id})
    assert _change(carol, list_id, action="rename", title="Opposition <b>exhibits</b>").status_code == 302
    page = alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert "<h1>Opposition &lt;b&gt;exhibits&lt;/b&gt;</h1>" in page and "data-delete" in page
    asked = alice.get(f"/exhibits/{list_id}/delete")
    assert asked.status_code == 200 and "data-delete-list" in asked.get_data(as_text=True)
    assert alice.get(f"/exhibits/{list_id}").status_code == 200  # asking deletes nothing
    assert alice.post(f"/exhibits/{list_id}/delete").status_code == 400  # no CSRF token
    token = csrf(alice, f"/exhibits/{list_id}")
    deleted = alice.post(f"/exhibits/{list_id}/delete", data={"csrf_token": token})
    assert deleted.status_code == 302 and deleted.headers["Location"].endswith("/exhibits")
    for client in (alice, carol):
        for path in (f"/exhibits/{list_id}", f"/exhibits/{list_id}/export.csv", f"/exhibits/{list_id}/delete"):
            gone = client.get(path)
            assert gone.status_code == 410, path
            assert "was deleted by alice@example.org on 20" in html.unescape(gone.get_data(as_text=True)), path
            assert f"e:{built.first}" not in gone.get_data(as_text=True) and "withdrawn" not in gone.get_data(as_text=True)
        assert list_id not in client.get("/exhibits").get_data(as_text=True)
    assert _change(carol, list_id, action="rename", title="Back").status_code == 410
    added = carol.post("/exhibits/add", data={"csrf_token": csrf(carol, "/exhibits"), "target": f"e:{built.first}",
                                              "list_id": list_id})
    assert added.status_code == 410
    assert bob.get(f"/exhibits/{list_id}").status_code == 404
    assert "deleted" not in bob.get(f"/exhibits/{list_id}").get_data(as_text=True)


def test_numbering_by_date_is_undone_from_the_list_page_until_the_list_changes(made):
    """GIVEN alice's list numbered by hand WHEN she numbers it by date THEN the page offers to undo
    it, and undoing gives the rows their numbers back; WHEN a row is moved after numbering by date
    THEN the page says it cannot be undone now and why, and an undo sent anyway is a 400 saying so."""
    built = made[0]
    alice = _client(built, "alice@example.org")
    created = alice.post("/exhibits/new", data={"csrf_token": csrf(alice, "/exhibits"), "title": "Reply brief"})
    list_id = created.headers["Location"].rsplit("/", 1)[1]
    by_hand = [f"p:{built.doc_id}:4", f"e:{built.first}", f"e:{built.hostile}"]
    for target in by_hand:
        alice.post("/exhibits/add", data={"csrf_token": csrf(alice, "/exhibits"), "target": target, "list_id": list_id})
    assert "data-undo-by-date" not in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert _change(alice, list_id, action="by-date").status_code == 302
    assert _order(alice, list_id) == [f"e:{built.hostile}", f"e:{built.first}", f"p:{built.doc_id}:4"]
    assert "data-undo-by-date" in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert _change(alice, list_id, action="undo-by-date").status_code == 302
    assert _order(alice, list_id) == by_hand
    assert _change(alice, list_id, action="by-date").status_code == 302
    assert _change(alice, list_id, action="down", target=f"e:{built.hostile}").status_code == 302
    page = alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert "data-undo-by-date" not in page and "data-not-undoable" in page and "a row was moved" in page
    refused = _change(alice, list_id, action="undo-by-date")
    assert refused.status_code == 400 and "changed after it was numbered by date" in refused.get_data(as_text=True)
    assert _order(alice, list_id) == [f"e:{built.first}", f"e:{built.hostile}", f"p:{built.doc_id}:4"]


def test_numbers_changed_since_the_last_export_say_what_they_were_until_exported_again(made):
    """GIVEN a list exported as a Word table (its numbers cited in a draft brief, or shared) WHEN
    rows are removed THEN the list page says the numbers changed since that export: each row
    renumbered says "was Ex. N", the removed rows are named by their number alone (a teammate who
    may not read one learns nothing of it); exported again, the notice goes (was: the rows after a
    removed one renumbered silently). Each reader's notice is since their own last export in a form a
    brief cites, else the list's (was: anyone's later export, a JSON pull or a link from another site
    cleared everyone's)."""
    built, secret, _ = made
    alice = _client(built, "alice@example.org")
    created = alice.post("/exhibits/new", data={"csrf_token": csrf(alice, "/exhibits"), "title": "Reply brief",
                                                "team": "matter-2"})
    list_id = created.headers["Location"].rsplit("/", 1)[1]
    first, page, hostile, hidden = f"e:{built.first}", f"p:{built.doc_id}:4", f"e:{built.hostile}", f"e:{secret}"
    for target in (first, page, hostile, hidden):
        alice.post("/exhibits/add", data={"csrf_token": csrf(alice, "/exhibits"), "target": target, "list_id": list_id})
    assert "data-since-export" not in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert alice.get(f"/exhibits/{list_id}/export.docx").status_code == 200
    assert "data-since-export" not in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    for target in (hidden, first):
        assert _change(alice, list_id, action="remove", target=target).status_code == 302

    carol = _client(built, "carol@example.org")
    for client, whose in ((alice, "your Word table export of"), (carol, "the Word table export of")):
        shown = client.get(f"/exhibits/{list_id}").get_data(as_text=True)
        assert f"Numbers changed since {whose}" in shown
        assert "2 rows renumbered (each says its number then); removed: Ex. 1, Ex. 4." in shown
        assert f'data-target="{page}">\n    <td>Ex. 1 <span class="small muted" data-was>was Ex. 2</span>' in shown
        assert f'data-target="{hostile}">\n    <td>Ex. 2 <span class="small muted" data-was>was Ex. 3</span>' in shown
    assert "by alice@example.org:" in carol.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert secret not in carol.get(f"/exhibits/{list_id}").get_data(as_text=True)
    # a teammate's export is what the teammate's copy cites, not alice's: her notice stays; a JSON
    # pull (a script's) and an export a link on another site asked for clear nothing
    assert carol.get(f"/exhibits/{list_id}/export.docx").status_code == 200
    assert "data-since-export" not in carol.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert alice.get(f"/exhibits/{list_id}/export.json").status_code == 200
    assert alice.get(f"/exhibits/{list_id}/export.docx", headers={"Sec-Fetch-Site": "cross-site"}).status_code == 200
    assert "Numbers changed since your Word table export of" in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert alice.get(f"/exhibits/{list_id}/export.csv", headers={"Sec-Fetch-Site": "same-origin"}).status_code == 200
    assert "data-since-export" not in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)


def test_a_removed_row_is_put_back_at_its_number_with_what_it_cited_until_the_list_changes(made):
    """GIVEN a row removed from a list (one click, no confirmation) THEN the list page offers to
    undo it: the row comes back at its number, as it was listed (when, by whom, what it cited),
    audited; once the list changed since, the offer is gone and an undo sent is refused (was: no
    way back but adding it again, last, the citation it was filed with lost)."""
    built, _, _ = made
    alice = _client(built, "alice@example.org")
    created = alice.post("/exhibits/new", data={"csrf_token": csrf(alice, "/exhibits"), "title": "Opposition"})
    list_id = created.headers["Location"].rsplit("/", 1)[1]
    first, page, hostile = f"e:{built.first}", f"p:{built.doc_id}:4", f"e:{built.hostile}"
    for target in (first, page, hostile):
        alice.post("/exhibits/add", data={"csrf_token": csrf(alice, "/exhibits"), "target": target, "list_id": list_id})
    with Archive.open(built.home, readonly=True) as archive:
        listed = {r["target"]: r for r in archive.work.tables.exhibit_rows(list_id)}
    assert "data-undo-remove" not in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert _change(alice, list_id, action="remove", target=page).status_code == 302
    assert "Undo removing Ex. 2<" in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert _change(alice, list_id, action="undo-remove").status_code == 302
    assert _order(alice, list_id) == [first, page, hostile]
    with Archive.open(built.home, readonly=True) as archive:
        back = {r["target"]: r for r in archive.work.tables.exhibit_rows(list_id)}[page]
        actions = [e.action for e in archive.audit_trail(target=f"exhibits:{list_id}", limit=5)]
    assert {k: v for k, v in back.items() if k != "position"} == {k: v for k, v in listed[page].items() if k != "position"}
    assert actions[:2] == ["exhibit.remove-undo", "exhibit.remove"]
    assert "data-undo-remove" not in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    assert _change(alice, list_id, action="remove", target=first).status_code == 302
    assert _change(alice, list_id, action="move", target=hostile, number="1").status_code == 302
    assert "data-undo-remove" not in alice.get(f"/exhibits/{list_id}").get_data(as_text=True)
    refused = _change(alice, list_id, action="undo-remove")
    assert refused.status_code == 400 and "nothing was changed" in refused.get_data(as_text=True)
    assert _order(alice, list_id) == [hostile, page]

