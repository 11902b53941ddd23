"""Sign-in throttling, and rate limits on the requests that cost the site the most.

Sign-in: failed attempts counted per account and per client address, in-process (each
server process counts its own), which is enough to turn password guessing from thousands
of tries a minute into a handful; a lockout ends by itself when the window slides past the
failures, so nobody can lock an account for good.

Rate limits (Flask-Limiter, the one module that imports it): each group of ``RATE_LIMITS``
bounds how often one client asks for what costs the most to answer: whole result sets
exported or tagged, exhibit lists exported (a stamped PDF of up to 2,000 pages), searches
with a wildcard or fuzzy word, the redaction reports, set-password links (each password set
is an argon2 hash), starts of single sign-on (each asks the identity provider) and changes to
one's work product (notes, tags, exhibit lists, saved searches: rows without end); and, by the
records it would add (``spend``), tagging a whole search, and bands of page images cut anew
(each reads a page's image whole: ``RECORD_LIMITS``). A client
is the account signed in, else the client's address (the proxy's word for it with
``PROXIES``; an IPv6 address by its /64). Over a limit: 429 in the one error shape,
saying which limit and when to come back, with ``Retry-After``. Each group is configurable (``FOIA_RATE_LIMIT_EXPORTS="5 per
minute; 50 per hour"``; empty: no limit); counts are kept per server process unless
``RATELIMIT_STORAGE_URI`` names a shared store (``redis://…``).
"""

from __future__ import annotations

import contextlib
import ipaddress
import math
import threading
import time
from collections import deque
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from flask import Flask, Response, current_app, g, request
from flask_limiter import Limiter, RequestLimit
from limits import parse_many
from werkzeug.exceptions import BadRequest, TooManyRequests

from archive.query import expands, parse_query


@dataclass(frozen=True)
class RateLimit:
    """One group of endpoints sharing one count per client: ``setting`` names its limit in the
    configuration (default ``default``); ``what`` says what was asked for too often."""

    setting: str
    default: str
    what: str
    endpoints: tuple[str, ...]
    expanding_only: bool = False  # only searches with a wildcard or fuzzy word count


RATE_LIMITS = (
    RateLimit("RATE_LIMIT_EXPORTS", "10 per minute; 100 per hour", "whole result sets (exports, tagging a search)",
              ("site.export", "edit.tag_search")),
    RateLimit("RATE_LIMIT_EXHIBIT_EXPORTS", "10 per minute; 60 per hour", "exhibit list exports",
              ("edit.export_exhibits",)),
    RateLimit("RATE_LIMIT_EXPANDING_SEARCHES", "30 per minute; 300 per hour", "searches with a wildcard or fuzzy word",
              ("site.search", "api.search", "site.export", "edit.tag_search"), expanding_only=True),
    RateLimit("RATE_LIMIT_REPORTS", "30 per minute; 300 per hour", "redaction reports",
              ("site.redactions", "site.redactions_csv", "site.changes", "site.changes_csv", "site.exemptions",
               "site.production", "api.redactions", "api.changes", "api.exemptions", "api.production")),
    RateLimit("RATE_LIMIT_PASSWORD_LINKS", "30 per minute; 300 per hour", "set-password requests",
              ("accounts.set_password",)),
    RateLimit("RATE_LIMIT_SSO", "60 per minute; 600 per hour", "single sign-on attempts",
              ("accounts.sso", "accounts.sso_callback")),
    # each is a row or more (and an audit record) an account adds: without it one account could add millions
    RateLimit("RATE_LIMIT_WORK", "60 per minute; 600 per hour; 3000 per day",
              "changes to notes, tags, exhibit lists and saved searches",
              ("edit.add_note", "edit.edit_note", "edit.delete_note", "edit.note_visibility", "edit.add_tag",
               "edit.remove_tag", "edit.tag_visibility",
               "edit.tag_search", "edit.create_exhibit_list", "edit.add_exhibit", "edit.change_exhibits",
               "edit.delete_exhibit_list",
               "edit.save_search", "edit.saw_search", "edit.delete_search")),
)


# What one request may add by the thousand is counted by what it adds (``spend``), per client.
# (default, what is counted): bands of page images cut anew are a passage's lines, each a page image read whole
RECORD_LIMITS = {"RATE_LIMIT_TAGGED": ("20000 per hour; 50000 per day", "records at once"),
                 "RATE_LIMIT_PAGE_BANDS": ("120 per minute; 1200 per hour", "page image bands cut")}
# one spending at a time in this process (its threads share the in-process counts; with a
# shared store, processes can still race each other by one request's cost at most each)
_SPENDING = threading.Lock()


class FailureWindow:
    """At most ``limit`` failures per key within ``seconds``; then the key is blocked."""

    def __init__(self, limit: int, seconds: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 100_000) -> None:
        self.limit, self.seconds, self.clock, self.max_keys = limit, seconds, clock, max_keys
        self._failures: dict[Hashable, deque[float]] = {}
        self._refused: dict[Hashable, float] = {}  # key -> when a refusal of it was last noted
        self._lock = threading.Lock()

    def blocked(self, key: Hashable) -> bool:
        with self._lock:
            return len(self._recent(key)) >= self.limit

    def failed(self, key: Hashable) -> None:
        with self._lock:
            if len(self._failures) >= self.max_keys:  # a flood of made-up keys: forget the oldest
                self._failures.pop(next(iter(self._failures)))
            self._recent(key).append(self.clock())

    def clear(self, key: Hashable) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def first_refusal(self, key: Hashable) -> bool:
        """Is this the first refusal of a blocked ``key`` within ``seconds`` (the one worth an
        audit record: one per request let anyone write the audit trail without end)?"""
        with self._lock:
            now = self.clock()
            last = self._refused.get(key)
            if last is not None and last > now - self.seconds:
                return False
            if len(self._refused) >= self.max_keys:
                self._refused.pop(next(iter(self._refused)))
            self._refused[key] = now
            return True

    def _recent(self, key: Hashable) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= self.clock() - self.seconds:
            times.popleft()
        return times


def configure(app: Flask) -> None:
    """The rate limiter of this app (its defaults first, so configuration overrides them)."""
    for group in RATE_LIMITS:
        app.config.setdefault(group.setting, group.default)
    for setting, (default, _) in RECORD_LIMITS.items():
        app.config.setdefault(setting, default)
    app.config.setdefault("RATELIMIT_STORAGE_URI", "memory://")
    app.config.setdefault("RATELIMIT_STRATEGY", "moving-window")
    # every limit of a group is asked, so Retry-After names the wait for the one freeing last
    app.config.setdefault("RATELIMIT_FAIL_ON_FIRST_BREACH", False)
    app.after_request(_retry_after)
    app.extensions["foia_limiter"] = Limiter(_client, app=app, on_breach=_breached)


def limited(app: Flask, endpoint: str, view: Callable[..., Any]) -> Callable[..., Any]:
    """``view`` counted against the rate limits of ``endpoint``'s groups, if any."""
    limiter: Limiter = app.extensions["foia_limiter"]
    for group in RATE_LIMITS:
        if endpoint in group.endpoints:
            view = limiter.shared_limit(_setting(group.setting), scope=group.setting,
                                        exempt_when=_plain_search if group.expanding_only else None,
                                        error_message=_message(group))(view)
    return view


def spend(setting: str, cost: int, what: str) -> None:
    """Count ``cost`` (the records a request would add) against the client's limits ``setting``
    of ``RECORD_LIMITS``: all of it, or, when that would pass one, none and 429 saying when to
    come back, or 400 saying to narrow it when it is more than a whole limit allows (``what``:
    what the request would do, for the message)."""
    spec = str(current_app.config[setting] or "")
    counted = _counted(setting)
    if not spec or cost < 1 or counted is None:
        return
    counter, ids = counted
    items = parse_many(spec)
    too_big = [item for item in items if cost > item.amount]
    if too_big:  # waiting would never let it through: say so, with no time to come back
        raise BadRequest(f"{what}, more than {too_big[0]} allows (FOIA_{setting}); narrow the search")
    with _SPENDING:  # tested and counted as one step: two requests at once cannot both pass on one budget
        over = [item for item in items if not counter.test(item, *ids, cost=cost)]
        if not over:
            for item in items:
                counter.hit(item, *ids, cost=cost)
            return
        wait = max(max(1, math.ceil(counter.get_window_stats(item, *ids).reset_time - time.time()))
                   for item in over)
    g.rate_limit_wait = wait
    who = "this account" if g.get("account") else "this address"
    raise TooManyRequests(f"Too many {RECORD_LIMITS[setting][1]} from {who}: {what}; at most {over[0]} (FOIA_{setting}). "
                          f"Try again in {wait} seconds.")


def take(setting: str) -> str:
    """Count one request against the client's group ``setting`` of ``RATE_LIMITS`` (the counts
    its endpoints share): "" when within it, else why not (nothing counted), for a page that
    does less rather than answer 429 (a record opened from a wildcard search, left unmarked)."""
    spec = str(current_app.config[setting] or "")
    counted = _counted(setting)
    if not spec or counted is None:
        return ""
    counter, ids = counted
    items = parse_many(spec)
    with _SPENDING:
        over = [item for item in items if not counter.test(item, *ids)]
        if not over:
            for item in items:
                counter.hit(item, *ids)
            return ""
    who = "this account" if g.get("account") else "this address"
    group = next(group for group in RATE_LIMITS if group.setting == setting)
    return f"Too many {group.what} from {who}: at most {over[0]} (FOIA_{setting})"


def _counted(setting: str) -> tuple[Any, tuple[str, ...]] | None:
    """The limiter's own moving windows, and what it counts ``setting``'s group under for this
    client (as its decorators do: the key prefix first when one is set, so a shared store's
    budgets are one); None when rate limits are turned off (``FOIA_RATELIMIT_ENABLED=false``)."""
    limiter: Limiter = current_app.extensions["foia_limiter"]
    if not limiter.enabled:
        return None
    prefix = str(current_app.config.get("RATELIMIT_KEY_PREFIX") or "")
    return limiter.limiter, (*((prefix,) if prefix else ()), _client(), setting)


def _setting(name: str) -> Callable[[], str]:
    return lambda: str(current_app.config[name] or "")


def _client() -> str:
    """Who is counted: the account signed in, else the client's address (an IPv6 address by its
    /64, the block one subscriber is given, which they could otherwise walk through)."""
    account = g.get("account")
    return f"account:{account.email}" if account else f"address:{client_block(request.remote_addr or '-')}"


def client_block(address: str) -> str:
    """A client address as counted: itself, or an IPv6 address's /64."""
    with contextlib.suppress(ValueError):
        if ipaddress.ip_address(address).version == 6:
            return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return address


def _plain_search() -> bool:
    return not expanding(request.args.get("q", ""))


def expanding(query: str) -> bool:
    """Whether ``query`` has a wildcard or fuzzy word: what RATE_LIMIT_EXPANDING_SEARCHES counts."""
    return expands(parse_query(query[:int(current_app.config["MAX_QUERY_LENGTH"])]).node)


def _breached(limit: RequestLimit) -> None:
    """Keep the limit breached that frees the client last (a minute's and an hour's may both be)."""
    known: RequestLimit | None = g.get("rate_limit_breached")
    if known is None or limit.window.reset_time > known.window.reset_time:
        g.rate_limit_breached = limit


def _wait() -> int:
    limit: RequestLimit | None = g.get("rate_limit_breached")
    return max(1, math.ceil(limit.window.reset_time - time.time())) if limit else int(g.get("rate_limit_wait", 60))


def _message(group: RateLimit) -> Callable[[], str]:
    def message() -> str:
        limit: RequestLimit | None = g.get("rate_limit_breached")
        who = "this account" if g.get("account") else "this address"
        return (f"Too many {group.what} from {who}: at most {limit.limit if limit else current_app.config[group.setting]}"
                f" (FOIA_{group.setting}). Try again in {_wait()} seconds.")

    return message


def _retry_after(response: Response) -> Response:
    if response.status_code == 429 and (g.get("rate_limit_breached") or g.get("rate_limit_wait")) is not None:
        response.headers["Retry-After"] = str(_wait())
    return response
