"""A restricted release is read by the people and groups named and by admins; to anyone
else it does not exist, on every surface: pages, search totals and facets, exports, the
API, Bates numbers, permalinks (damaged and retired ones too), page images and PDFs.

The archive: the hand-made test release (open) and "secret-matter" (restricted to
alice and the group "matter-1", of which bob is a member), whose one email says
"zanzibar" and is stamped SECRET-000001. Carol is a reader named nowhere.
"""

from __future__ import annotations

import json

import pytest

from archive import Archive, Release, ids
from archive.batches import Received
from archive.files import sha256_file
from archive.model import DocumentRecord, PageRecord
from web import create_app

from .conftest import build_archive, email_record, make_pdf, party
from .test_accounts import make_account, sign_in

SECRET = Release(slug="secret-matter", title="Secret matter", agency="Drug Enforcement Administration")
SECRET_TEXT = "From: Jane Roe <jane@dea.gov>\nSubject: Facial recognition zanzibar\n\nThe zanzibar pilot."
PEOPLE = {"alice@example.org": "reader", "bob@example.org": "reader", "carol@example.org": "reader",
          "root@example.org": "admin"}


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = tmp_path_factory.mktemp("restricted")
    built = build_archive(root)
    pdf = make_pdf(root / "secret.pdf", [SECRET_TEXT])
    sha = sha256_file(pdf)
    record = DocumentRecord(
        sha256=sha, filename="secret.pdf", size=pdf.stat().st_size, fingerprint="secret",
        pages=(PageRecord(number=1, text=SECRET_TEXT, source="text-layer", ocr_confidence=None,
                          bates="SECRET-000001", exemptions=("(b)(5)",), kind="email", fingerprint="secret-1"),),
        emails=(email_record(1, 1, subject="Facial recognition zanzibar", body="The zanzibar pilot.",
                             sent="2019-02-01T10:00:00", exemptions=("(b)(5)",),
                             bates_start="SECRET-000001", bates_end="SECRET-000001"),))
    with Archive.open(built.home) as archive:
        archive.save_release(SECRET)
        document = archive.add_document(SECRET.slug, record, pdf)
        for email, role in PEOPLE.items():
            archive.add_account(email, role, actor="cli:test")
        archive.set_membership("matter-1", "bob@example.org", True, actor="cli:test")
        archive.restrict_release(SECRET.slug, people=["alice@example.org"], groups=["matter-1"], actor="cli:test")
    for email in PEOPLE:
        make_account(built.home, email, PEOPLE[email])
    return built, document.id, ids.email_id(sha, 1, 0)


def _client(world, *, private: bool = False, who: str | None = None):
    built = world[0]
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test",
                      "PRIVATE": private})
    client = app.test_client()
    if who:
        assert sign_in(client, who).status_code == 302
    return client


def _surfaces(doc: str, email: str) -> list[str]:
    return [f"/r/{SECRET.slug}", f"/api/releases/{SECRET.slug}", f"/r/{SECRET.slug}/production",
            f"/api/releases/{SECRET.slug}/production", f"/r/{SECRET.slug}/redactions",
            f"/r/{SECRET.slug}/redactions.csv", f"/api/releases/{SECRET.slug}/redactions", f"/r/{SECRET.slug}/exemptions",
            f"/api/releases/{SECRET.slug}/exemptions", f"/r/{SECRET.slug}/changes",
            f"/r/test-release/changes?since={SECRET.slug}", f"/api/releases/test-release/changes?since={SECRET.slug}",
            f"/r/test-release/changes.csv?since={SECRET.slug}", f"/e/{email}", f"/api/emails/{email}",
            f"/d/{doc}", f"/d/{doc}.pdf", f"/d/{doc}/p/1", f"/d/{doc}/p/1.png", f"/api/documents/{doc}",
            f"/api/documents/{doc}/pages/1", "/bates/SECRET-000001", "/api/bates/SECRET-000001",
            "/bates/secret-000001", f"/e/{email.upper()}).", f"/api/emails/{email}/", f"/R/{SECRET.slug.upper()}"]


STRANGERS = [(False, None), (False, "carol@example.org"), (True, "carol@example.org")]
READERS = [(False, "alice@example.org"), (True, "bob@example.org"), (False, "root@example.org")]


@pytest.mark.parametrize(("private", "who"), STRANGERS)
def test_every_url_of_a_restricted_release_is_404_to_a_stranger(world, private, who):
    """GIVEN a reader not named (signed out, or signed in, public or private archive) WHEN any URL
    of the restricted release is asked for, damaged permalinks too THEN 404, with the detail a
    made-up id gets (never 403, never a redirect that confirms the record)."""
    _built, doc, email = world
    client = _client(world, private=private, who=who)
    for path in _surfaces(doc, email):
        with client.get(path) as response:
            assert response.status_code == 404, (path, response.status_code)
            body = response.get_data(as_text=True)
        assert "zanzibar" not in body and "Secret matter" not in body, path
    made_up = client.get("/api/emails/" + "a" * 10).get_json()["error"]["detail"]
    assert client.get(f"/api/emails/{email}").get_json()["error"]["detail"] == made_up.replace("a" * 10, email)


@pytest.mark.parametrize(("private", "who"), READERS)
def test_the_people_named_their_group_and_admins_read_it(world, private, who):
    _built, doc, email = world
    client = _client(world, private=private, who=who)
    for path in _surfaces(doc, email)[:12]:
        with client.get(path) as response:
            assert response.status_code in (200, 302), path
    assert b"zanzibar" in client.get(f"/e/{email}").data
    assert client.get("/api/search?q=zanzibar").get_json()["meta"]["total"] == 1


def _search(client, **args):
    return client.get("/api/search", query_string=args).get_json()


@pytest.mark.parametrize(("private", "who"), STRANGERS)
def test_search_totals_facets_and_words_leave_it_out(world, private, who):
    """GIVEN a query matching emails of both releases THEN a stranger's total and every facet count
    are those of the open release alone, and a wildcard does not spell out the hidden words."""
    stranger = _client(world, private=private, who=who)
    admin = _client(world, who="root@example.org")
    seen, everything = _search(stranger, q="facial"), _search(admin, q="facial")
    assert everything["meta"]["total"] == seen["meta"]["total"] + 1
    assert SECRET.slug not in json.dumps(seen) and "zanzibar" not in json.dumps(seen)
    assert {v["value"] for v in everything["data"]["facets"]["release"]} == {"test-release", SECRET.slug}
    assert {v["value"] for v in seen["data"]["facets"]["release"]} == {"test-release"}
    months = {v["value"]: v["count"] for v in seen["data"]["facets"]["month"]}
    assert "2019-02" not in months and months == {
        v["value"]: v["count"] for v in everything["data"]["facets"]["month"] if v["value"] != "2019-02"}
    assert {v["value"] for v in seen["data"]["facets"]["exemption"]} & {"(b)(5)"} == set()
    assert _search(stranger, q="zanzibar")["meta"]["total"] == 0
    assert "zanzibar" not in _search(stranger, q="zanzi*")["data"]["terms"]
    assert "zanzibar" in _search(admin, q="zanzi*")["data"]["terms"]
    named = _search(stranger, q="release:secret-matter")["meta"]
    unknown = _search(stranger, q="release:no-such-release")["meta"]
    assert named["total"] == unknown["total"] == 0
    assert named["messages"] == [m.replace("no-such-release", SECRET.slug) for m in unknown["messages"]]
    assert _search(stranger, q="bates:SECRET-000001")["meta"]["total"] == 0
    assert _search(stranger, q="facial", release=SECRET.slug)["meta"]["total"] == 0
    assert b"zanzibar" not in stranger.get("/search?q=facial").data


@pytest.mark.parametrize(("private", "who"), STRANGERS)
def test_exports_listings_and_counts_leave_it_out(world, private, who):
    stranger = _client(world, private=private, who=who)
    for path in ("/search/export.csv?q=facial", "/search/export.json?q=facial", "/", "/api/releases",
                 "/search?q=facial"):
        body = stranger.get(path).get_data(as_text=True)
        assert "zanzibar" not in body and SECRET.slug not in body and "Secret matter" not in body, path
    allowed = _client(world, who="alice@example.org")
    assert "zanzibar" in allowed.get("/search/export.csv?q=facial").get_data(as_text=True)
    assert SECRET.slug in allowed.get("/api/releases").get_data(as_text=True)


def test_a_withdrawn_restricted_release_is_404_not_410_to_a_stranger(world, tmp_path):
    """410 says "this existed"; to a stranger a restricted release never did."""
    built, doc, email = world
    with Archive.open(built.home) as archive:
        archive.withdraw_release(SECRET.slug, "sealed", actor="cli:test")
    try:
        assert _client(world).get(f"/e/{email}").status_code == 404
        assert _client(world, who="alice@example.org").get(f"/e/{email}").status_code == 410
    finally:
        with Archive.open(built.home) as archive:
            archive.restore_release(SECRET.slug, actor="cli:test")


def test_the_admin_form_restricts_and_opens_a_release_and_is_audited(world):
    built, _doc, email = world
    admin = _client(world, who="root@example.org")
    page = admin.get("/admin/access").get_data(as_text=True)
    assert "alice@example.org" in page and 'action="/admin/access/secret-matter"' in page
    token = admin.get("/admin/access").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    opened = admin.post(f"/admin/access/{SECRET.slug}", data={"csrf_token": token, "people": "", "groups": ""})
    assert opened.status_code == 302
    try:
        assert _client(world).get(f"/e/{email}").status_code == 200
    finally:
        again = admin.post(f"/admin/access/{SECRET.slug}", data={
            "csrf_token": token, "people": "alice@example.org", "groups": "matter-1"})
        assert again.status_code == 302
    assert _client(world).get(f"/e/{email}").status_code == 404
    bad = admin.post(f"/admin/access/{SECRET.slug}", data={"csrf_token": token, "people": "nobody@example.org"})
    assert bad.status_code == 400 and "no account" in bad.get_data(as_text=True)
    with Archive.open(built.home, readonly=True) as archive:
        entries = archive.audit_trail(target=SECRET.slug, limit=5)
    assert [e.action for e in entries[:2]] == ["release.restrict", "release.open"]
    assert entries[0].actor == "root@example.org"
    assert entries[0].details == {"before": None,
                                  "after": {"people": ["alice@example.org"], "groups": ["matter-1"]}}


@pytest.mark.parametrize("who", [None, "carol@example.org", "alice@example.org"])
def test_only_an_admin_may_change_who_reads(world, who):
    client = _client(world, who=who)
    token = client.get("/signin").get_data(as_text=True).split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post(f"/admin/access/{SECRET.slug}", data={"csrf_token": token, "people": ""})
    assert response.status_code == (302 if who is None else 403)
    if who is None:
        assert response.headers["Location"].startswith("/signin")
    assert client.get("/admin/access").status_code == (302 if who is None else 403)
    assert _client(world).get(f"/r/{SECRET.slug}").status_code == 404  # still restricted


def test_a_batch_uploaded_into_it_is_a_made_up_id_to_an_editor_not_named(world):
    """An editor who may not read the release asks for a batch uploaded into it (its id seen in a
    link or a log): 404 as for an id no batch has, the release's name in neither (was "no release
    'secret-matter'", which told the batch was there and what the release is called)."""
    batch_id = "5ec7e7ba7c40a001"
    with Archive.open(world[0].home) as archive:
        archive.add_account("dora@example.org", "editor", actor="cli:test")
        archive.create_batch(batch_id, SECRET.slug, [Received("a.pdf", stored_name="a.pdf", size=1)], actor="cli:test")
    make_account(world[0].home, "dora@example.org", "editor")
    client = _client(world, who="dora@example.org")
    for path in (f"/batches/{batch_id}", f"/batches/{batch_id}.json"):
        answer = client.get(path)
        made_up = client.get(path.replace(batch_id, "0123456789abcdef"))
        assert answer.status_code == made_up.status_code == 404
        assert SECRET.slug not in answer.get_data(as_text=True)
        assert answer.get_data(as_text=True).replace(batch_id, "X") == made_up.get_data(as_text=True).replace(
            "0123456789abcdef", "X")
    root = _client(world, who="root@example.org")
    assert root.get(f"/batches/{batch_id}.json").status_code == 200


def _restricted_to_an_admin(built) -> tuple:
    """The secret release restricted to one admin: (a stranger's client, the admin's, signed in)."""
    with Archive.open(built.home) as archive:
        archive.add_account("root@example.org", "admin", actor="cli:test")
        archive.restrict_release(SECRET.slug, people=["root@example.org"], groups=[], actor="cli:test")
    make_account(built.home, "root@example.org", "admin")
    app = create_app({"TESTING": True, "ARCHIVE_HOME": str(built.home), "PUBLIC_URL": "https://foia.test"})
    stranger, admin = app.test_client(), app.test_client()
    assert sign_in(admin, "root@example.org").status_code == 302
    return stranger, admin


def _one_email_document(root, name: str, text: str, **fields) -> tuple:
    """(a one-page PDF printing ``text``, its record: one email with ``fields``)."""
    text = f"{text}\n{name}"  # (a file of its own: the same bytes would be one document)
    pdf = make_pdf(root / f"{name}.pdf", [text])
    return pdf, DocumentRecord(
        sha256=sha256_file(pdf), filename=f"{name}.pdf", size=pdf.stat().st_size, fingerprint=name,
        pages=(PageRecord(number=1, text=text, source="text-layer", ocr_confidence=None, bates=None,
                          exemptions=(), kind="email", fingerprint=f"{name}-1"),),
        emails=(email_record(1, 1, body=text, **fields),))


def test_a_facet_is_never_labelled_as_a_hidden_release_prints_its_value(tmp_path):
    """GIVEN an address the restricted release prints beside a name ("Informant, Confidential
    <zq.source@agency.example>") and the open release prints alone WHEN a stranger searches,
    or filters by the address, or by one only the hidden release prints THEN no facet label
    shows the hidden name (the index labelled a value as any document printed it: anyone could
    read the names a restricted release prints beside an address); a reader of both sees it."""
    built = build_archive(tmp_path)
    secret = _one_email_document(tmp_path, "informant", "From: Informant, Confidential <zq.source@agency.example>",
                                 subject="harbor camera", sender=party("Informant, Confidential", "zq.source@agency.example"),
                                 to=(party("Kent, Mary", "kent.only.hidden@agency.example"),))
    seen = _one_email_document(tmp_path, "open", "From: zq.source@agency.example", subject="harbor camera again",
                               sender=party("", "zq.source@agency.example"))
    with Archive.open(built.home) as archive:
        archive.save_release(SECRET)
        archive.add_document(SECRET.slug, secret[1], secret[0])  # indexed first: its label was the one kept
        archive.add_document("test-release", seen[1], seen[0])
    stranger, admin = _restricted_to_an_admin(built)
    for query in ({"q": "harbor"}, {"sender": "zq.source@agency.example"}, {"q": "harbor", "recipient": "kent.only.hidden@agency.example"}):
        seen = stranger.get("/api/search", query_string=query).get_json()
        assert "Informant" not in json.dumps(seen) and "Kent" not in json.dumps(seen), query
        assert "Informant" not in stranger.get("/search", query_string=query).get_data(as_text=True)
    (sender,) = stranger.get("/api/search", query_string={"q": "harbor"}).get_json()["data"]["facets"]["sender"]
    assert (sender["value"], sender["count"]) == ("zq.source@agency.example", 1)
    both = admin.get("/api/search", query_string={"q": "harbor"}).get_json()["data"]["facets"]["sender"]
    assert [v["label"] for v in both] == ["Informant, Confidential <zq.source@agency.example>"]


def test_a_name_no_shown_hit_prints_is_written_as_a_name_from_its_value_for_a_stranger(tmp_path):
    """GIVEN two open emails from people printed by name alone, and a restricted release printing
    "MORALES, LUIS" WHEN a stranger's page shows one of them THEN the other's facet label is its
    value written as a name ("Moss, Carl"; it was the folded value, "moss  carl", on every search
    once any release was restricted); a filter by a name only the restricted release prints is
    labelled as one no release prints is, from the value alone (the index's label, "MORALES,
    LUIS", said a restricted release prints it)."""
    built = build_archive(tmp_path)
    for name, sender in (("moss", "Moss, Carl"), ("lee", "Lee, Ann")):
        pdf, record = _one_email_document(tmp_path, name, f"From: {sender}\nSubject: harbor crane", subject="harbor crane",
                                          sender=party(sender, ""))
        with Archive.open(built.home) as archive:
            archive.add_document("test-release", record, pdf)
    pdf, record = _one_email_document(tmp_path, "morales", "From: MORALES, LUIS\nSubject: harbor crane",
                                      subject="harbor crane", sender=party("MORALES, LUIS", ""))
    with Archive.open(built.home) as archive:
        archive.save_release(SECRET)
        archive.add_document(SECRET.slug, record, pdf)
    stranger, _ = _restricted_to_an_admin(built)
    found = stranger.get("/api/search", query_string={"q": "crane", "size": 1}).get_json()["data"]
    assert len(found["hits"]) == 1
    labels = {v["value"]: v["label"] for v in found["facets"]["sender"]}
    assert labels == {"moss  carl": "Moss, Carl", "lee  ann": "Lee, Ann"}
    for guessed, written in (("morales  luis", "Morales, Luis"), ("nobody  here", "Nobody, Here")):
        chosen = stranger.get("/api/search", query_string={"sender": guessed}).get_json()["data"]["facets"]["sender"]
        assert [(v["value"], v["label"], v["count"]) for v in chosen] == [(guessed, written, 0)]


def test_copies_whose_first_printing_is_hidden_fold_into_the_first_a_stranger_sees(tmp_path):
    """GIVEN a message printed first in the restricted release, then twice in the open one WHEN a
    stranger searches for it THEN the two open copies fold into one hit, as any message printed
    twice does (they stayed apart, folding into a printing the stranger cannot see: which told
    anyone that a restricted release printed the message first); a reader of both sees one hit
    folding the other two."""
    built = build_archive(tmp_path)
    text = "The quokka cameras arrive on Tuesday at the harbor gate."
    with Archive.open(built.home) as archive:
        archive.save_release(SECRET)
        first = archive.add_document(SECRET.slug, *reversed(_one_email_document(tmp_path, "first", text, subject="Quokka")))
        copies = [archive.add_document("test-release", *reversed(_one_email_document(tmp_path, name, text,
                                                                                     subject="Quokka")))
                  for name in ("copy-a", "copy-b")]
        ids_ = [archive.emails_in_document(d.id)[0].id for d in (first, *copies)]
        archive.save_copy_groups([(email_id, ids_[0], "test") for email_id in ids_], ids_)
    stranger, admin = _restricted_to_an_admin(built)
    seen = _search(stranger, q="quokka")
    assert (seen["meta"]["total"], [h["copies_folded"] for h in seen["data"]["hits"]]) == (1, [1])
    assert seen["data"]["hits"][0]["email"]["id"] == ids_[1]
    everything = _search(admin, q="quokka")
    assert (everything["meta"]["total"], [h["copies_folded"] for h in everything["data"]["hits"]]) == (1, [2])
