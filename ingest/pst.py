"""Outlook data files (.pst, .ost) read with libpff-python (module ``pypff``), bounded.

    store_kind(head)              "pst", "ost" or "" by a file's first bytes ("!BDN", then "SM" or "SO")
    store_messages(path, limits)  -> each item of the file, in folder order, as a StoreItem: its
                                  number, its folder, and a NativeMessage, or why it was refused,
                                  or a note about the file (a password, items that are not mail)
    StoreReader().messages(path, limits)  the same items, read by ``store_messages`` in a child
                                  process (``serve``): libpff is C code, so a file that crashes it,
                                  hangs it or makes it eat memory fails alone, named, and the
                                  ingest carries on with the other files

The only module that imports ``pypff`` (import-linter: .importlinter). Folders are walked depth
first, each folder's items before its subfolders; every item of the file is numbered in that
order (1, 2, …), mail or not, so a message's number, and so its id, never depends on which other
items were read. A folder is named by its path below the mailbox's top folder ("Inbox/Projects";
the IPM subtree that Outlook shows), or from the file's root when it lies outside it.

An item's headers come from the Internet headers it arrived with (ingest/mime.py reads them:
From, To, Cc, Date with its zone, Message-ID, In-Reply-To, References), else from its MAPI
properties (whose times are UTC). Contacts, tasks, notes and the like are not mail: they are
counted in a warning and left. Everything read is untrusted and bounded by MailLimits: items
per file (FOIA_MAIL_MAX_MESSAGES), one item's size and each attachment's, attachments per item
(FOIA_MAIL_MAX_PARTS), folders nested (FOIA_MAIL_MAX_DEPTH, below the top folder) and the body.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import resource
import select
import signal
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from archive.model import Party

from .mime import (
    MAX_PARTIES,
    MB,
    MailFile,
    MailLimits,
    MailRefused,
    NativeMessage,
    body_within,
    date_fields,
    decoded_text,
    html_to_text,
    message_ids,
    party,
    read_headers,
    recipients_cut,
    safe_filename,
    shown,
)

PST_MAGIC = b"!BDN"
_CLIENTS = {b"SM": "pst", b"SO": "ost"}
_RECIPIENT_TYPES = {1: "to", 2: "cc", 3: "bcc"}
# MAPI property tags ([MS-OXPROPS]) read here
_CLASS, _SUBJECT, _SUBMITTED, _START = 0x001A, 0x0037, 0x0039, 0x0060
_SENDER_NAME, _SENDER_ADDRESS, _SENDER_SMTP = 0x0C1A, 0x0C1F, 0x5D01
_DELIVERED, _CODEPAGE = 0x0E06, 0x3FDE
_MESSAGE_ID, _REFERENCES, _IN_REPLY_TO = 0x1035, 0x1039, 0x1042
_RECIPIENT_TYPE, _DISPLAY_NAME, _ADDRESS, _SMTP = 0x0C15, 0x3001, 0x3003, 0x39FE
_ATTACH_METHOD, _FILENAME, _LONG_FILENAME, _MIME_TAG, _CONTENT_ID, _HIDDEN = (
    0x3705, 0x3704, 0x3707, 0x370E, 0x3712, 0x7FFE)
_IPM_SUBTREE, _PASSWORD = 0x35E0, 0x67FF
_OST = ord("o")  # libpff's content type of an .ost
_EMBEDDED_MESSAGE = 5  # an attach method: an Outlook item inside the item
_STRING, _STRING8, _TIME, _INTEGER, _BOOLEAN = 0x1F, 0x1E, 0x40, 0x03, 0x0B
_CODECS = {65001: "utf-8", 20127: "us-ascii", 1200: "utf-16-le"}


def store_kind(head: bytes) -> str:
    """"pst" or "ost" when ``head`` begins as an Outlook data file does, else ""."""
    return _CLIENTS.get(head[8:10], "") if head.startswith(PST_MAGIC) else ""


@dataclass(frozen=True)
class StoreItem:
    """One item of an Outlook data file: a message, the reason it (or its folder) was refused, or
    a note about the file."""

    number: int  # its place in the file, in folder order; 0 for a folder or a note
    folder: str
    message: NativeMessage | MailRefused | None
    note: str = ""


def store_messages(path: Path, limits: MailLimits) -> Iterator[StoreItem]:
    """Each mail item of the Outlook data file at ``path``; MailRefused when it cannot be opened."""
    import pypff

    store = pypff.file()
    try:
        store.open(str(path))
    except (OSError, ValueError, MemoryError) as exc:
        raise MailRefused(
            f"not a readable Outlook data file ({_libpff_reason(exc)}): it may be damaged or cut short; "
            "ask for the file again, or repair it with Outlook's Inbox Repair Tool (scanpst.exe) and "
            "ingest the repaired copy") from None
    try:
        yield from _Walk(store, limits).items()
    finally:
        store.close()


@dataclass(frozen=True)
class StoreReader:
    """Outlook data files read by ``store_messages`` in a child process, bounded in time (seconds
    without a next item, ``FOIA_MAIL_STORE_TIMEOUT``) and memory (the child's address space in
    MB, ``FOIA_MAIL_STORE_MEMORY_MB``)."""

    timeout: float = 300.0
    memory_mb: int = 4096
    entry: str = "ingest.pst:serve"  # what the child runs (a test names a reader that crashes)

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> StoreReader:
        values: dict[str, int] = {}
        for name, variable in (("timeout", "FOIA_MAIL_STORE_TIMEOUT"), ("memory_mb", "FOIA_MAIL_STORE_MEMORY_MB")):
            raw = environ.get(variable, "").strip()
            if raw:
                if not raw.isdigit() or int(raw) < 1:
                    raise ValueError(f"{variable}={raw[:40]!r} is not a whole number above 0; fix or unset it")
                values[name] = int(raw)
        return cls(**values)  # type: ignore[arg-type]

    def messages(self, path: Path, limits: MailLimits) -> Iterator[StoreItem]:
        """``store_messages(path, limits)``, read in a child process. MailRefused when the file
        cannot be opened, and when the child crashes, hangs or runs out of memory part way: the
        file is then refused whole (its items read so far are not kept)."""
        root = str(Path(__file__).resolve().parents[1])  # where ``ingest`` is, whatever sys.path says
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))}
        request = json.dumps({"path": str(path), "limits": asdict(limits), "memory_mb": self.memory_mb,
                              "timeout": self.timeout}).encode()
        largest = limits.max_message_bytes + 16 * MB  # an item is bounded by its limits; its frame too
        read = 0
        with tempfile.TemporaryFile() as said:
            child = subprocess.Popen(
                [sys.executable, "-P", "-c", _CHILD, self.entry], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=said, env=env)
            assert child.stdin is not None and child.stdout is not None
            try:
                try:
                    child.stdin.write(request)
                    child.stdin.close()
                except BrokenPipeError:
                    pass  # it died at once: said below
                while (frame := _frame(child.stdout.fileno(), largest, self.timeout)) is not None:
                    kind, value = _Records(io.BytesIO(frame)).load()
                    if kind == "refused":
                        raise MailRefused(value)
                    if kind == "done":
                        return
                    read += 1
                    yield value
                raise MailRefused(_failed(_how_it_ended(child.wait(), said), read))
            except TimeoutError:
                raise MailRefused(_failed(f"it gave nothing for {self.timeout:.0f} s (FOIA_MAIL_STORE_TIMEOUT; "
                                          "raise it for a genuine, very large file)", read)) from None
            except (pickle.UnpicklingError, ValueError, EOFError) as exc:
                raise MailRefused(_failed(f"it sent something unreadable ({shown(str(exc), 120)})", read)) from None
            finally:
                if child.poll() is None:
                    child.kill()
                child.wait()
                child.stdout.close()


_CHILD = "import importlib, sys; m, _, f = sys.argv[1].partition(':'); getattr(importlib.import_module(m), f)()"


def _frame(fd: int, largest: int, timeout: float) -> bytes | None:
    """The next frame the child sent (its length in 4 bytes, then its bytes); None at its end."""
    head = _read(fd, 4, timeout)
    if len(head) < 4:
        return None
    size = int.from_bytes(head, "big")
    if size > largest:
        raise ValueError(f"a frame of {size:,} bytes")
    body = _read(fd, size, timeout)
    return body if len(body) == size else None


def _read(fd: int, size: int, timeout: float) -> bytes:
    """``size`` bytes from ``fd``, fewer at its end; TimeoutError when none come for ``timeout`` s."""
    chunks: list[bytes] = []
    while size:
        if not select.select([fd], [], [], timeout)[0]:
            raise TimeoutError
        chunk = os.read(fd, min(size, MB))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


class _Records(pickle.Unpickler):
    """Unpickles only the records a child sends: whatever a hostile file did to the child, what
    comes back cannot name code to run in the ingest."""

    _ALLOWED = frozenset({("ingest.pst", "StoreItem"), ("ingest.mime", "NativeMessage"),
                          ("ingest.mime", "MailFile"), ("ingest.mime", "MailRefused"), ("archive.model", "Party")})

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in self._ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not a record of a mail item")
        return super().find_class(module, name)


def _how_it_ended(code: int, said: IO[bytes]) -> str:
    if code < 0:
        number = -code
        return f"it crashed ({signal.Signals(number).name}: {signal.strsignal(number)})"
    said.seek(max(0, said.seek(0, io.SEEK_END) - 4096))
    lines = [line for line in said.read().decode("utf-8", "replace").splitlines() if line.strip()]
    if lines and "MemoryError" in lines[-1]:
        return "it ran out of the memory it may use (FOIA_MAIL_STORE_MEMORY_MB; raise it for a genuine file)"
    return f"it stopped (exit {code}{': ' + shown(lines[-1], 200) if lines else ''})"


def _failed(how: str, read: int) -> str:
    return (f"libpff, which reads Outlook data files, failed on it: {how}, after {read:,} item(s); nothing of "
            "the file was stored. It may be damaged or made to harm: ask for the file again, or repair it with "
            "Outlook's Inbox Repair Tool (scanpst.exe) and ingest the repaired copy")


def serve(read: Callable[[Path, MailLimits], Iterator[StoreItem]] = store_messages) -> None:
    """The child's side of StoreReader: the request on standard input, each item as a frame on
    standard output, then "done" (or "refused" with why the file cannot be opened)."""
    request = json.loads(sys.stdin.buffer.read())
    memory = int(request["memory_mb"]) * MB
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    memory = memory if hard == resource.RLIM_INFINITY else min(memory, hard)  # never above what the host allows
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    # the kernel ends a child stuck in libpff (SIGALRM's default), even one whose parent was killed
    patience = int(request["timeout"]) + 5
    signal.alarm(patience)
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever libpff prints goes to standard error, never between the frames

    def send(kind: str, value: object) -> None:
        data = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        out.write(len(data).to_bytes(4, "big") + data)
        out.flush()
        signal.alarm(patience)

    try:
        for item in read(Path(request["path"]), MailLimits(**request["limits"])):
            send("item", item)
    except MailRefused as exc:
        send("refused", str(exc))
    else:
        send("done", None)
    out.close()


def _libpff_reason(exc: BaseException) -> str:
    """libpff's error without its first, generic clause ("pypff_file_open: unable to open file.")."""
    clauses = [c for c in str(exc).split(". ") if c.strip()]
    return shown(". ".join(clauses[1:2] or clauses[:1]), 240) or type(exc).__name__


def _properties(item: Any) -> dict[int, Any]:
    """An item's MAPI properties (its first record set), by tag."""
    if not item.number_of_record_sets:
        return {}
    return {entry.entry_type: entry for entry in item.get_record_set(0).entries}


def _string(props: dict[int, Any], tag: int) -> str:
    entry = props.get(tag)
    if entry is None or entry.value_type not in (_STRING, _STRING8):
        return ""
    try:
        return str(entry.data_as_string or "")
    except (OSError, ValueError):
        return ""


def _time(props: dict[int, Any], tag: int) -> datetime | None:
    entry = props.get(tag)
    if entry is None or entry.value_type != _TIME:
        return None
    try:
        moment = entry.data_as_datetime
    except (OSError, ValueError, OverflowError):
        return None
    return moment.replace(tzinfo=UTC) if isinstance(moment, datetime) and moment.year > 1601 else None


def _integer(props: dict[int, Any], tag: int) -> int | None:
    entry = props.get(tag)
    if entry is None or entry.value_type not in (_INTEGER, _BOOLEAN):
        return None
    try:
        return int(entry.data_as_integer if entry.value_type == _INTEGER else entry.data_as_boolean)
    except (OSError, ValueError):
        return None


def _is_mail(message_class: str) -> bool:
    """Mail, meeting requests and replies, calendar items and delivery reports; not contacts, tasks,
    notes or journal entries. An item without a class is taken as mail."""
    name = message_class.lower()
    return not name or name.startswith(("ipm.note", "ipm.schedule.meeting", "ipm.appointment", "ipm.post",
                                        "report.")) or name == "ipm"


def _is_meeting(message_class: str) -> bool:
    return message_class.lower().startswith(("ipm.schedule.meeting.request", "ipm.appointment"))


class _Walk:
    """One data file's folders walked within the limits."""

    def __init__(self, store: Any, limits: MailLimits) -> None:
        self.store = store
        self.limits = limits
        self.number = 0
        self.full = False  # past FOIA_MAIL_MAX_MESSAGES: nothing more is read
        self.seen: set[int] = set()
        self.left: Counter[str] = Counter()  # folder -> items that are not mail
        self.rtf_only: Counter[str] = Counter()  # folder -> messages whose body is only RTF

    def items(self) -> Iterator[StoreItem]:
        props = _properties(self.store.message_store) if self.store.message_store else {}
        if _integer(props, _PASSWORD) and self.store.content_type != _OST:  # an .ost sets it to -1
            yield StoreItem(0, "", None, "the file has an Outlook password: it does not encrypt the content, "
                                         "which was read without it")
        root = self.store.get_root_folder()
        yield from self._folder(root, (), -1, self._top_folder(root, props))
        for folder, count in self.left.items():
            yield StoreItem(0, folder, None, f"{count} item(s) that are not mail (contacts, tasks, notes) "
                                             "were left; the original file holds them")
        for folder, count in self.rtf_only.items():
            yield StoreItem(0, folder, None, f"{count} message(s) have their body only in RTF, which is not "
                                             "read here: their headers are stored, the original file holds the text")

    def _top_folder(self, root: Any, props: dict[int, Any]) -> int | None:
        """The identifier of the mailbox's top folder (what Outlook shows as the mailbox)."""
        entry = props.get(_IPM_SUBTREE)
        data = entry.data if entry is not None else None
        if isinstance(data, bytes) and len(data) >= 24:
            return int.from_bytes(data[20:24], "little")
        for child in root.sub_folders:  # an .ost names it instead: Root - Mailbox/IPM_SUBTREE
            if child.name == "Root - Mailbox":
                for grandchild in child.sub_folders:
                    if grandchild.name == "IPM_SUBTREE":
                        return int(grandchild.identifier)
        return None

    def _folder(self, folder: Any, path: tuple[str, ...], depth: int, top: int | None) -> Iterator[StoreItem]:
        identifier = int(folder.identifier)
        if identifier in self.seen or self.full:  # a damaged file whose folders point back at each other
            return
        self.seen.add(identifier)
        if identifier == top:
            path, depth = (), 0
        name = "/".join(path)
        if depth > self.limits.max_depth:
            yield StoreItem(0, name, MailRefused(
                f"folders nested more than {self.limits.max_depth} deep (FOIA_MAIL_MAX_DEPTH); its items and "
                "subfolders were not read: raise the limit if it is genuine"))
            return
        try:
            count = folder.number_of_sub_messages
        except (OSError, ValueError) as exc:
            yield StoreItem(0, name, MailRefused(f"the folder cannot be read ({_libpff_reason(exc)}); "
                                                 "its other folders were read: ask for the file again"))
            return
        for index in range(count):
            self.number += 1
            if self.number > self.limits.max_messages:
                self.full = True
                yield StoreItem(self.number, name, MailRefused(
                    f"the file holds more than {self.limits.max_messages:,} items (FOIA_MAIL_MAX_MESSAGES); "
                    "the rest were not read: raise the limit"))
                return
            try:
                message = self._message(folder.get_sub_message(index), name)
            except MailRefused as exc:
                yield StoreItem(self.number, name, exc)
                continue
            except (OSError, ValueError, MemoryError, UnicodeError) as exc:
                yield StoreItem(self.number, name, MailRefused(
                    f"a damaged item ({_libpff_reason(exc)}); the file's other items were read"))
                continue
            if message is not None:
                yield StoreItem(self.number, name, message)
        try:
            subfolders = [folder.get_sub_folder(i) for i in range(folder.number_of_sub_folders)]
        except (OSError, ValueError) as exc:
            yield StoreItem(0, name, MailRefused(f"its subfolders cannot be read ({_libpff_reason(exc)})"))
            return
        for sub in subfolders:
            label = shown(sub.name or "", 200).replace("/", "∕") or f"folder {int(sub.identifier)}"
            yield from self._folder(sub, path + (label,), depth + 1, top)

    def _message(self, item: Any, folder: str) -> NativeMessage | None:
        props = _properties(item)
        message_class = _string(props, _CLASS)
        if not _is_mail(message_class):
            self.left[folder] += 1
            return None
        warnings: list[str] = []
        headers = read_headers(str(item.transport_headers or ""), self.limits)
        files, size = self._files(item, warnings)
        body = self._body(item, props, warnings)
        if not body and item.rtf_body:
            self.rtf_only[folder] += 1
        size += len(body.encode("utf-8", "replace"))
        if size > self.limits.max_message_bytes:
            raise MailRefused(f"the item is {size / MB:,.1f} MB, over the {self.limits.max_message_bytes // MB} MB "
                              "limit (FOIA_MAIL_MAX_MESSAGE_MB); raise the limit if it is genuine")
        if message_class.lower().startswith("ipm.note.smime"):
            warnings.append("encrypted (S/MIME): its text cannot be read without the recipient's key; "
                            "the encrypted content is kept as its attachment")
        recipients = _recipients(item)
        if item.recipients is not None and item.recipients.number_of_record_sets > 3 * MAX_PARTIES:
            warnings.append(recipients_cut("recipients", 3 * MAX_PARTIES))
        sender = headers.sender or _sender(props)
        sent, sent_raw, certainty = headers.sent, headers.sent_raw, headers.date_certainty
        if certainty == "missing":
            # a calendar item is dated by its start, anything else by when it was sent or received
            start = _time(props, _START) if message_class.lower().startswith("ipm.appointment") else None
            moment = start or _time(props, _SUBMITTED) or _time(props, _DELIVERED)
            sent, sent_raw, certainty = date_fields(moment.isoformat() if moment else "", moment)
        return NativeMessage(
            sender=sender, to=recipients["to"] or headers.to, cc=recipients["cc"] or headers.cc,
            bcc=recipients["bcc"] or headers.bcc, sent=sent, sent_raw=sent_raw, date_certainty=certainty,
            subject=shown(str(item.subject or "")) or headers.subject,
            message_id=headers.message_id or next(iter(message_ids(_string(props, _MESSAGE_ID))), ""),
            in_reply_to=headers.in_reply_to or next(iter(message_ids(_string(props, _IN_REPLY_TO))), ""),
            references=headers.references or message_ids(_string(props, _REFERENCES))[:200],
            body=body_within(body, self.limits), files=files, warnings=tuple(warnings),
            kind="meeting" if _is_meeting(message_class) else "email", folder=folder)

    def _body(self, item: Any, props: dict[int, Any], warnings: list[str]) -> str:
        """The plain text, else the HTML reduced ("" for a body only in RTF)."""
        plain = item.plain_text_body
        if plain:
            return self._bounded_text(plain, "utf-8", warnings, "the plain-text body")
        html = item.html_body
        if html:
            codepage = _integer(props, _CODEPAGE)
            charset = _CODECS.get(codepage or 0, f"cp{codepage}" if codepage else "utf-8")
            return html_to_text(self._bounded_text(html, charset, warnings, "the HTML body"), warnings)
        return ""

    def _bounded_text(self, data: bytes, charset: str, warnings: list[str], where: str) -> str:
        if len(data) > self.limits.max_body_chars * 4:
            raise MailRefused(f"{where} is {len(data):,} bytes, over the body limit (FOIA_MAIL_MAX_BODY_CHARS); "
                              "raise the limit if it is genuine")
        return decoded_text(bytes(data), charset, warnings, where)

    def _files(self, item: Any, warnings: list[str]) -> tuple[tuple[MailFile, ...], int]:
        files: list[MailFile] = []
        total = 0
        count = item.number_of_attachments
        if count > self.limits.max_parts:
            raise MailRefused(f"more than {self.limits.max_parts:,} attachments (FOIA_MAIL_MAX_PARTS)")
        for ordinal in range(1, count + 1):
            attachment = item.get_attachment(ordinal - 1)
            props = _properties(attachment)
            content_type = shown(_string(props, _MIME_TAG) or "application/octet-stream", 100)
            name = safe_filename(_string(props, _LONG_FILENAME) or _string(props, _FILENAME), ordinal, content_type)
            if _integer(props, _ATTACH_METHOD) == _EMBEDDED_MESSAGE:
                warnings.append(f"attachment {ordinal} ({name}) is an Outlook item inside the message; "
                                "it is not kept separately (the original file holds it)")
                continue
            size = int(attachment.size or 0)
            if size > self.limits.max_attachment_bytes:
                raise MailRefused(f"attachment {ordinal} ({name}) is over the "
                                  f"{self.limits.max_attachment_bytes // MB} MB limit "
                                  "(FOIA_MAIL_MAX_ATTACHMENT_MB); raise the limit if it is genuine")
            data = bytes(attachment.read_buffer(size)) if size else b""
            total += len(data)
            content_id = shown(_string(props, _CONTENT_ID), 250)
            files.append(MailFile(name, content_type, data, bool(content_id) and bool(_integer(props, _HIDDEN)),
                                  content_id))
        return tuple(files), total


def _sender(props: dict[int, Any]) -> Party | None:
    name = _string(props, _SENDER_NAME)
    address = _string(props, _SENDER_SMTP) or _string(props, _SENDER_ADDRESS)
    address = address if "@" in address else ""  # an Exchange name (/O=…/CN=…) is no address
    return party(name, address) if name or address else None


def _recipients(item: Any) -> dict[str, tuple[Party, ...]]:
    found: dict[str, list[Party]] = {"to": [], "cc": [], "bcc": []}
    recipients = item.recipients
    for index in range(min(recipients.number_of_record_sets, 3 * MAX_PARTIES) if recipients is not None else 0):
        props = {entry.entry_type: entry for entry in recipients.get_record_set(index).entries}
        kind = _RECIPIENT_TYPES.get(_integer(props, _RECIPIENT_TYPE) or 1)
        address = _string(props, _SMTP) or _string(props, _ADDRESS)
        if kind:
            found[kind].append(party(_string(props, _DISPLAY_NAME), address if "@" in address else ""))
    return {kind: tuple(parties) for kind, parties in found.items()}
