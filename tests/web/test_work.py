"""Notes and tags on the site (web/work.py): forms with CSRF, who sees what on the email page, the
notes page and search, bulk tagging a search, and nothing of another team's or of a restricted
release shown. The archive: the hand-made test release plus "secret-matter" restricted to alice
(tests/web/test_restricted.py's world); alice and bob are the team "matter-1", carol a reader in
no team, ed an editor."""

from __future__ import annotations

import re

import pytest

from archive import Archive

from .test_accounts import csrf, make_account
from .test_restricted import world  # noqa: F401 - the fixture
from .test_upload import _client as upload_client

HOSTILE = "<script>alert(1)</script> see counsel"


@pytest.fixture(scope="module")
def people(world):  # noqa: F811
    built = world[0]
    make_account(built.home, "ed@example.org", "editor")
    with Archive.open(built.home) as archive:
        archive.set_membership("matter-1", "alice@example.org", True, actor="cli:test")
    return world


def _client(built, who=None, private=False):
    return upload_client(built.home, who=who, PRIVATE=private)


def _post(client, path, page, **data):
    return client.post(path, data={"csrf_token": csrf(client, page), **data})


def test_notes_on_a_passage_a_team_and_the_public(people):
    built, _doc, secret = people
    page = f"/e/{built.first}"
    alice = _client(built, "alice@example.org")
    made = _post(alice, "/notes/new", page, target=f"e:{built.first}", text=HOSTILE,
                 quote="facial recognition pilot", visibility="team:matter-1")
    assert made.status_code == 302 and re.search(r"/e/\w+#note-[0-9a-f]+$", made.headers["Location"])
    assert _post(alice, "/notes/new", page, target=f"e:{built.first}", text="otter only mine").status_code == 302
    shown = alice.get(page).get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; see counsel" in shown and HOSTILE not in shown
    assert "facial recognition pilot</blockquote>" in shown and 'data-found="yes"' in shown and "otter only mine" in shown
    bob = _client(built, "bob@example.org").get(page).get_data(as_text=True)
    assert "see counsel" in bob and "otter only mine" not in bob
    carol = _client(built, "carol@example.org").get(page).get_data(as_text=True)
    assert "see counsel" not in carol and "otter" not in carol
    assert "see counsel" not in _client(built).get(page).get_data(as_text=True)
    # an editor's public annotation is shown to everyone; a reader may not publish one
    ed = _client(built, "ed@example.org")
    assert _post(ed, "/notes/new", page, target=f"e:{built.first}", text="beaver public",
                 visibility="public").status_code == 302
    assert "beaver public" in _client(built).get(page).get_data(as_text=True)
    refused = _post(alice, "/notes/new", page, target=f"e:{built.first}", text="x", visibility="public")
    assert refused.status_code == 400 and "only an editor" in refused.get_data(as_text=True)
    private = _client(built, "ed@example.org", private=True)
    assert _post(private, "/notes/new", page, target=f"e:{built.first}", text="x",
                 visibility="public").status_code == 400
    # searchable by those who may see them
    assert built.first in _client(built, "bob@example.org").get("/search?q=note:counsel").get_data(as_text=True)
    assert built.first not in _client(built, "carol@example.org").get("/search?q=note:counsel").get_data(as_text=True)
    # a passage not in the email's text (pasted from the page image, which OCR read otherwise)
    # keeps the note, on the whole email, the passage quoted in it: it was refused, the note lost
    kept = _post(alice, "/notes/new", page, target=f"e:{built.first}", text="ask about b/f", quote="b/f todays mtg")
    assert kept.status_code == 302 and re.search(r"/e/\w+#note-[0-9a-f]+$", kept.headers["Location"])
    shown = alice.get(page).get_data(as_text=True)
    assert ("[On the passage \u201cb/f todays mtg\u201d, not found in the email&#39;s text as read] ask about b/f"
            in shown)
    assert _post(alice, "/notes/new", page, target=f"e:{built.first}", text=" ", quote="b/f").status_code == 400


def test_a_public_annotation_names_its_author_to_editors_only(people):
    """GIVEN an editor's public annotation on an email
    WHEN someone not signed in, a reader (the email's page and their notes page) and an editor read it
    THEN the editor's address is shown to editors only, everyone else reads "Archive editor"
    (as the API keeps editors' addresses from those who are not editors)"""
    built = people[0]
    page = f"/e/{built.first}"
    ed = _client(built, "ed@example.org")
    assert _post(ed, "/notes/new", page, target=f"e:{built.first}", text="pelican public",
                 visibility="public").status_code == 302
    carol = _client(built, "carol@example.org")
    for shown in (_client(built).get(page), carol.get(page), carol.get("/notes")):
        text = shown.get_data(as_text=True)
        assert "pelican public" in text and "Archive editor" in text and "ed@example.org" not in text
    assert "ed@example.org" in ed.get(page).get_data(as_text=True)


def test_only_the_author_edits_or_deletes_a_note_and_each_is_audited(people):
    built = people[0]
    page = f"/e/{built.reply}"
    alice = _client(built, "alice@example.org")
    made = _post(alice, "/notes/new", page, target=f"e:{built.reply}", text="heron", visibility="team:matter-1")
    note_id = made.headers["Location"].rsplit("note-", 1)[1]
    bob = _client(built, "bob@example.org")
    assert _post(bob, f"/notes/{note_id}/edit", page, text="changed by bob").status_code == 400
    assert _post(bob, f"/notes/{note_id}/delete", page).status_code == 400
    assert _post(_client(built, "carol@example.org"), f"/notes/{note_id}/delete", page).status_code == 404
    assert _post(alice, f"/notes/{note_id}/edit", page, text="heron, revised").status_code == 302
    assert "heron, revised" in bob.get(page).get_data(as_text=True)
    assert _post(alice, f"/notes/{note_id}/delete", page).status_code == 302
    assert "heron" not in bob.get(page).get_data(as_text=True)
    with Archive.open(built.home, readonly=True) as archive:
        actions = [e.action for e in archive.audit_trail(target=f"e:{built.reply}", limit=3)]
    assert actions == ["note.delete", "note.edit", "note.add"]


def test_an_editor_demoted_to_reader_no_longer_changes_their_public_annotations(people):
    """GIVEN an editor's public annotation ("Public · Archive editor" to every reader) and a
    private note of theirs WHEN an admin makes them a reader THEN their public annotation can
    be neither edited nor deleted (400 saying why, nothing changed or audited) and their page
    offers neither, as publishing one needs the editor role (a demoted reader went on editing
    what readers take for the archive's word); their private note stays theirs to edit; made
    an editor again, they may edit it."""
    built = people[0]
    page = f"/e/{built.reply}"
    make_account(built.home, "fern@example.org", "editor")
    fern = _client(built, "fern@example.org")
    public = _post(fern, "/notes/new", page, target=f"e:{built.reply}", text="grebe public", visibility="public")
    private = _post(fern, "/notes/new", page, target=f"e:{built.reply}", text="grebe mine")
    public_id, private_id = (made.headers["Location"].rsplit("note-", 1)[1] for made in (public, private))
    with Archive.open(built.home) as archive:
        archive.set_role("fern@example.org", "reader", actor="cli:test")
        before = len(archive.audit_trail(target=f"e:{built.reply}", limit=100))
    for path, data in ((f"/notes/{public_id}/edit", {"text": "grebe rewritten"}), (f"/notes/{public_id}/delete", {})):
        refused = _post(fern, path, page, **data)
        assert refused.status_code == 400 and "only an editor" in refused.get_data(as_text=True), path
    shown = fern.get(page).get_data(as_text=True)
    assert "grebe public" in shown and "grebe rewritten" not in shown
    assert f'action="/notes/{public_id}/edit"' not in shown and f'action="/notes/{public_id}/delete"' not in shown
    assert f'action="/notes/{private_id}/edit"' in shown
    assert _post(fern, f"/notes/{private_id}/edit", page, text="grebe still mine").status_code == 302
    with Archive.open(built.home) as archive:
        assert [e.action for e in archive.audit_trail(target=f"e:{built.reply}", limit=100)][:-before] == ["note.edit"]
        archive.set_role("fern@example.org", "editor", actor="cli:test")
    assert _post(fern, f"/notes/{public_id}/edit", page, text="grebe revised").status_code == 302
    assert "grebe revised" in _client(built).get(page).get_data(as_text=True)


def test_bulk_tagging_a_search_the_facet_and_the_filter(people):
    built, _doc, secret = people
    alice = _client(built, "alice@example.org")
    before = alice.get("/search?q=facial").get_data(as_text=True)
    total = int(re.search(r"([\d,]+) results?", before).group(1))
    tagged = _post(alice, "/search/tag?q=facial", "/search?q=facial", tag="Hot docs", team="matter-1")
    assert tagged.status_code == 302 and f"tagged={total}" in tagged.headers["Location"]
    assert f"e:{secret}" in {f"e:{k}" for k in re.findall(r"/e/(\w+)", before)}  # alice reads the secret one
    page = alice.get("/search?q=facial").get_data(as_text=True)
    assert "hot docs" in page and "tag=matter-1/hot+docs" in page  # the facet, as a filter link
    filtered = alice.get("/search?q=&tag=matter-1/hot+docs").get_data(as_text=True)
    assert f"{total} result" in filtered
    # bob, in the team but not let into the secret release, sees the tag on the rest only
    bob = _client(built, "bob@example.org")
    assert secret not in bob.get("/search?q=tag:hot+docs").get_data(as_text=True)
    assert secret not in bob.get("/notes").get_data(as_text=True)
    carol = _client(built, "carol@example.org").get("/search?q=tag:hot+docs").get_data(as_text=True)
    assert "0 results" in carol and built.first not in carol
    with Archive.open(built.home, readonly=True) as archive:
        entry = next(e for e in archive.audit_trail(limit=20) if e.action == "tag.apply")
    assert entry.details["records"] == total and "q=facial" in entry.details["search"]


def test_a_record_of_a_restricted_release_cannot_be_noted_or_tagged_by_a_stranger(people):
    built, _doc, secret = people
    carol = _client(built, "carol@example.org")
    assert _post(carol, "/notes/new", "/", target=f"e:{secret}", text="x").status_code == 404
    assert _post(carol, "/tags/add", "/", target=f"e:{secret}", tag="x").status_code == 404
    assert _post(carol, "/tags/add", "/", target="e:../../etc", tag="x").status_code == 404


def test_the_notes_page_names_the_email_or_page_each_note_is_on(people):
    """GIVEN notes on two emails and a page WHEN their author reads /notes THEN each names its record
    (the email's subject, who wrote to whom, its date and Bates; the page's number and Bates), not
    only "email" or "page": a list of two hundred notes each linked "email" told nothing."""
    built = people[0]
    make_account(built.home, "okafor@example.org", "reader")
    dana = _client(built, "okafor@example.org")
    for target, text in ((f"e:{built.reply}", "kestrel reply"), (f"e:{built.first}", "kestrel first"),
                         (f"p:{built.doc_id}:4", "kestrel cover")):
        assert _post(dana, "/notes/new", "/", target=target, text=text).status_code == 302
    shown = re.sub(r"\s+", " ", dana.get("/notes").get_data(as_text=True))
    items = {m.group(0): item for item in shown.split('<li class="note ')[1:] if (m := re.search(r"kestrel \w+", item))}
    assert "RE: Facial recognition pilot" in items["kestrel reply"]
    assert "Email from John Doe to Jane Roe" in items["kestrel reply"] and "Nov. 14, 2018" in items["kestrel reply"]
    assert "TEST-000002" in items["kestrel reply"] and "Nov. 13, 2018" in items["kestrel first"]
    assert "Page 4" in items["kestrel cover"] and "TEST-000004" in items["kestrel cover"]


def test_a_search_result_shows_the_readers_own_notes_and_tags_on_it(people):
    """GIVEN a note and a tag on an email WHEN its author searches note:word THEN the result shows
    the note's text and the tag (it showed the email's text only: which note matched, and what it
    said, took opening every result); a reader who may not see the note is shown none of it."""
    built = people[0]
    make_account(built.home, "kent@example.org", "reader")
    mary = _client(built, "kent@example.org")
    page = f"/e/{built.reply}"
    assert _post(mary, "/notes/new", page, target=f"e:{built.reply}", text="Ask Doe about the osprey memo").status_code == 302
    assert _post(mary, "/tags/add", page, target=f"e:{built.reply}", tag="osprey").status_code == 302
    found = mary.get("/search?q=note:osprey").get_data(as_text=True)
    hit = found[found.index('<li class="hit"'):]
    hit = hit[:hit.index("</li>")]
    assert f"/e/{built.reply}" in hit and "Ask Doe about the osprey memo" in hit and "osprey</span>" in hit
    other = _client(built, "carol@example.org").get("/search?q=facial").get_data(as_text=True)
    assert "osprey" not in other


def test_a_note_saved_from_a_stale_tab_is_refused_and_the_newer_text_kept(people):
    built = people[0]
    page = f"/e/{built.hostile}"
    alice = _client(built, "alice@example.org")
    made = _post(alice, "/notes/new", page, target=f"e:{built.hostile}", text="plover, first")
    note_id = made.headers["Location"].rsplit("note-", 1)[1]
    shown = alice.get(page).get_data(as_text=True)
    was = re.search(rf'action="/notes/{note_id}/edit">\s*<input[^>]*>\s*<input type="hidden" name="was" value="([^"]+)"',
                    shown).group(1)
    assert _post(alice, f"/notes/{note_id}/edit", page, text="plover, revised", was=was).status_code == 302
    stale = _post(alice, f"/notes/{note_id}/edit", page, text="plover, from the old tab", was=was)
    assert stale.status_code == 400 and "changed after you opened it" in stale.get_data(as_text=True)
    assert "plover, revised" in alice.get(page).get_data(as_text=True)


def test_bulk_tagging_one_result_says_result_not_results(people):
    """A search of one result offers "Tag the 1 result" and says "Tagged 1 result." (it said
    "Tag all 1 results", "Tagged 1 results"); more say "results" (paralegal review)."""
    built, _doc, _secret = people
    alice = _client(built, "alice@example.org")
    one = alice.get("/search?q=agreed").get_data(as_text=True)
    assert re.search(r"\b1 result\b", one) and "Tag the 1 result<" in one and "Tag all 1 results" not in one
    assert "Tagged 1 result." in alice.get("/search?q=agreed&tagged=1").get_data(as_text=True)
    assert "Tagged 2 results." in alice.get("/search?q=agreed&tagged=2").get_data(as_text=True)


def test_who_sees_a_note_or_a_tag_is_changed_by_its_author_from_its_page(people):
    """GIVEN alice's private note and tag on an email WHEN she gives them to her team from the
    email's page (or the tag on every record from the notes page) THEN bob, her teammate, sees
    them; a public note in a private archive, or bob changing alice's tag, is a 400 saying why."""
    built = people[0]
    page = f"/e/{built.reply}"
    alice, bob = _client(built, "alice@example.org"), _client(built, "bob@example.org")
    made = _post(alice, "/notes/new", page, target=f"e:{built.reply}", text="walrus for the team later")
    note_id = made.headers["Location"].rsplit("#note-", 1)[1]
    assert _post(alice, "/tags/add", page, target=f"e:{built.reply}", tag="narwhal").status_code == 302
    shown = alice.get(page).get_data(as_text=True)
    assert "data-note-visibility" in shown and "data-tag-visibility" in shown
    assert "walrus" not in bob.get(page).get_data(as_text=True)
    private = _client(built, "alice@example.org", private=True)
    refused = _post(private, f"/notes/{note_id}/visibility", page, visibility="public")
    assert refused.status_code == 400 and "no public notes" in refused.get_data(as_text=True)
    assert _post(alice, f"/notes/{note_id}/visibility", page, visibility="team:matter-1").status_code == 302
    assert "walrus for the team later" in bob.get(page).get_data(as_text=True)
    assert 'data-tag="matter-1/narwhal"' not in bob.get(page).get_data(as_text=True)
    moved = _post(alice, "/tags/visibility", "/notes", tag="@me/narwhal", team="matter-1")
    assert moved.status_code == 302 and moved.headers["Location"].endswith("/notes")
    assert 'data-tag="matter-1/narwhal"' in bob.get(page).get_data(as_text=True)
    refused = _post(bob, "/tags/visibility", page, tag="matter-1/narwhal", target=f"e:{built.reply}")
    assert refused.status_code == 400 and "only who applied a tag" in refused.get_data(as_text=True)


def test_a_note_form_sent_twice_makes_one_note(people):
    """GIVEN the note form as the email page shows it WHEN it is sent twice (a double click, a
    browser sending again after a timeout) THEN one note is made, audited once, both sendings
    lead to it; the form shown again makes a second note; another reader sending the same
    form's key makes their own note, not a view of alice's."""
    built = people[0]
    page = f"/e/{built.reply}"
    alice = _client(built, "alice@example.org")
    shown = alice.get(page).get_data(as_text=True)
    form = shown[shown.index('class="note-form"'):]
    once = re.search(r'name="once" value="([0-9a-f]+)"', form).group(1)
    data = {"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form).group(1),
            "target": f"e:{built.reply}", "text": "kingfisher twice", "once": once}
    first, second = (alice.post("/notes/new", data=data) for _ in range(2))
    assert first.status_code == second.status_code == 302
    assert first.headers["Location"] == second.headers["Location"]
    assert alice.get(page).get_data(as_text=True).count("kingfisher twice</div>") == 1
    note_id = first.headers["Location"].rsplit("note-", 1)[1]
    with Archive.open(built.home, readonly=True) as archive:
        adds = [e for e in archive.audit_trail(target=f"e:{built.reply}", limit=100)
                if e.action == "note.add" and e.details["note"] == note_id]
    assert len(adds) == 1 and "kingfisher" not in str(adds[0].details)  # audited once, without its text
    again = alice.get(page).get_data(as_text=True)
    assert re.search(r'name="once" value="([0-9a-f]+)"', again[again.index('class="note-form"'):]).group(1) != once
    # the same form changed and sent again (Back, edit, send) is another note, not the first's
    changed = alice.post("/notes/new", data={**data, "text": "kingfisher changed"})
    assert changed.headers["Location"] != first.headers["Location"]
    assert "kingfisher changed</div>" in alice.get(page).get_data(as_text=True)
    # deleted, then the form sent again: a note again, never under the deleted note's id
    assert _post(alice, f"/notes/{note_id}/delete", page).status_code == 302
    again_made = alice.post("/notes/new", data={**data, "csrf_token": csrf(alice, page)})
    assert again_made.status_code == 302 and again_made.headers["Location"] != first.headers["Location"]
    assert alice.get(page).get_data(as_text=True).count("kingfisher twice</div>") == 1
    bob = _client(built, "bob@example.org")
    theirs = bob.post("/notes/new", data={**data, "csrf_token": csrf(bob, page), "text": "kingfisher bob"})
    assert theirs.status_code == 302 and theirs.headers["Location"] != first.headers["Location"]
    assert "kingfisher bob" in bob.get(page).get_data(as_text=True)


@pytest.mark.parametrize(("page", "form", "path", "fields", "made"), [
    ("/exhibits", "exhibit-new", "/exhibits/new", {"title": "Motion, twice"}, r"/exhibits/([0-9a-f]+)$"),
    ("/search?q=pilot", "save-search", "/searches/new?q=pilot", {"name": "Pilot, twice"}, r"/searches/([0-9a-f]+)$"),
])
def test_an_exhibit_list_or_saved_search_form_sent_twice_makes_one(people, page, form, path, fields, made):
    """As a note's: the new exhibit list's and the save-this-search forms sent twice make one
    list, one saved search, and lead both sendings to it."""
    built = people[0]
    alice = _client(built, "alice@example.org")
    shown = alice.get(page).get_data(as_text=True)
    shown = shown[shown.index(f'{form}" method="post"'):]
    once = re.search(r'name="once" value="([0-9a-f]+)"', shown).group(1)
    data = {"csrf_token": csrf(alice, page), "once": once, **fields}
    first, second = (alice.post(path, data=data) for _ in range(2))
    assert first.status_code == second.status_code == 302
    assert re.search(made, first.headers["Location"]) and first.headers["Location"] == second.headers["Location"]
    listing = alice.get("/exhibits" if page == "/exhibits" else "/searches").get_data(as_text=True)
    assert listing.count(next(iter(fields.values()))) == 1
    # deleted, then the form sent again: made anew under another id (it led to the deleted one's 410)
    made_id = re.search(made, first.headers["Location"]).group(1)
    gone = f"/exhibits/{made_id}/delete" if page == "/exhibits" else f"/searches/{made_id}/delete"
    assert alice.post(gone, data={"csrf_token": csrf(alice, page)}).status_code == 302
    again = alice.post(path, data={**data, "csrf_token": csrf(alice, page)})
    assert again.status_code == 302 and re.search(made, again.headers["Location"]).group(1) != made_id


def test_the_notes_page_as_json_gives_what_the_reader_sees(people):
    """GIVEN alice's team note on a passage and her private tag WHEN alice and bob (her team) and
    carol read ``/notes.json`` THEN alice gets the note with its passage, record, permalink and
    who sees it, and her tag with its count and its search; bob the team's note, not alice's
    tag; carol neither; anonymous is sent to sign in; the text is data, never markup."""
    import json

    built = people[0]
    page = f"/e/{built.first}"
    alice = _client(built, "alice@example.org")
    made = _post(alice, "/notes/new", page, target=f"e:{built.first}", text=f"osprey {HOSTILE}",
                 quote="facial recognition pilot", visibility="team:matter-1")
    note_id = made.headers["Location"].rsplit("note-", 1)[1]
    assert _post(alice, "/tags/add", page, target=f"e:{built.first}", tag="osprey-tag").status_code == 302
    response = alice.get("/notes.json")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "private, no-store"
    data = json.loads(response.data)["data"]
    note = next(n for n in data["notes"] if n["id"] == note_id)
    assert note["text"] == f"osprey {HOSTILE}" and note["passage"] == "facial recognition pilot"
    assert note["record"] == f"e:{built.first}" and note["permalink"] == f"https://foia.test/e/{built.first}"
    assert note["url"].endswith(f"/e/{built.first}#note-{note_id}") and note["visibility"] == "team"
    tag = next(t for t in data["tags"] if t["name"] == "osprey-tag")
    assert tag["tag"] == "@me/osprey-tag" and tag["records"] == 1 and tag["api_search"].endswith("/api/search?tag=@me/osprey-tag")
    listed = json.loads(alice.get(tag["api_search"].replace("https://foia.test", "")).data)["data"]
    assert [hit["email"]["id"] for hit in listed["hits"]] == [built.first]
    bob = json.loads(_client(built, "bob@example.org").get("/notes.json").data)["data"]
    assert note_id in [n["id"] for n in bob["notes"]] and "osprey-tag" not in [t["name"] for t in bob["tags"]]
    carol = json.loads(_client(built, "carol@example.org").get("/notes.json").data)["data"]
    assert note_id not in [n["id"] for n in carol["notes"]] and "osprey" not in json.dumps(carol)
    anonymous = _client(built).get("/notes.json")
    assert anonymous.status_code == 302 and "/signin" in anonymous.headers["Location"]
