#!/usr/bin/env python3
"""Generate the native-mail sample release, samples/native/, deterministically.

    python samples/native_mail.py [--out samples]

The mail an agency releases as it is: .eml files, one .mbox and one .msg, with a
truth.json recording each message's fields. Three of the messages were also
printed in the dea-microsoft PDFs (same sender, date, subject and body, taken from
samples/dea_microsoft.py): truth.json pairs each with where it is printed, for
matching a native message with its printed copy.

The .eml and .mbox are written with Python's ``email`` package (fixed MIME
boundaries, no clock). The .msg is written with aspose-email-foss (a pure-Python
Outlook MSG writer: extract-msg, which ingest reads .msg with, cannot write
them), from the same EmailMessage, with the Internet headers it arrived with as
Outlook keeps them (PR_TRANSPORT_MESSAGE_HEADERS). The PDF attachment is drawn
with reportlab in invariant mode.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = True  # keep samples/ free of __pycache__

import argparse
import email.policy
import io
import json
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dea_microsoft
from release_spec import Email

HERE = Path(__file__).resolve().parent
SLUG = "dea-microsoft-native"
ZONE = ZoneInfo("America/New_York")  # where the printed copies' times were printed
POLICY = email.policy.default.clone(linesep="\n")
RELEASE = {
    "slug": SLUG,
    "title": "DEA \u2013 Microsoft correspondence, native files (sample)",
    "agency": "Drug Enforcement Administration",
    "requester": "American Civil Liberties Union",
    "request_number": "19-00412-F",
    "released": "2020-07-15",
    "source_url": "https://example.org/foia/dea-microsoft-native",
}
PAIRED = ("exec", "regulation", "checkin")
HTML_FIRST_LINE = "Kevin, you are invited to the Federal holiday reception on December 14."  # printed in the dea-microsoft PDFs too
# A 1x1 PNG, the inline image of the HTML message (a logo in a signature).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


def printed(key: str) -> Email:
    """An email of the dea-microsoft release's declaration, by key."""
    for document in dea_microsoft.RELEASE.documents:
        for item in document.items:
            if isinstance(item, Email) and item.key == key:
                return item
    raise KeyError(key)


def address(party) -> str:
    name = party.name
    if "," in name:
        name = f'"{name}"'
    return f"{name} <{party.address}>" if name else party.address


def zoned(moment: datetime) -> datetime:
    return moment.replace(tzinfo=ZONE)


def base_message(sender: str, to: list[str], sent: datetime, subject: str, message_id: str, *,
                 cc: list[str] = (), bcc: list[str] = (), in_reply_to: str = "",
                 references: tuple[str, ...] = ()) -> EmailMessage:
    message = EmailMessage(policy=POLICY)
    message["From"] = sender
    message["To"] = ", ".join(to)
    if cc:
        message["Cc"] = ", ".join(cc)
    if bcc:
        message["Bcc"] = ", ".join(bcc)
    message["Subject"] = subject
    message["Date"] = format_datetime(zoned(sent))
    message["Message-ID"] = message_id
    if in_reply_to:
        message["In-Reply-To"] = in_reply_to
    if references:
        message["References"] = " ".join(references)
    message["MIME-Version"] = "1.0"
    return message


def from_printed(key: str, message_id: str) -> EmailMessage:
    """The native original of a printed dea-microsoft email: its sender, date, subject, body."""
    item = printed(key)
    message = base_message(address(item.sender), [address(p) for p in item.to], item.sent, item.subject,
                           message_id, cc=[address(p) for p in item.cc])
    message.set_content(item.body + "\n")
    return message


def memo_pdf() -> bytes:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=letter, invariant=1)
    c.setFont("Helvetica", 11)
    lines = ["From: Laura Brennan <laura.brennan@microsoft.com>",
             "Sent: Tuesday, December 11, 2018 4:00 PM",
             "To: Kevin Marsh <kevin.marsh@microsoft.com>",
             "Subject: Pilot pricing memo",
             "",
             "Kevin, the pilot pricing we discussed for transcription and translation is attached",
             "to this memo for the file. No face recognition services are included."]
    for number, line in enumerate(lines):
        c.drawString(72, 720 - 16 * number, line)
    c.showPage()
    c.save()
    return out.getvalue()


def messages() -> list[tuple[str, int, EmailMessage]]:
    """(file, position in it, message) for every message of the release."""
    exec_ = from_printed("exec", "<exec-briefing-20171019@microsoft.example>")

    notes = base_message("Kevin Marsh <kevin.marsh@microsoft.com>",
                         ["Laura Brennan <laura.brennan@microsoft.com>"], datetime(2017, 10, 24, 9, 12),
                         "RE: Executive briefing request", "<briefing-notes-20171024@microsoft.example>",
                         bcc=["Priya Raman <priya.raman@microsoft.com>"],
                         in_reply_to="<exec-briefing-20171019@microsoft.example>",
                         references=("<exec-briefing-20171019@microsoft.example>",))
    notes.set_content("Laura,\n\nMr. Ellison confirmed November 7 at 2:00 PM. Talking points are attached;\n"
                      "please keep the customer examples to those cleared for reference.\n\nKevin\n")
    notes.add_attachment("1. Deployed services\n2. Customer examples (cleared)\n3. Next steps\n",
                         filename="talking points.txt")
    notes.set_boundary("==sample-notes==")

    checkin = from_printed("checkin", "<checkin-20181128@microsoft.example>")

    html = base_message("Megan Cho <megan.cho@microsoft.com>", ["Kevin Marsh <kevin.marsh@microsoft.com>"],
                        datetime(2018, 11, 29, 11, 40), "Holiday event invitation",
                        "<holiday-20181129@microsoft.example>")
    html.set_content("<html><head><style>p{color:red}</style><script>alert('x')</script></head><body>"
                     "<p>Kevin, you are invited to the <b>Federal holiday reception</b> on December 14.</p>"
                     "<p onclick=\"steal()\">RSVP by December 7.</p><img src=\"cid:logo@sample\"></body></html>\n",
                     subtype="html")
    html.add_related(PNG, maintype="image", subtype="png", cid="<logo@sample>", filename="logo.png")
    html.set_boundary("==sample-related==")

    pricing = base_message("Laura Brennan <laura.brennan@microsoft.com>",
                           ["Kevin Marsh <kevin.marsh@microsoft.com>"], datetime(2018, 12, 11, 16, 0),
                           "Pilot pricing memo", "<pricing-memo-20181211@microsoft.example>",
                           in_reply_to="<checkin-20181128@microsoft.example>",
                           references=("<checkin-20181128@microsoft.example>",))
    pricing.set_content("Kevin,\n\nFor the file: the pilot pricing memo, as a PDF. Caf\u00e9 meeting notes to follow.\n"
                        "\nLaura\n", charset="iso-8859-1", cte="quoted-printable")
    pricing.add_attachment(memo_pdf(), maintype="application", subtype="pdf", filename="pilot pricing memo.pdf")
    pricing.set_boundary("==sample-pricing==")

    regulation = from_printed("regulation", "<regulation-20180801@microsoft.example>")
    return [("briefing-request.eml", 1, exec_), ("briefing-notes.eml", 1, notes),
            ("inbox.mbox", 1, checkin), ("inbox.mbox", 2, html), ("inbox.mbox", 3, pricing),
            ("regulation.msg", 1, regulation)]


def write_msg(message: EmailMessage, path: Path) -> None:
    """An Outlook .msg of ``message``, with the Internet headers it arrived with."""
    from aspose.email_foss import msg

    mapi = msg.MapiMessage.from_email_message(message)
    headers = "".join(f"{name}: {value}\r\n" for name, value in message.items()) + "\r\n"
    mapi.set_property(msg.PropertyId.TRANSPORT_MESSAGE_HEADERS, headers)
    mapi.set_property(msg.PropertyId.SENDER_EMAIL_ADDRESS, message["From"].addresses[0].addr_spec)
    mapi.set_property(msg.PropertyId.SENDER_NAME, message["From"].addresses[0].display_name)
    mapi.save(str(path))


def party_truth(text: str) -> list[dict]:
    from email.utils import getaddresses

    return [{"name": name, "address": addr.lower()} for name, addr in getaddresses([text])] if text else []


def printed_truth(key: str) -> dict:
    """Where the dea-microsoft PDFs print a message: file, first page, Bates range."""
    item = printed(key)
    truth = json.loads((HERE / "dea-microsoft" / "truth.json").read_text())
    for found in truth["emails"]:
        if found["subject"] == item.subject and found["sent"][:16] == item.sent.isoformat()[:16] \
                and not found["quoted"]:
            return {"release": "dea-microsoft", "file": found["file"], "start_page": found["start_page"],
                    "bates": found["bates"][0]}
    raise KeyError(key)


def build(out: Path) -> None:
    folder = out / "native"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "release.json").write_text(json.dumps(RELEASE, indent=2, ensure_ascii=False) + "\n")
    found = messages()
    mbox = io.BytesIO()
    truth_messages = []
    for file, position, message in found:
        data = message.as_bytes(policy=POLICY)
        if file.endswith(".mbox"):
            stamp = datetime.fromisoformat(message["Date"].datetime.isoformat()).strftime("%a %b %d %H:%M:%S %Y")
            mbox.write(f"From {message['From'].addresses[0].addr_spec} {stamp}\n".encode())
            mbox.write(data.replace(b"\nFrom ", b"\n>From ") + b"\n")
        elif file.endswith(".msg"):
            write_msg(message, folder / file)
        else:
            (folder / file).write_bytes(data)
        key = next((k for k in PAIRED if printed(k).subject == str(message["Subject"])
                    and zoned(printed(k).sent) == message["Date"].datetime), None)
        body = message.get_body(preferencelist=("plain", "html"))
        truth_messages.append({
            "file": file, "position": position, "message_id": str(message["Message-ID"]),
            "in_reply_to": str(message.get("In-Reply-To", "")),
            "references": str(message.get("References", "")).split(),
            "sender": party_truth(str(message["From"]))[0], "to": party_truth(str(message["To"])),
            "cc": party_truth(str(message.get("Cc", ""))), "bcc": party_truth(str(message.get("Bcc", ""))),
            "sent": message["Date"].datetime.isoformat(), "subject": str(message["Subject"]),
            "body_type": body.get_content_type(),
            # what a reader sees first: the text, or for HTML the words it shows (no markup, no script)
            "first_line": HTML_FIRST_LINE if body.get_content_type() == "text/html"
            else body.get_content().strip().splitlines()[0][:80],
            "attachments": [part.get_filename() for part in message.walk()
                            if part.get_filename()],
            "printed_in": printed_truth(key) if key else None,
        })
    (folder / "inbox.mbox").write_bytes(mbox.getvalue())
    truth = {"release": SLUG, "messages": truth_messages,
             "pairs": [{"native": {"file": m["file"], "position": m["position"], "message_id": m["message_id"]},
                        "printed": m["printed_in"]} for m in truth_messages if m["printed_in"]]}
    (folder / "truth.json").write_text(json.dumps(truth, indent=2, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(HERE), help="directory to write samples/native into")
    build(Path(parser.parse_args(argv).out))


if __name__ == "__main__":
    main()
