"""caseweb: the app factory."""
from pathlib import Path

from flask import Flask

from . import transactions  # noqa: F401 (SQLite connection and transaction hooks)
from .config import ROOT, load_config
from .extensions import babel, csrf, db, limiter, login_manager, migrate
from .filemodes import private_dir, secure_sqlite


def create_app(config=None) -> Flask:
    """Build the app; `config` (a dict) overrides the environment."""
    cfg = load_config(config)
    app = Flask(
        __name__,
        instance_path=cfg["INSTANCE_PATH"],
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.update(cfg)
    private_dir(Path(app.instance_path))
    secure_sqlite(app.config["SQLALCHEMY_DATABASE_URI"])
    _trust_proxies(app)

    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    _init_limiter(app)
    login_manager.init_app(app)

    from . import i18n, memo, models, security  # noqa: F401 (models registers the tables)
    memo.watch(models.Organization, models.User, models.ListOption)
    i18n.init_app(app)
    security.init_app(app)
    _register_blueprints(app)

    from . import audit, authz, cli, db_roles, errors, htmx, navigation
    audit.init_app(app)
    authz.init_app(app)
    db_roles.init_app(app)
    cli.init_app(app)
    navigation.init_app(app)
    errors.init_app(app)
    htmx.init_app(app)
    from .reports import dirty as report_days
    report_days.init_app(app)  # changed rows mark the precomputed indicator days they touch
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies (CASEWEB_TRUSTED_PROXIES), take the client address and scheme
    from the last N X-Forwarded-For/-Proto entries; with 0 (default) those headers are ignored,
    so a client cannot choose the address its limits and access-log rows are kept under."""
    count = app.config["TRUSTED_PROXIES"]
    if count > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)


def _init_limiter(app: Flask) -> None:
    """Bind the limiter; each app decides per request whether limits apply.

    The limiter is one module global with a single `enabled` flag, so the last
    app created would otherwise switch limits on or off for every app in the
    process (tests build several apps).
    """
    wanted = app.config["RATELIMIT_ENABLED"]
    app.config["RATELIMIT_ENABLED"] = True
    limiter.init_app(app)
    app.config["RATELIMIT_ENABLED"] = wanted


@limiter.request_filter
def _limits_off_for_this_app() -> bool:
    from flask import current_app
    return not current_app.config.get("RATELIMIT_ENABLED", True)


def _register_blueprints(app: Flask) -> None:
    from . import (admin, auth, cases, conferences, consents, dashboard, households, notifications, referrals,
                   reports, resources, screening)
    for feature in (auth, dashboard, admin, households, cases, referrals, notifications, consents, conferences,
                    resources, screening, reports):
        app.register_blueprint(feature.bp)
