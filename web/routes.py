"""Every URL of the site, in one table: (blueprint, rule, endpoint, view).

Pages live in the ``site`` blueprint and their JSON twins in ``api`` under
/api/. Templates and views build links with ``url_for`` from these endpoint
names, never by hand. The public site is read-only: GET (and HEAD) only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, Flask

from . import api, views

ROUTES: list[tuple[str, str, str, Callable[..., Any]]] = [
    ("site", "/", "home", views.home),
    ("site", "/search", "search", views.search),
    ("site", "/search/export.<fmt>", "export", views.export),
    ("site", "/r/<slug>", "release", views.release),
    ("site", "/e/<email_id>", "email", views.email),
    ("site", "/d/<doc_id>", "document", views.document),
    ("site", "/d/<doc_id>.pdf", "pdf", views.pdf),
    ("site", "/d/<doc_id>/p/<int:number>", "page", views.page),
    ("site", "/d/<doc_id>/p/<int:number>.png", "page_image", views.page_image),
    ("site", "/bates/<number>", "bates", views.bates),
    ("api", "", "index", api.index),
    ("api", "/releases", "releases", api.releases),
    ("api", "/releases/<slug>", "release", api.release),
    ("api", "/search", "search", api.search),
    ("api", "/emails/<email_id>", "email", api.email),
    ("api", "/documents/<doc_id>", "document", api.document),
    ("api", "/documents/<doc_id>/pages/<int:number>", "page", api.page),
    ("api", "/bates/<number>", "bates", api.bates),
]

PREFIXES = {"site": "", "api": "/api"}


def register(app: Flask) -> None:
    blueprints = {name: Blueprint(name, __name__, url_prefix=prefix or None) for name, prefix in PREFIXES.items()}
    for name, rule, endpoint, view in ROUTES:
        blueprints[name].add_url_rule(rule, endpoint, view, methods=["GET"])
    app.context_processor(views.template_helpers)
    for blueprint in blueprints.values():
        app.register_blueprint(blueprint)
