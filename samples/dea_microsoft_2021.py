"""Sample re-release: part 3 of dea-microsoft, re-processed after litigation (2021).

Agencies re-process a production when a court or a settlement asks them to,
and produce the same records again with fewer redactions, and sometimes new
ones. This release is declared as *changes* to the items of
``dea_microsoft.P3``; each change is recorded as it is made, and the
generator writes them to truth.json (``changes``, ``inconsistent``) for the
tests to compare with what the archive finds:

* a deliberative passage released, an exemption claimed differently, a
  sentence newly withheld;
* the page withheld in full in 2020 released (its email is new here), and a
  duplicate reply dropped;
* one planted inconsistency between copies: a name withheld in a message is
  printed in the copy of that message quoted in a reply.

The re-processed production is a new electronic file (text layer, new Bates
prefix). Every person and number is fictional.
"""

from dataclasses import replace
from datetime import datetime as dt

import dea_microsoft as dm
from release_spec import Document, Email, Letter, Release, Withheld

SINCE = "dea-microsoft"
PLANTED: list = []  # (email key, change, its fields): what was changed, where it was first printed


def original(key: str) -> Email:
    return next(e for e in dm.P3 if isinstance(e, Email) and e.key == key)


def release_words(e: Email, label: str, words: str) -> Email:
    """The passage a box of ``label`` hid, printed."""
    box = f"[[{label}:{words}]]"
    assert box in e.body, (e.key, box)
    PLANTED.append((e.key, "newly_released", {"label": label, "words": words}))
    return replace(e, body=e.body.replace(box, words))


def withhold_words(e: Email, label: str, words: str) -> Email:
    """Printed words put under a box of ``label``."""
    assert words in e.body and f":{words}]]" not in e.body, (e.key, words)
    PLANTED.append((e.key, "newly_withheld", {"label": label, "words": words}))
    return replace(e, body=e.body.replace(words, f"[[{label}:{words}]]"))


def reclaim(e: Email, label: str, words: str, new_label: str) -> Email:
    """The same passage withheld under another exemption."""
    box = f"[[{label}:{words}]]"
    assert box in e.body, (e.key, box)
    PLANTED.append((e.key, "exemption_changed", {"label": new_label, "earlier_label": label, "words": words}))
    return replace(e, body=e.body.replace(box, f"[[{new_label}:{words}]]"))


# The copy of "newservices" that the released page's email forwards prints the name the message
# itself (and its other copies) withhold: the planted inconsistency.
NEWSERVICES = original("newservices")
NEWSERVICES_FORWARDED = replace(NEWSERVICES, key="newservices-forwarded",
                                body=NEWSERVICES.body.replace("[[b6c:Firstname]]", "Renee"))
INCONSISTENT_NAME = ("b6c", "Renee")

# The page withheld in full in 2020 ("Withheld(b5)" after the memorandum), released: an email.
OPTIONS = Email(
    "options", dm.ELLISON, [dm.DEA1, dm.DEA2], dt(2018, 10, 2, 14, 10), "Options paper - cloud AI services",
    """All,

Attached is the options paper that accompanies yesterday's memorandum. It compares three courses
of action: a full evaluation including face recognition, a limited pilot for transcription and
translation, and no action this fiscal year. The Section recommends the limited pilot. Priya's
note below on what is available in Azure Government bears on the timing.

Please send comments to [[b6c:Firstname Lastname]] by October 5.

Mark Ellison""", attachments=["Options paper - cloud AI services.docx"], quotes="newservices-forwarded")

DROPPED = "holiday-re"  # the second printing of a short reply, dropped as a duplicate

EDITS = {
    "fy19": lambda e: reclaim(e, "b6c", "Firstname", "b6"),
    "decision": lambda e: release_words(
        e, "b5", "Any future consideration of face recognition would follow a privacy impact assessment and\n"
                 "review by the Office of Chief Counsel."),
    "checkin": lambda e: withhold_words(e, "b5", "Our policy team is\nstill glad to meet with your staff."),
}


def reprocessed(item):
    """An item of part 3 as the 2021 production prints it (electronic: never scanned)."""
    if isinstance(item, Withheld):
        return OPTIONS
    if isinstance(item, Email):
        item = EDITS.get(item.key, lambda e: e)(item)
    return replace(item, scanned=False)


COVER = Letter(
    letterhead=dm.COVER.letterhead,
    return_address=dm.COVER.return_address,
    date="March 15, 2021",
    addressee=dm.COVER.addressee,
    reference=dm.COVER.reference,
    paragraphs=[
        "Dear Ms. Whitcomb:",
        "Pursuant to the parties' stipulation, DEA has re-processed the records it produced on "
        "May 29, 2020 from September through December 2018. This supplemental release replaces "
        "that part of the earlier production.",
        "On re-review DEA is releasing additional information, including a page previously "
        "withheld in full. Portions remain withheld under exemptions (b)(5), (b)(6) and (b)(7)(C) "
        "of the FOIA, 5 U.S.C. 552. Duplicate pages have been removed.",
        "If you have questions about this response, please contact the Assistant United States "
        "Attorney assigned to the litigation.",
    ],
    closing=dm.COVER.closing,
)

ITEMS = [COVER] + [reprocessed(item) for item in dm.P3
                   if not (isinstance(item, Email) and item.key == DROPPED)]
QUOTED_ONLY = [NEWSERVICES_FORWARDED] + [e for e in dm.P2 if isinstance(e, Email) and e.key.startswith("subscription")]


def message(e: Email) -> dict:
    """How a message is named in the truth: its sender (address, else name: "" when redacted),
    the minute sent, the subject."""
    return {"sender": e.sender.address or e.sender.name if not e.sender.hide else "",
            "sent": e.sent.strftime("%Y-%m-%dT%H:%M"), "subject": e.subject}


def printed(key: str) -> list[tuple[Email, bool]]:
    """Every copy of email ``key`` this production prints: (the top-level email printing it,
    whether the copy is quoted in it)."""
    lookup = {e.key: e for e in [*ITEMS, *QUOTED_ONLY] if isinstance(e, Email)}
    copies = []
    for top in (e for e in ITEMS if isinstance(e, Email)):
        quoted, chain = False, top
        while chain is not None:
            if chain.key == key:
                copies.append((top, quoted))
            chain, quoted = lookup.get(chain.quotes) if chain.quotes else None, True
    return copies


def truth() -> dict:
    """What this production changed since the earlier one, each change in every message that
    prints it (a reply prints the message it quotes), and its copies that disagree."""
    changes: dict = {"since": SINCE, "newly_released": [], "newly_withheld": [], "exemption_changed": [],
                     "only_earlier": [message(original(DROPPED))], "only_later": [message(OPTIONS)],
                     "pages_released": [{"file": "dea-microsoft-part3.pdf", "kind": "withheld", "label": "b5",
                                         "now": message(OPTIONS)}]}
    for key, change, fields in PLANTED:
        changes[change] += [message(top) | fields for top, _ in printed(key)]
    label, name = INCONSISTENT_NAME
    withheld = [(top, quoted) for top, quoted in printed(NEWSERVICES.key)]
    released = [(top, True) for top, _ in printed(NEWSERVICES_FORWARDED.key)]
    inconsistent = [message(NEWSERVICES) | {"kind": "released in one copy", "label": label, "words": name,
                                            "withheld_in": message(w) | {"quoted": wq},
                                            "released_in": message(r) | {"quoted": rq}}
                    for w, wq in withheld for r, rq in released]
    return {"changes": changes, "inconsistent": inconsistent}


CONTEXT = """
# DEA and Microsoft: the 2021 re-processing

In March 2021, after the parties agreed to narrow the dispute, the Drug Enforcement Administration
re-processed the September to December 2018 part of its 2020 production and released it again.
The new production lifts the deliberative-process redaction on the section chief's December 2018
reply, which now reads: "Any future consideration of face recognition would follow a privacy
impact assessment and review by the Office of Chief Counsel." A page withheld in full in 2020
turns out to be the email that sent an options paper, which "compares three courses of action".

*This is a synthetic sample release generated for testing; all people and numbers are fictional.*
"""

RELEASE = Release(
    slug="dea-microsoft-2021",
    title="DEA - Microsoft correspondence, September-December 2018, re-processed (2021)",
    agency=dm.RELEASE.agency,
    requester=dm.RELEASE.requester,
    request_number=dm.RELEASE.request_number,
    released="2021-03-15",
    source_url="https://example.org/foia/dea-microsoft-2021",
    bates_prefix="DEA-MSFT-R-",
    bates_digits=6,
    documents=[Document("dea-microsoft-reprocessed.pdf", ITEMS, scanned=False, custodian="Ellison, Mark")],
    context=CONTEXT,
    quoted_only=QUOTED_ONLY,
    truth=truth(),
)
