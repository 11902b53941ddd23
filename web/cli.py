"""The `foia` command: thin wrappers over library calls, sharing one configuration.

Each command opens the archive and makes one library call whose options mirror
its flags. Library errors become a message and an exit status in one place,
``_Commands.invoke``: the error's ``exit_code`` (README, Command line: exit statuses).
"""

from __future__ import annotations

import copy
import dataclasses
import getpass
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import click
from flask.cli import FlaskGroup

from archive import ROLES, Archive, ArchiveError, Release, ids
from archive.accounts import LINK_HOURS
from archive.archive import HOME_ENV, default_home
from archive.engines import ENGINES
from archive.errors import NoSuchRelease
from archive.files import sha256_file
from archive.production import as_json as production_json
from archive.search import SORTS, SearchRequest, hit_rows
from ingest.errors import IngestError, OcrWorkersFailed
from ingest.letters import letter_bates_ranges, letter_statements

FAILED_EXIT = 1
INTERRUPTED_EXIT = 130  # the shell's for Ctrl-C (128 + SIGINT)


def _create_app() -> Any:
    from web import create_app

    return create_app()


def _home_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value:
        os.environ[HOME_ENV] = str(Path(value).expanduser().resolve())
    return value


class _Failed(click.ClickException):
    def __init__(self, error: ArchiveError | IngestError | OcrWorkersFailed) -> None:
        where = "; `foia release list` shows the releases" if isinstance(error, NoSuchRelease) else ""
        super().__init__(f"{error}{where}")
        self.exit_code = getattr(error, "exit_code", FAILED_EXIT)


class _Commands(FlaskGroup):
    """Any library error a command lets through is a clear message and its exit status, not a
    traceback (a read-only data folder surfaced one from `foia ingest`).

    Flask's own options (--app, --env-file, --debug) still work but are not foia's to explain:
    they are hidden from `foia --help`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        for index, param in enumerate(self.params):
            if param.name in ("app", "env_file", "debug"):
                self.params[index] = hidden = copy.copy(param)  # Flask's objects stay as they are
                hidden.hidden = True

    # foia's commands are its own: libraries' Flask CLI plugins (Flask-Limiter's `limiter …`,
    # which would clear the site's rate-limit counts) are not offered through `foia`
    def list_commands(self, ctx: click.Context) -> list[str]:
        return click.Group.list_commands(self, ctx)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return click.Group.get_command(self, ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ArchiveError, IngestError, OcrWorkersFailed) as exc:
            raise _Failed(exc) from exc


def _home_param() -> click.Option:
    return click.Option(["--home"], type=click.Path(file_okay=False), callback=_home_option,
                        expose_value=False, is_eager=True,
                        help=f"Archive data folder (default: ${HOME_ENV} or ~/.local/share/foia-archive).")


@click.group(cls=_Commands, create_app=_create_app, add_default_commands=False,
             add_version_option=False, set_debug_flag=False, params=[_home_param()])
def main() -> None:
    """foia-archive: ingest released records, search them, cite them."""


def _open(*, readonly: bool = False, create: bool = False) -> Archive:
    """The archive at --home; only the commands that add to it (``create``) may start a new one."""
    return Archive.open(readonly=readonly, create=create)


class TerminalProgress:
    """A one-line progress bar on a terminal; plain log lines otherwise."""

    def __init__(self, stream: Any = None) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.total = self.done = self.ocr = 0
        self.name = ""
        self.started = time.monotonic()
        self.last_draw = 0.0

    def start(self, total_pages: int, files: int) -> None:
        self.total = total_pages
        self.started = time.monotonic()
        self._log(f"ingesting {files} file(s), {total_pages} page(s)")

    def file(self, name: str) -> None:
        if name != self.name:
            self.name = name
            self._draw()

    def advance(self, pages: int, ocr: bool) -> None:
        self.done += pages
        self.ocr += pages if ocr else 0
        self._draw()

    def outcome(self, outcome: Any) -> None:
        text = f"{outcome.status}: {outcome.path}" + (f" — {outcome.message}" if outcome.message else "")
        if self.tty:
            self.stream.write("\r\033[K")
        self._log(text)
        for warning in outcome.warnings:
            self._log(f"  warning: {warning}")

    def finish(self) -> None:
        if self.tty:
            self.stream.write("\r\033[K")
            self.stream.flush()

    def _log(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _draw(self) -> None:
        if not self.tty:
            return
        now = time.monotonic()
        if now - self.last_draw < 0.2 and self.done < self.total:
            return
        self.last_draw = now
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate > 0 else 0
        width = 24
        filled = int(width * self.done / self.total) if self.total else 0
        bar = "#" * filled + "-" * (width - filled)
        name = self.name if len(self.name) < 40 else "…" + self.name[-39:]
        self.stream.write(f"\r\033[K[{bar}] {self.done}/{self.total} pages ({self.ocr} OCR) "
                          f"{rate:.1f} p/s ETA {eta:.0f}s {name}")
        self.stream.flush()


@main.command(with_appcontext=False)
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--release", "release_slug", help="Release slug (default: from a release.json beside the PDFs).")
@click.option("--jobs", type=int, default=None, help="Parallel OCR processes (default: all cores).")
@click.option("--bates-prefix", "bates_prefixes", multiple=True,
              help="A Bates prefix stamped on the pages, e.g. DEA-MSFT- (repeatable; "
                   "by default the prefix is learned from the footers).")
@click.option("--workers", envvar="FOIA_WORKERS", metavar="redis://HOST:PORT/N",
              help="OCR on Celery workers (`foia worker`) through this Redis broker instead of local "
                   "processes (env FOIA_WORKERS).")
def ingest(paths: tuple[Path, ...], release_slug: str | None, jobs: int | None,
           bates_prefixes: tuple[str, ...], workers: str | None) -> None:
    """Ingest PDF files or folders of PDFs into a release."""
    from ingest.batch import ingest_releases

    failed = 0
    # a release named is one that exists: a mistyped slug starts no empty archive
    if release_slug is not None and not (default_home() / "archive.db").is_file():
        raise NoSuchRelease(f"no release {release_slug!r}: there is no archive at {default_home()} yet; create "
                            f"the release first (`foia release create {release_slug} --title …`), or ingest a "
                            "folder with its release.json")
    with _open(create=True) as archive:
        try:
            for outcome in ingest_releases(archive, paths, release=release_slug, jobs=jobs,
                                           progress=TerminalProgress, bates_prefixes=bates_prefixes,
                                           workers=workers, actor=_actor()):
                click.echo(outcome.report())
                for line in outcome.problems():
                    click.echo(f"  {line}", err=True)
                failed += outcome.failures
                for article, links in outcome.contexts:
                    click.echo(f"context {article.title!r}: {sum(1 for q in links if q.email_id)} of "
                               f"{len(links)} quotation(s) linked to emails")
        except KeyboardInterrupt:
            click.echo("\ninterrupted: the files reported ingested are stored whole, the file under way was "
                       "not written; run the same `foia ingest` again to finish the batch (what is stored is "
                       "skipped, and made searchable if it is not yet)", err=True)
            sys.exit(INTERRUPTED_EXIT)
    if failed:
        sys.exit(FAILED_EXIT)


@main.command("ingest-runner", with_appcontext=False)
@click.option("--once", is_flag=True, help="Run what is queued, then stop (default: wait for more).")
@click.option("--poll", type=click.FloatRange(0.1, 3600), default=2.0, show_default=True,
              help="Seconds between looks at an empty queue.")
@click.option("--jobs", type=int, default=None, help="Parallel OCR processes (default: all cores).")
@click.option("--workers", envvar="FOIA_WORKERS", metavar="redis://HOST:PORT/N",
              help="OCR on Celery workers (`foia worker`) through this broker (env FOIA_WORKERS).")
@click.option("--parent", type=int, hidden=True, help="Stop once this process (`foia run`) is gone.")
def ingest_runner(once: bool, poll: float, jobs: int | None, workers: str | None, parent: int | None) -> None:
    """Ingest the batches uploaded on the site, one at a time (`foia run` starts one itself)."""
    import threading

    from ingest.runner import run_queue

    home = Path(os.environ.get(HOME_ENV) or _create_app().config["ARCHIVE_HOME"])
    stop = threading.Event()
    if parent:  # a `foia run` killed outright cannot stop its runner: the runner notices instead
        threading.Thread(target=_stop_when_orphaned, args=(parent, stop, poll), daemon=True).start()
    for batch in run_queue(home, once=once, poll=poll, jobs=jobs, workers=workers, stop=stop):
        click.echo(f"batch {batch.id} ({batch.release}): {batch.count('ingested')} ingested, "
                   f"{batch.count('skipped')} skipped, {batch.count('duplicate')} duplicate, "
                   f"{batch.count('failed')} failed, {batch.count('refused')} refused; {batch.done_pages} pages",
                   err=True)
        for file in batch.files:
            if file.status in ("failed", "refused"):
                click.echo(f"  {file.original_name or file.name}: {file.status}: {file.message}", err=True)


def _stop_when_orphaned(parent: int, stop: Any, poll: float) -> None:
    while not stop.wait(poll):
        if os.getppid() != parent:
            stop.set()


@main.command(with_appcontext=False)
@click.option("--broker", envvar="FOIA_WORKERS", required=True, metavar="redis://HOST:PORT/N",
              help="The Redis broker `foia ingest --workers` sends pages to (env FOIA_WORKERS).")
@click.option("--concurrency", type=click.IntRange(min=1), default=None,
              help="OCR processes (default: one per core).")
@click.option("--visibility-timeout", type=click.IntRange(min=1), default=None,
              help="Seconds before the pages of a worker that vanished are handed to another "
                   "(default: 660, over twice the page time limit).")
@click.option("--loglevel", default="INFO", show_default=True)
def worker(broker: str, concurrency: int | None, visibility_timeout: int | None, loglevel: str) -> None:
    """Run OCR for `foia ingest --workers` on this machine (a Celery worker; stop with Ctrl-C)."""
    from ingest.ocr import limit_threads
    from ingest.workers import VISIBILITY_TIMEOUT_S, celery_app

    limit_threads()
    app = celery_app(broker, visibility_timeout=visibility_timeout or VISIBILITY_TIMEOUT_S)
    app.worker_main(["worker", f"--concurrency={concurrency or os.cpu_count() or 1}",
                     f"--loglevel={loglevel}", f"--hostname=foia-{os.getpid()}@%h",
                     "--without-gossip", "--without-mingle", "-O", "fair"])


@main.group()
def release() -> None:
    """Create, list, withdraw and restore releases."""


@release.command("create", with_appcontext=False)
@click.argument("slug", required=False)
@click.option("--from", "manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Read the release from a release.json.")
@click.option("--title")
@click.option("--agency")
@click.option("--requester")
@click.option("--request-number")
@click.option("--released", help="Release date, YYYY-MM-DD.")
@click.option("--source-url")
def release_create(slug: str | None, manifest: Path | None, title: str | None, **fields: str | None) -> None:
    """Create a release (or update its details: those not given keep their values)."""
    from ingest.batch import read_release_json

    if not manifest and (not slug or not title):
        raise click.UsageError("give SLUG and --title, or --from release.json")
    with _open(create=True) as archive:
        if manifest:
            record = read_release_json(manifest)
        else:
            assert slug and title
            # an update names what it changes: the rest stands (a new date given alone erased the
            # agency and request number every citation of the release prints, and the description)
            given = {name: value for name, value in fields.items() if value is not None}
            try:
                record = dataclasses.replace(archive.release(slug), title=title, **given)
            except NoSuchRelease:
                record = Release(slug=slug, title=title, **given)
        archive.save_release(record, actor=_actor())
    click.echo(f"release {record.slug}: {record.title}")


@release.command("list", with_appcontext=False)
@click.option("--all", "withdrawn", is_flag=True, help="Withdrawn releases too (with the reason).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (as the API's /api/releases).")
def release_list(withdrawn: bool, as_json: bool) -> None:
    """List the releases with their counts (emails: as the site counts them, quoted copies apart)."""
    with _open(readonly=True) as archive:
        listing = archive.release_listing(withdrawn=withdrawn)
    if as_json:
        from .api import stats_json

        data = [{**dataclasses.asdict(item.release),
                 "status": "withdrawn" if item.withdrawn else "active", "withdrawn_reason": item.reason,
                 "stats": stats_json(item.stats)}
                for item in listing]
        click.echo(json.dumps({"data": data, "meta": {"count": len(data)}}, ensure_ascii=False, indent=2))
        return
    if not listing:
        click.echo("no releases to list (`--all` lists withdrawn ones too); add one with "
                   "`foia release create SLUG --title T` or `foia ingest FOLDER`")
    for item in listing:
        stats = item.stats
        line = (f"{item.release.slug}\t{item.release.released or '-'}\t{stats.documents} documents, "
                f"{stats.pages} pages, {stats.emails} emails\t{item.release.title}")
        click.echo(line + (f"\tWITHDRAWN: {item.reason or 'no reason given'}" if item.withdrawn else ""))


@release.command("check", with_appcontext=False)
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (as /api/releases/SLUG/production).")
def release_check(slug: str, as_json: bool) -> None:
    """Is the production complete: its Bates sequences, the numbers no page carries (and which
    unstamped pages probably carry them), numbers on two pages, pages withheld in full."""
    with _open(readonly=True) as archive:
        report = archive.completeness(slug)
        letters = letter_statements(archive, slug)
        ranges = letter_bates_ranges(archive, slug)
    if as_json:
        click.echo(json.dumps({"data": {**production_json(report), "letters": letters,
                                        "letter_bates_ranges": ranges}}, ensure_ascii=False, indent=2))
        return
    click.echo(f"{slug}: {report.pages} pages; {report.missing} numbers missing in {report.gaps} gaps, "
               f"{report.duplicates} on two pages or more, {report.unstamped} pages without a readable stamp")
    for said in letters:
        click.echo(f"letter ({said['filename']} p. {said['page']}): {said['pages']} {said['kind']}: "
                   f"\u201c{said['sentence']}\u201d")
    for named in ranges:
        click.echo(f"letter ({named['filename']} p. {named['page']}) names Bates {named['first']}-{named['last']}: "
                   f"{named['produced']} of its {named['numbers']} numbers are on a page here")
    for sequence in report.sequences:
        click.echo(f"{sequence.first} to {sequence.last}: {sequence.stamped} pages")
        for gap in sequence.gaps:
            where = ", ".join(f"{p.filename} p. {p.page}" for p in gap.unread)
            span = gap.first if gap.count == 1 else f"{gap.first} to {gap.last}"
            click.echo(f"  missing {span} ({gap.count}): "
                       + (f"probably the unread stamp of {where}" if where else "on no page")
                       + (f"; inside {gap.sheet.filename}, whose deleted-page sheet (p. {gap.sheet.page}) "
                          "lists pages deleted" if gap.sheet and not where else ""))
        for stamp, page in sequence.short:
            click.echo(f"  {stamp} ({page.filename} p. {page.page}): fewer digits than every other stamp, far "
                       "below them: most likely a digit OCR lost (left out of the gaps; the page image settles it)")
        for duplicate in sequence.duplicates:
            click.echo(f"  {duplicate.stamp} on " + ", ".join(f"{p.filename} p. {p.page}" for p in duplicate.pages))
    for held in report.withheld:
        click.echo(f"{held.filename}: {held.withheld} pages withheld in full, {held.deleted} deleted-page sheets"
                   + (f" standing for {held.deleted_pages} deleted pages" if held.deleted else ""))
    for leaky in report.under_boxes:
        click.echo(f"{leaky.filename}: the file still holds what its boxes hide on page(s) "
                   + ", ".join(map(str, leaky.pages)) + f" ({leaky.characters} characters of its text layer, "
                   f"{leaky.boxes} boxes drawn over a page image that prints under them)")


@release.command("withdraw", with_appcontext=False)
@click.argument("slug")
@click.option("--reason", required=True, help="Shown to anyone following a permalink into it.")
def release_withdraw(slug: str, reason: str) -> None:
    """Withdraw a release: its permalinks answer 410 Gone with the reason (`release restore` undoes it)."""
    with _open() as archive:
        archive.withdraw_release(slug, reason, actor=_actor())
    click.echo(f"withdrew {slug}")


@release.command("move", with_appcontext=False)
@click.argument("slug")
@click.argument("files", nargs=-1, required=True)
def release_move(slug: str, files: tuple[str, ...]) -> None:
    """Move stored files into SLUG from the release they were first ingested into (a file is kept
    once): a corrected release printing again a file of one withdrawn since. Each FILE is the
    file itself or its SHA-256; its permalinks answer again, from SLUG."""
    with _open() as archive:
        for name in files:
            sha256 = name.lower() if ids.is_sha256(name.lower()) else _sha256_of(name)
            document = archive.move_document(sha256, slug, actor=_actor())
            click.echo(f"moved {document.filename} into {slug}")


def _sha256_of(name: str) -> str:
    try:
        return sha256_file(Path(name))
    except OSError as exc:
        raise click.ClickException(f"{name}: cannot read it ({exc.strerror or exc}); give the file, "
                                   "or its SHA-256 (64 hexadecimal digits)") from exc


@release.command("restore", with_appcontext=False)
@click.argument("slug")
def release_restore(slug: str) -> None:
    """Restore a withdrawn release: searchable again, its permalinks answer again."""
    with _open() as archive:
        archive.restore_release(slug, actor=_actor())
    click.echo(f"restored {slug}")


@release.command("restrict", with_appcontext=False)
@click.argument("slug")
@click.option("--person", "people", multiple=True, metavar="EMAIL", help="An account that may read it (repeatable).")
@click.option("--group", "groups", multiple=True, metavar="NAME", help="A group whose members may read it (repeatable).")
@click.option("--open", "open_", is_flag=True, help="Lift the restriction: every reader sees the release again.")
def release_restrict(slug: str, people: tuple[str, ...], groups: tuple[str, ...], open_: bool) -> None:
    """Restrict a release to named people and groups (and admins); to anyone else it does not exist.

    The people and groups given replace those set before; `--open` lifts the restriction."""
    if open_ == bool(people or groups):
        raise click.UsageError("give --person and/or --group to restrict, or --open alone to lift it")
    with _open() as archive:
        restriction = archive.restrict_release(slug, people=people, groups=groups, actor=_actor())
    if restriction is None:
        click.echo(f"{slug} is open to every reader")
    else:
        click.echo(f"{slug} is restricted to people: {', '.join(restriction.people) or '-'}; "
                   f"groups: {', '.join(restriction.groups) or '-'} (and admins)")


@release.command("access", with_appcontext=False)
def release_access() -> None:
    """The restricted releases and who may read them."""
    with _open(readonly=True) as archive:
        restrictions = archive.restrictions()
    if not restrictions:
        click.echo("no release is restricted")
    for slug, restriction in sorted(restrictions.items()):
        click.echo(f"{slug}\tpeople: {', '.join(restriction.people) or '-'}\tgroups: {', '.join(restriction.groups) or '-'}")


@main.group()
def group() -> None:
    """Groups of accounts (a matter, a story) that a restricted release can be open to."""


@group.command("add", with_appcontext=False)
@click.argument("name")
@click.argument("emails", nargs=-1, required=True)
@click.option("--reuse", is_flag=True, help="Make again a group whose old team's notes, tags, exhibit lists or "
              "restricted releases still name it: its new members take them over.")
def group_add(name: str, emails: tuple[str, ...], reuse: bool) -> None:
    """Add accounts to a group (it is made when first used)."""
    with _open() as archive:
        for email in emails:
            archive.set_membership(name, email, True, actor=_actor(), reuse=reuse)
    click.echo(f"{name}: added {', '.join(emails)}")


@group.command("remove", with_appcontext=False)
@click.argument("name")
@click.argument("emails", nargs=-1, required=True)
def group_remove(name: str, emails: tuple[str, ...]) -> None:
    """Take accounts out of a group."""
    with _open() as archive:
        for email in emails:
            archive.set_membership(name, email, False, actor=_actor())
    click.echo(f"{name}: removed {', '.join(emails)}")


@group.command("list", with_appcontext=False)
def group_list() -> None:
    """The groups and their members."""
    with _open(readonly=True) as archive:
        groups = archive.groups()
    if not groups:
        click.echo("no groups; `foia group add NAME EMAIL` makes one")
    for name, members in groups.items():
        click.echo(f"{name}\t{', '.join(members)}")


def _actor() -> str:
    """Who the audit trail names for a command: the operating-system user running it."""
    return f"cli:{getpass.getuser()}"


def _password_link(token: str) -> str:
    """The set-password page's address at the site's address (:func:`_site_address`)."""
    from flask import url_for

    app = _create_app()
    with app.test_request_context(base_url=_site_address("this link points", app)):
        return url_for("accounts.set_password", token=token, _external=True)


def _site_address(links: str, app: Any = None) -> str:
    """FOIA_PUBLIC_URL, the address links printed here start with; unset, `foia run`'s default
    address, saying so on stderr (a site served at another port or host would get links to
    nothing: the note says to open the same path there, or to set the address)."""
    base = (app or _create_app()).config.get("PUBLIC_URL")
    if not base:
        click.echo(f"note: FOIA_PUBLIC_URL is not set, so {links} at {LOCAL_URL} (where `foia run` serves by "
                   "default); served elsewhere, open the same path at the site's address, or set "
                   "FOIA_PUBLIC_URL to it", err=True)
    return str(base or LOCAL_URL)


@main.group()
def user() -> None:
    """Add people, change their roles, disable them, issue password links."""


@user.command("add", with_appcontext=False)
@click.argument("email")
@click.option("--role", type=click.Choice(ROLES), default="reader", show_default=True)
def user_add(email: str, role: str) -> None:
    """Add an account and print its one-time set-password link (the first admin starts here)."""
    with _open(create=True) as archive:
        account = archive.add_account(email, role, actor=_actor())
        token = archive.password_link(account.email, actor=_actor())
    click.echo(f"added {account.email} ({account.role}); they set a password at this one-time link "
               f"(valid {LINK_HOURS} hours):\n{_password_link(token)}")


@user.command("list", with_appcontext=False)
def user_list() -> None:
    """The accounts: address, role, active or disabled, whether a password is set."""
    with _open(readonly=True) as archive:
        accounts = archive.accounts()
    if not accounts:
        click.echo("no accounts; add the first admin with `foia user add EMAIL --role admin`")
    for account in accounts:
        state = "active" if account.active else "disabled"
        click.echo(f"{account.email}\t{account.role}\t{state}\t"
                   f"{'password set' if account.has_password else 'no password yet'}\t{account.created_at}")


@user.command("role", with_appcontext=False)
@click.argument("email")
@click.argument("role", type=click.Choice(ROLES))
def user_role(email: str, role: str) -> None:
    """Change an account's role."""
    with _open() as archive:
        account = archive.set_role(email, role, actor=_actor())
    click.echo(f"{account.email} is now {account.role}")


@user.command("disable", with_appcontext=False)
@click.argument("email")
def user_disable(email: str) -> None:
    """Disable an account: it cannot sign in, and its sessions end at once."""
    with _open() as archive:
        account = archive.set_active(email, False, actor=_actor())
    click.echo(f"disabled {account.email}")


@user.command("enable", with_appcontext=False)
@click.argument("email")
def user_enable(email: str) -> None:
    """Enable a disabled account again."""
    with _open() as archive:
        account = archive.set_active(email, True, actor=_actor())
    click.echo(f"enabled {account.email}")


@user.command("reset", with_appcontext=False)
@click.argument("email")
def user_reset(email: str) -> None:
    """Print a one-time link that sets a new password (the old one works until it is used)."""
    with _open() as archive:
        token = archive.password_link(email, actor=_actor())
    click.echo(f"one-time link for {email} (valid {LINK_HOURS} hours):\n{_password_link(token)}")


@main.command(with_appcontext=False)
@click.argument("slug")
@click.option("--queue", "queue", type=click.IntRange(0, 100_000), default=0, show_default=True,
              help="Also print this many emails of the review queue, likeliest mistakes first.")
def review(slug: str, queue: int) -> None:
    """People's corrections in a release: emails checked, the fields where the machine's new
    reading disagrees with a person's (the person's stands), and corrections no email begins
    at any more."""
    with _open(readonly=True) as archive:
        checked, total = archive.review_progress(slug)
        items = archive.review_queue(slug, show="all")
        unplaced = archive.unplaced_corrections(slug)
    base = _site_address("these links point")
    click.echo(f"{checked} of {total} emails checked by a person")
    disagreeing = [item for item in items if item.disagreements]
    click.echo(f"{len(disagreeing)} email(s) where the machine's new reading disagrees with a person's:")
    for item in disagreeing:
        click.echo(f"  {base}/e/{item.email_id}	{item.filename} p.{item.page}	{', '.join(item.disagreements)}")
    click.echo(f"{len(unplaced)} correction(s) no email begins at any more:")
    for correction, filename in unplaced:
        click.echo(f"  {filename} p.{correction.page} line {correction.line + 1}	{correction.action} by "
                   f"{correction.actor}, {correction.at}	(was {correction.email_id})")
    if queue:
        click.echo("review queue, likeliest mistakes first:")
    for item in [i for i in items if not i.reviewed][:queue]:
        reasons = "; ".join(d.reason for d in item.doubts) or "no doubt recorded"
        click.echo(f"  {base}/e/{item.email_id}	{item.filename} p.{item.page}	{reasons}")


@main.command(with_appcontext=False)
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@click.option("--target", help="Only entries about this account or release.")
def audit(limit: int, target: str | None) -> None:
    """The audit trail, newest first: when, who, what, about what, details."""
    with _open(readonly=True) as archive:
        entries = archive.audit_trail(limit=limit, target=target)
    for entry in entries:
        details = json.dumps(entry.details, ensure_ascii=False) if entry.details else ""
        click.echo(f"{entry.at}\t{entry.actor}\t{entry.action}\t{entry.target or '-'}\t{details}".rstrip())


@main.group()
def context() -> None:
    """Attach context articles (news stories, notes) to a release."""


@context.command("add", with_appcontext=False)
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", default="", help="Default: the article's first heading (or <title>), else the file name.")
@click.option("--outlet", default="", help="Publication, e.g. 'The Intercept'.")
@click.option("--author", default="")
@click.option("--published", default="", help="Publication date, YYYY-MM-DD.")
@click.option("--url", default="", help="Where the article is published; re-adding the same URL updates it.")
def context_add(slug: str, file: Path, **fields: str) -> None:
    """Attach an article (Markdown, plain text or HTML) to a release and link its quotes to emails.

    Adding the same article again (same URL, or same title when there is no URL) updates it.
    """
    from ingest.articles import attach_context

    with _open() as archive:
        article, links = attach_context(archive, slug, file, actor=_actor(), **fields)
    linked = sum(1 for q in links if q.email_id)
    click.echo(f"context {article.id} on {slug}: {article.title!r}; {len(links)} quotation(s), "
               f"{linked} linked to emails, {len(links) - linked} unmatched")
    for q in links:
        where = f"/e/{q.email_id}#p{q.page} ({q.method}, score {q.score:.2f})" if q.email_id else \
            f"unmatched (best score {q.score:.2f})"
        click.echo(f"  {q.ordinal}. \u201c{q.text[:70]}{'…' if len(q.text) > 70 else ''}\u201d -> {where}")


@main.command(with_appcontext=False)
@click.option("--engine", type=click.Choice(ENGINES), default=None,
              help="Build this search engine's index and use it from now on (default: the one in use; "
                   "whoosh unless set).")
def reindex(engine: str | None) -> None:
    """Rebuild the search index from the database."""
    started = time.monotonic()
    with _open() as archive, archive.writing(catch_up=False):
        count = archive.reindex(engine=engine)
        used = archive.engine
    click.echo(f"indexed {count} entries in {time.monotonic() - started:.1f}s ({used})")


@main.command(with_appcontext=False)
@click.argument("target", type=click.Path(path_type=Path))
@click.option("--copy", "copy", is_flag=True,
              help="Copy every byte (as to another disk); by default files are hard-linked where they can be.")
def snapshot(target: Path, copy: bool) -> None:
    """Write a copy of the archive (database, PDFs, live index) that another machine can serve."""
    started = time.monotonic()
    with _open() as archive, archive.writing():
        sizes = archive.snapshot(target, link=not copy)
    click.echo(f"snapshot {target}: database {sizes['database'] / 1e6:.0f} MB, PDFs {sizes['files'] / 1e6:.0f} MB, "
               f"index {sizes['index'] / 1e6:.0f} MB in {time.monotonic() - started:.1f}s")


@main.command(with_appcontext=False)
@click.option("--repair", is_flag=True,
              help="Fix what can be fixed: rebuild the index, re-derive damaged documents from their originals.")
def verify(repair: bool) -> None:
    """Check that the database, the index and the file store agree."""
    from ingest.repair import rederive

    with _open() as archive:
        if not repair:
            report = archive.verify()
        else:
            # Repair writes: hold the writer lock, or it would race a running ingest.
            with archive.writing():
                first = archive.verify(repair=True)
                repaired = first.repaired + rederive(archive, first.rederivable)
                if repaired:
                    archive.record(_actor(), "archive.repair", "", {"repaired": repaired})
                report = archive.verify()
                report.repaired = repaired
    c = report.counts
    click.echo(f"database: {c['releases']} releases ({c['withdrawn releases']} withdrawn), {c['documents']} "
               f"documents ({c['duplicate documents']} duplicates, not searched), {c['pages']} pages, "
               f"{c['emails']} emails and {c['quoted copies']} quoted copies inside them")
    click.echo(f"index: {report.index_entries} entries = {report.index_entries - report.index_pages} emails "
               f"and quoted copies + {report.index_pages} pages (or parts of pages) outside any email")
    click.echo(f"audit trail: {report.audit_entries} entries, newest seal {report.audit_head or '-'}")
    for line in report.repaired:
        click.echo(f"repaired: {line}")
    for line in report.problems:
        click.echo(f"PROBLEM: {line}", err=True)
    if not report.ok:
        sys.exit(FAILED_EXIT)
    click.echo("ok: database, index, file store and audit trail agree")


LOCAL_URL = "http://127.0.0.1:5000"  # where `foia run` serves by default


# (a query's NOT, "-benghazi", is a word of it, not an unknown option)
@main.command(with_appcontext=False, context_settings={"ignore_unknown_options": True})
@click.argument("words", nargs=-1, required=True)
@click.option("--release", "release_slug", help="Only this release (its slug, in any case).")
@click.option("--sort", type=click.Choice(SORTS), default="relevance",
              show_default=True, help="Order of the hits (-date: newest first).")
@click.option("--limit", type=click.IntRange(1, 200), default=20, show_default=True, help="Hits to print.")
@click.option("--json", "as_json", is_flag=True,
              help='Print what /api/search answers: {"data": {"hits", "facets", "terms"}, "meta": {...}}.')
def search(words: tuple[str, ...], release_slug: str | None, sort: str, limit: int, as_json: bool) -> None:
    """Search the archive; print each hit's permalink, date, Bates range, sender and subject.

    The words need no quotes for the shell (foia search face recognition); the query
    syntax is the site's (README, "Search syntax"): quote a phrase for the shell and for
    the query, foia search '"face recognition"'. Permalinks are absolute, built on
    FOIA_PUBLIC_URL. A word with one dash is the query's NOT (foia search libya -benghazi).
    """
    if unknown := next((word for word in words if word.startswith("--")), None):
        raise click.UsageError(f"no such option: {unknown} (the options are --release, --sort, --limit and --json; "
                               "a query's NOT is one dash: -word)")
    request = SearchRequest(query=" ".join(words), sort=sort, page_size=limit,
                            filters=(("release", release_slug),) if release_slug else ())
    with _open(readonly=True) as archive:
        result = archive.search(request)
    app = _create_app()
    base = str(app.config.get("PUBLIC_URL") or LOCAL_URL)
    for message in result.messages:
        click.echo(f"note: {message}", err=True)
    if not app.config.get("PUBLIC_URL") and result.hits:
        click.echo(f"note: FOIA_PUBLIC_URL is not set, so permalinks point at {LOCAL_URL} (where "
                   "`foia run` serves); set it to the archive's public address before citing them", err=True)
    if as_json:
        from .api import search_body

        # The API's own serializer, its URLs built on the public address rather than a request's host.
        with app.test_request_context("/", base_url=base):
            body = search_body(result.request, result, list(result.messages))
        click.echo(json.dumps(body, ensure_ascii=False, indent=2))
        return
    shown = f"showing {len(result.hits)}" if result.total > len(result.hits) else "all shown"
    click.echo(f"{result.total} hit(s), {shown}")
    for row in hit_rows(result):
        click.echo(f"{base}{row.path}\t{row.date}\t{row.bates or '-'}\t{row.sender}\t{row.subject}")
        if row.snippet:
            click.echo(f"    p.{row.page}: {row.snippet}" if row.page is not None else f"    {row.snippet}")


@main.command("eval", with_appcontext=False)
@click.argument("release_dir", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--release", "release_slug", help="Score the archive's reading of this release against the emails "
              "people have checked or corrected (instead of a folder's truth).")
@click.option("--json", "as_json", is_flag=True)
def evaluate(release_dir: Path | None, release_slug: str | None, as_json: bool) -> None:
    """Ingest a release folder (or a folder of them) into a scratch archive and report:
    accuracy against its truth.json, or, for a real release, what was found. With --release:
    the machine's reading today against what people checked in the archive."""
    from ingest.evaluate import evaluate_checked, evaluate_release, format_report

    if (release_dir is None) == (release_slug is None):
        raise click.UsageError("give a release folder, or --release SLUG (not both)")
    if release_slug is not None:
        with _open(readonly=True) as archive:
            reports = [evaluate_checked(archive, release_slug)]
    else:
        assert release_dir is not None
        reports = evaluate_release(release_dir)
    if as_json:
        click.echo(json.dumps(reports, indent=2))
    else:
        click.echo("\n\n".join(format_report(report) for report in reports))
    if any(report.get("failed") for report in reports):
        sys.exit(FAILED_EXIT)


@main.command(with_appcontext=False)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=5000, type=click.IntRange(1, 65535), show_default=True)
@click.option("--threads", default=16, type=int, show_default=True,
              help="Threads per process (searches beyond FOIA_SEARCH_SLOTS wait their turn, idle).")
@click.option("--processes", default=1, type=click.IntRange(1, 64), show_default=True,
              help="Server processes sharing the port (one per core uses every core; each keeps its own "
                   "warm search index).")
@click.option("--debug", is_flag=True, help="Flask's development server with reloading.")
@click.option("--runner/--no-runner", default=True, show_default=True,
              help="Supervise an ingest runner for uploaded batches (restarted if it dies); --no-runner "
                   "when a separate `foia ingest-runner` runs them.")
@click.option("--nginx", "use_nginx", is_flag=True,
              help="Put nginx in front (started and stopped with the site): it keeps clients' connections "
                   "and hands each request to whichever process is free (README: The site).")
def run(host: str, port: int, threads: int, processes: int, debug: bool, runner: bool, use_nginx: bool) -> None:
    """Serve the site (gunicorn; Flask's dev server with --debug). Ctrl-C or SIGTERM stops it.

    Citations, permalinks and API links name FOIA_PUBLIC_URL, the archive's
    public address (e.g. https://foia.example.org), never the Host header of a
    request. Bound to a loopback address (the default), it defaults to
    http://HOST:PORT; any other --host needs FOIA_PUBLIC_URL, or
    FOIA_TRUSTED_HOSTS (a JSON list of the host names requests may name).
    Behind a reverse proxy, set FOIA_PROXIES to the number of proxies in front
    so their X-Forwarded-* headers are honoured (otherwise they are ignored).
    """
    from . import protocol, proxy, server, urls

    nginx_program = None
    if use_nginx and not debug:
        try:
            nginx_program = proxy.nginx_command()
        except proxy.NginxUnavailable as exc:
            raise click.ClickException(str(exc)) from exc
        # one more proxy in front: the client's address and scheme come from nginx's X-Forwarded-*
        os.environ["FOIA_PROXIES"] = str(int(os.environ.get("FOIA_PROXIES") or 0) + 1)
    app = _create_app()
    protocol.log_to_stderr()
    if not app.config.get("PUBLIC_URL") and not app.config.get("TRUSTED_HOSTS"):
        app.config["PUBLIC_URL"] = urls.default_public_url(host, port)
    if debug:
        # (not app.run: under a Flask CLI group it declines to serve and returns at once)
        from werkzeug.serving import run_simple

        app.debug = True
        run_simple(host, port, app, use_reloader=True, use_debugger=True, threaded=True)
        return
    problem = urls.missing_configuration(app)
    if problem:
        raise click.UsageError(f"--host {host} is reachable from other machines, and {problem}")
    try:
        server.check_port_free(host, port)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    links = app.config.get("PUBLIC_URL") or "the request's host, one of " + ", ".join(app.config["TRUSTED_HOSTS"])
    front = proxy.Nginx(host, port, body_mb=int(app.config["UPLOAD_MAX_MB"]) + 1, command=nginx_program) \
        if nginx_program else None
    click.echo(f"serving {app.config['ARCHIVE_HOME']} on http://{host}:{port}/ "
               f"({'nginx in front of ' if front else ''}{processes} process(es) x {threads} threads); "
               f"citations and permalinks name {links}")
    supervisor = server.RunnerSupervisor(Path(app.config["ARCHIVE_HOME"])) if runner else None
    if supervisor:
        supervisor.start()
    try:
        server.serve(app, host, port, threads=threads, processes=processes, nginx=front)
    except proxy.NginxUnavailable as exc:
        raise click.ClickException(str(exc)) from exc
    finally:
        if front:
            front.stop()
        if supervisor:
            supervisor.stop()


def _home_everywhere(group: click.Group) -> None:
    """`foia search x --home DIR` as well as `foia --home DIR search x`."""
    for command in group.commands.values():
        command.params.append(_home_param())
        if isinstance(command, click.Group):
            _home_everywhere(command)


_home_everywhere(main)
