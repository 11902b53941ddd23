"""A small OpenID Connect provider for the tests, built from Authlib's own server components and
served on loopback: discovery, an authorization endpoint that signs in whoever the test says
(no login form), a token endpoint checking the client's secret, and its public keys. ID tokens
are signed RS256 with a key made for the test run.

A test may make it misbehave as a broken or hostile provider would: another issuer or audience
in the ID token, a nonce other than the one the site sent, a metadata document naming another
issuer, an address it does not vouch for.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oidc.core import AuthorizationCodeMixin, UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify
from joserfc.jwk import KeySet, RSAKey
from werkzeug.serving import make_server

CLIENT_ID = "foia-archive-test"
CLIENT_SECRET = secrets.token_urlsafe(24)
KEY = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"}, private=True)


@dataclass
class Person:
    sub: str
    email: str
    email_verified: bool = True


@dataclass
class Misbehaviour:
    """What the provider gets wrong, if anything (all off: a correct provider)."""

    issuer: str | None = None  # in the ID token
    audience: str | None = None  # in the ID token
    nonce: str | None = None  # in the ID token, instead of the one the site sent
    metadata_issuer: str | None = None  # in the discovery document


@dataclass
class Provider:
    issuer: str = ""
    redirect_uris: list[str] = field(default_factory=list)
    person: Person | None = None  # who "signs in" at the provider next; None: the person declines
    wrong: Misbehaviour = field(default_factory=Misbehaviour)
    codes: dict[str, Code] = field(default_factory=dict)
    tokens_issued: int = 0


@dataclass
class Client(ClientMixin):
    provider: Provider

    def get_client_id(self) -> str:
        return CLIENT_ID

    def get_default_redirect_uri(self) -> str:
        return self.provider.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in (scope or "").split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.provider.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, CLIENT_SECRET)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post") if endpoint == "token" else True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class Code(AuthorizationCodeMixin):
    code: str
    redirect_uri: str
    scope: str
    person: Person
    nonce: str | None
    auth_time: int

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


def create_provider_app(provider: Provider) -> Flask:
    app = Flask("oidc-test-provider")

    class CodeGrant(grants.AuthorizationCodeGrant):
        TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

        def save_authorization_code(self, code: str, request: Any) -> None:
            provider.codes[code] = Code(code, request.payload.redirect_uri, request.scope, request.user,
                                        request.payload.data.get("nonce"), int(time.time()))

        def query_authorization_code(self, code: str, client: Any) -> Code | None:
            return provider.codes.get(code)

        def delete_authorization_code(self, authorization_code: Code) -> None:
            provider.codes.pop(authorization_code.code, None)

        def authenticate_user(self, authorization_code: Code) -> Person:
            return authorization_code.person

    class IdTokens(OpenIDCode):
        def exists_nonce(self, nonce: str, request: Any) -> bool:
            return any(c.nonce == nonce for c in provider.codes.values())

        def resolve_client_private_key(self, client: Any) -> RSAKey:
            return KEY

        def get_encode_header(self, client: Any) -> dict[str, str]:
            return {"alg": "RS256", "kid": "test-key"}

        def get_client_claims(self, client: Any) -> dict[str, Any]:
            return {"iss": provider.wrong.issuer or provider.issuer, "aud": [provider.wrong.audience or CLIENT_ID]}

        def get_authorization_code_claims(self, authorization_code: Any) -> dict[str, Any]:
            claims: dict[str, Any] = super().get_authorization_code_claims(authorization_code)
            if provider.wrong.nonce:
                claims["nonce"] = provider.wrong.nonce
            return claims

        def generate_user_info(self, user: Person, scope: str) -> UserInfo:
            return UserInfo(sub=user.sub, email=user.email, email_verified=user.email_verified)

    def save_token(token: dict[str, Any], request: Any) -> None:
        provider.tokens_issued += 1

    server = AuthorizationServer(app, query_client=lambda client_id: Client(provider) if client_id == CLIENT_ID
                                 else None, save_token=save_token)
    server.register_grant(CodeGrant, [IdTokens(require_nonce=True)])

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        base = provider.issuer
        return jsonify(issuer=provider.wrong.metadata_issuer or base, authorization_endpoint=f"{base}/authorize",
                       token_endpoint=f"{base}/token", jwks_uri=f"{base}/jwks", response_types_supported=["code"],
                       subject_types_supported=["public"], id_token_signing_alg_values_supported=["RS256"],
                       token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"])

    @app.get("/jwks")
    def jwks() -> Any:
        return jsonify(KeySet([KEY]).as_dict(private=False))

    @app.get("/authorize")
    def authorize() -> Any:
        try:
            grant = server.get_consent_grant(end_user=provider.person)
        except OAuth2Error as error:
            return jsonify(error=error.error, description=error.description), 400
        return server.create_authorization_response(grant=grant, grant_user=provider.person)

    @app.post("/token")
    def token() -> Any:
        return server.create_token_response()

    return app


@contextlib.contextmanager
def serving(provider: Provider) -> Iterator[Provider]:
    """The provider on a loopback port of its own, for as long as the block runs."""
    server = make_server("127.0.0.1", 0, create_provider_app(provider), threaded=True)
    provider.issuer = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        thread.join(timeout=10)
