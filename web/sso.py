"""Single sign-on with OpenID Connect (Authlib, this module only): the authorization code flow.

Off unless ``OIDC_ISSUER``, ``OIDC_CLIENT_ID`` and ``OIDC_CLIENT_SECRET`` are set
(``FOIA_OIDC_…``). Then the sign-in page offers "Sign in with ``OIDC_NAME``":

    GET  /signin/sso?next=      -> the provider's authorization endpoint, with a fresh state and
                                nonce kept in the signed session (nothing else is changed)
    GET  /signin/sso/callback   the state checked; the code exchanged for tokens (client secret,
                                over the back channel); the ID token's signature (the provider's
                                published keys), issuer, audience, expiry and nonce checked by
                                Authlib; its address must be verified by the provider; it signs
                                in the active account with that address

An address with no account is refused, unless ``OIDC_CREATE_READERS`` lets an admin's
configuration create it as a reader. Every answer that comes back is audited
(``signin.success`` / ``signin.failure`` with ``via: oidc``); a start that fails (the provider
unreachable) is logged, since a GET writes nothing. The provider's discovery document must name
the configured issuer, so a provider cannot speak for another.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app, redirect, render_template, request, session
from joserfc.errors import JoseError
from werkzeug.exceptions import NotFound
from werkzeug.wrappers.response import Response

from archive import Account, AccountError

from . import get_writer
from .urls import public_url

NAME = "sso"
TIMEOUT_SECONDS = 10  # each request to the provider (discovery, keys, token)
NEXT_KEY = "sso_next"


def enabled(app: Flask) -> bool:
    return all(str(app.config.get(key) or "") for key in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"))


def configure(app: Flask) -> None:
    """Register the provider with Authlib when single sign-on is configured."""
    if not enabled(app):
        return
    issuer = str(app.config["OIDC_ISSUER"]).rstrip("/")
    if not issuer.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValueError(f"FOIA_OIDC_ISSUER {issuer!r} must be an https address (plain http only on loopback)")
    oauth = OAuth(app)
    oauth.register(NAME, client_id=app.config["OIDC_CLIENT_ID"], client_secret=app.config["OIDC_CLIENT_SECRET"],
                   server_metadata_url=f"{issuer}/.well-known/openid-configuration",
                   client_kwargs={"scope": app.config["OIDC_SCOPE"], "default_timeout": TIMEOUT_SECONDS})
    app.extensions["foia_sso"] = oauth
    app.jinja_env.globals["sso_name"] = str(app.config["OIDC_NAME"])  # the sign-in page offers it


def _client() -> Any:
    oauth = current_app.extensions.get("foia_sso")
    if oauth is None:
        raise NotFound("Single sign-on is not set up on this archive.")
    return oauth.create_client(NAME)


def _checked_issuer(client: Any) -> None:
    """The provider's discovery document names the configured issuer (OIDC Discovery, 4.3)."""
    issuer = client.load_server_metadata().get("issuer", "")
    if str(issuer).rstrip("/") != str(current_app.config["OIDC_ISSUER"]).rstrip("/"):
        raise OAuthError(description=f"the provider's metadata names the issuer {str(issuer)[:200]!r}, "
                                     "not the one configured")


def start(safe_next: str) -> Response | tuple[str, int]:
    """To the provider, remembering where to return to (a path on this site only)."""
    client = _client()
    try:
        _checked_issuer(client)
        session[NEXT_KEY] = safe_next
        response: Response = client.authorize_redirect(public_url("accounts.sso_callback"))
    except requests.RequestException as exc:
        return _refused(f"the provider could not be reached ({_why(exc)}); try again later", "", record=False)
    except (OAuthError, ValueError) as exc:
        return _refused(_why(exc), "", record=False)  # starting writes nothing: the log says it
    return response


def callback() -> Response | tuple[str, int]:
    """Back from the provider: check everything, then sign in the account the address names."""
    client = _client()
    claimed = ""
    try:
        _checked_issuer(client)
        token = client.authorize_access_token()
        claims = token.get("userinfo")
        if not claims:
            raise OAuthError(description="the provider sent no ID token")
        claimed = str(claims.get("email") or "")[:254]
        if not claimed or claims.get("email_verified") is not True:
            raise OAuthError(description="the provider does not vouch for an email address (email_verified)")
    except (OAuthError, JoseError, requests.RequestException, ValueError, KeyError) as exc:
        return _refused(_why(exc), claimed)
    try:
        account = get_writer().sign_in_verified(
            claimed, via="oidc", origin=request.remote_addr or "-",
            details={"issuer": current_app.config["OIDC_ISSUER"], "subject": str(claims.get("sub", ""))[:200]},
            create_role="reader" if current_app.config["OIDC_CREATE_READERS"] else None)
    except AccountError as exc:  # not an address at all
        return _refused(str(exc), claimed)
    if account is None:  # sign_in_verified recorded the failure
        return _refused(f"no active account has the address {claimed!r}; ask an admin to add one", claimed,
                        record=False)
    return _signed_in(account)


def _signed_in(account: Account) -> Response:
    target = session.get(NEXT_KEY) or "/"
    session.clear()  # a new session for a new sign-in (no fixation); the flow's state goes with it
    session.permanent = True
    session.update(account=account.email, version=account.session_version)
    return redirect(target)


def _refused(why: str, claimed: str, *, record: bool = True) -> tuple[str, int]:
    """The sign-in page saying why (401), the refusal logged and (``record``) audited, the flow's
    state dropped from the session."""
    current_app.logger.warning("single sign-on refused: %s", why)
    if record:
        get_writer().record("anonymous", "signin.failure", claimed,
                            {"via": "oidc", "why": why[:300], "from": request.remote_addr or "-"})
    for key in [k for k in session if k.startswith(f"_state_{NAME}_")] + [NEXT_KEY]:
        session.pop(key, None)
    return render_template("signin.html", next="", error=f"Single sign-on did not sign you in: {why}."), 401


def _why(exc: Exception) -> str:
    """What went wrong, for the person and the audit trail (bounded, printable)."""
    error, description = getattr(exc, "error", None), getattr(exc, "description", None)
    text = ": ".join(str(part) for part in (error, description) if part) or str(exc) or type(exc).__name__
    return "".join(c for c in str(text) if c.isprintable())[:300]
