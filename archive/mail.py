"""Messages to people by SMTP: a saved search's new matches (the one module that sends mail).

Configured by the environment of the process that runs batches (`foia run`, `foia ingest-runner`):
``FOIA_SMTP_HOST`` (no host: no mail; alerts still show on the home page and in feeds),
``FOIA_SMTP_PORT`` (25), ``FOIA_SMTP_FROM`` (the sender, required with a host),
``FOIA_SMTP_USER`` and ``FOIA_SMTP_PASSWORD`` (to sign in), ``FOIA_SMTP_STARTTLS`` ("true": upgrade
the connection first). Links start with ``FOIA_PUBLIC_URL``.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage

from .cite import cited_bates, cited_date, email_title
from .errors import ArchiveError
from .model import Email
from .work import AlertNotice

TIMEOUT = 30  # seconds for the SMTP server to answer
LISTED = 50  # matches listed in one message (the rest are counted)


class MailError(ArchiveError):
    """A message could not be sent (the SMTP server refused it or did not answer)."""


@dataclass(frozen=True)
class MailSettings:
    host: str
    port: int = 25
    sender: str = ""
    user: str = ""
    password: str = ""
    starttls: bool = False
    public_url: str = ""

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> MailSettings | None:
        """The settings in ``FOIA_SMTP_*`` (None when no host is set)."""
        env = os.environ if environ is None else environ
        host = env.get("FOIA_SMTP_HOST", "").strip()
        if not host:
            return None
        try:
            port = int(env.get("FOIA_SMTP_PORT", "25"))
        except ValueError as exc:
            raise MailError(f"FOIA_SMTP_PORT={env.get('FOIA_SMTP_PORT')!r} is not a port number") from exc
        return cls(host, port, env.get("FOIA_SMTP_FROM", "").strip(), env.get("FOIA_SMTP_USER", ""),
                   env.get("FOIA_SMTP_PASSWORD", ""), env.get("FOIA_SMTP_STARTTLS", "").lower() in ("1", "true", "yes"),
                   env.get("FOIA_PUBLIC_URL", "").rstrip("/"))


def alert_message(settings: MailSettings, notice: AlertNotice, emails: Sequence[Email]) -> EmailMessage:
    """The message telling a saved search's owner what a batch added."""
    search, count = notice.search, len(notice.targets)
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = search.owner
    message["Subject"] = f"{count} new match{'es' if count != 1 else ''} for your saved search {search.name!r}"
    lines = [f"A new batch added {count} record{'s' if count != 1 else ''} matching your saved search "
             f"{search.name!r} ({search.query or 'filters only'}):", ""]
    for email in emails[:LISTED]:
        when = cited_date(email)  # a date the splitter was not sure of says so, as its citation does
        lines.append(f"- {email_title(email)}, {when}: {email.subject or '(no subject)'} "
                     f"[{cited_bates(email) or email.place or 'unstamped'}] "
                     f"{settings.public_url}/e/{email.id}")
    if count > min(len(emails), LISTED):
        lines.append(f"... and {count - min(len(emails), LISTED)} more.")
    lines += ["", f"Every match: {settings.public_url}/searches/{search.id}",
              f"Its feed: {settings.public_url}/feeds/{search.token}.atom"]
    message.set_content("\n".join(lines))
    return message


def send_alert(settings: MailSettings | None, notice: AlertNotice, emails: Sequence[Email]) -> None:
    """Send the alert (MailError, naming the server and the cause, when it cannot be sent)."""
    if settings is None:
        return
    if not settings.sender:
        raise MailError("FOIA_SMTP_HOST is set but FOIA_SMTP_FROM is not: set the sender's address")
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT) as smtp:
            if settings.starttls:
                smtp.starttls()
            if settings.user:
                smtp.login(settings.user, settings.password)
            smtp.send_message(alert_message(settings, notice, emails))
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{settings.host}:{settings.port}: could not send the alert to {notice.search.owner} "
                        f"({exc}); check FOIA_SMTP_HOST, FOIA_SMTP_PORT and the server's log") from exc
