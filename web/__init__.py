"""The Flask site: search, read and cite."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, g

from archive import Archive, default_home

__all__ = ["create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Configuration from defaults, then the instance folder, then FOIA_* environment."""
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(
        ARCHIVE_HOME=str(default_home()),
        MAX_QUERY_LENGTH=2000,
        PAGE_SIZE=20,
        MAX_PAGE_SIZE=100,
    )
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.from_prefixed_env("FOIA")
    else:
        app.config.from_mapping(test_config)

    from . import views

    app.register_blueprint(views.bp)

    @app.teardown_appcontext
    def close_archive(exc: BaseException | None) -> None:
        archive = g.pop("archive", None)
        if archive is not None:
            archive.close()

    return app


def get_archive() -> Archive:
    """The archive for this request, opened read-only (the site never writes)."""
    from flask import current_app

    if "archive" not in g:
        g.archive = Archive.open(Path(current_app.config["ARCHIVE_HOME"]), readonly=True)
    return g.archive  # type: ignore[no-any-return]
