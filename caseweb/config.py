"""Settings from the environment (CASEWEB_*); SQLite under instance/ by default."""
import os
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Deadlines from the national guidance (days; follow-up checks in months after closure), each
# configurable as CASEWEB_<NAME>. cases/deadlines.py falls back to these without an app.
DEADLINE_DEFAULTS = {
    "DEADLINE_ASSESSMENT_DAYS": 10,
    "DEADLINE_SELECTION_DAYS": 5,
    "DEADLINE_PLAN_DAYS": 30,
    "MONITORING_DAYS_GENERAL": 30,
    "MONITORING_DAYS_HIGH": 14,
    "FOLLOWUP_MONTHS": "3,9",
    "UPCOMING_DAYS": 7,
}

# The monthly access-log review (reports/review.py) flags an account when, in one month, it reads
# households more than FACTOR × the median reader and at least VOLUME_MINIMUM times; acts at least
# NIGHT_MINIMUM times between NIGHT_START and NIGHT_END o'clock KST; reveals RRN_MINIMUM numbers.
REVIEW_DEFAULTS = {
    "REVIEW_VOLUME_FACTOR": 3,
    "REVIEW_VOLUME_MINIMUM": 50,
    "REVIEW_NIGHT_START": 22,
    "REVIEW_NIGHT_END": 6,
    "REVIEW_NIGHT_MINIMUM": 10,
    "REVIEW_RRN_MINIMUM": 10,
}


def _env(name, default=None):
    return os.environ.get(f"CASEWEB_{name}", default)


def _int(name, default):
    return int(_env(name, default))


def _default_secret(instance: Path, name: str, nbytes: int) -> str:
    """A per-installation random secret kept in instance/, so a demo needs no set-up.

    Production sets CASEWEB_SECRET_KEY / CASEWEB_RRN_KEY instead; the RRN key must
    never live in the database.
    """
    from .filemodes import private_dir, write_private
    path = instance / name
    if not path.exists():
        private_dir(instance)
        write_private(path, os.urandom(nbytes).hex())  # 0600 from the first byte
    return path.read_text().strip()


def load_config(overrides=None) -> dict:
    """Build the Flask config dict; `overrides` win (tests pass theirs here)."""
    overrides = dict(overrides or {})
    instance = Path(overrides.get("INSTANCE_PATH") or _env("INSTANCE_PATH", ROOT / "instance")).resolve()
    db_url = overrides.get("SQLALCHEMY_DATABASE_URI") or _env(
        "DATABASE_URL", f"sqlite:///{instance / 'caseweb.sqlite3'}")
    production = _env("ENV", "development") == "production"
    cfg = {
        "INSTANCE_PATH": str(instance),
        "SECRET_KEY": _env("SECRET_KEY") or _default_secret(instance, "secret_key", 32),
        "RRN_KEY": _env("RRN_KEY") or _default_secret(instance, "rrn_key", 32),
        "SQLALCHEMY_DATABASE_URI": db_url,
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_NAME": "caseweb_session",
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
        "WTF_CSRF_TIME_LIMIT": None,  # the server-side session bounds a token's life
        "BABEL_DEFAULT_LOCALE": "ko",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Seoul",
        "BABEL_TRANSLATION_DIRECTORIES": "",  # set in create_app: caseweb/translations
        "RATELIMIT_STORAGE_URI": _env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _env("RATELIMIT_ENABLED", "1") == "1",
        "LOGIN_RATE_LIMIT": _env("LOGIN_RATE_LIMIT", "20 per minute"),
        # Full 주민등록번호 a user may see; more is refused with a message and logged.
        "RRN_REVEAL_RATE_LIMIT": _env("RRN_REVEAL_RATE_LIMIT", "10 per hour"),
        "LOGIN_GLOBAL_RATE_LIMIT": _env("LOGIN_GLOBAL_RATE_LIMIT", "300 per minute"),
        "DUPLICATE_CHECK_LIMIT": _env("DUPLICATE_CHECK_LIMIT", "30 per hour"),
        "TRUSTED_PROXIES": _int("TRUSTED_PROXIES", 0),
        "LOCKOUT_THRESHOLD": _int("LOCKOUT_THRESHOLD", 5),
        "LOCKOUT_MINUTES": _int("LOCKOUT_MINUTES", 30),
        "IDLE_TIMEOUT": timedelta(minutes=_int("IDLE_TIMEOUT_MINUTES", 30)),
        "ABSOLUTE_TIMEOUT": timedelta(hours=_int("ABSOLUTE_TIMEOUT_HOURS", 12)),
        "MAX_CONTENT_LENGTH": _int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024),
        "UPLOAD_FOLDER": _env("UPLOAD_FOLDER", str(instance / "uploads")),
        # Not under instance/, where the generated RRN key lives: a copy of the backups
        # must not carry the key that decrypts them.
        "BACKUP_FOLDER": _env("BACKUP_FOLDER", str(instance.parent / f"{instance.name}-backups")),
        "RETENTION_YEARS": _int("RETENTION_YEARS", 5),
        "PAGE_SIZE": _int("PAGE_SIZE", 25),
        **{name: _env(name, default) if isinstance(default, str) else _int(name, default)
           for name, default in DEADLINE_DEFAULTS.items()},
        "REFERRAL_EXPIRY_DAYS": _int("REFERRAL_EXPIRY_DAYS", 14),
        **{name: _int(name, default) for name, default in REVIEW_DEFAULTS.items()},
        "MAIL_ENABLED": _env("MAIL_ENABLED", "0") == "1",
        "SMTP_HOST": _env("SMTP_HOST", "localhost"),
        "SMTP_PORT": _int("SMTP_PORT", 25),
        "MAIL_FROM": _env("MAIL_FROM", "caseweb@localhost"),
        "DEMO_PASSWORD": "caseweb-demo-2026",
    }
    cfg.update(overrides)
    cfg["INSTANCE_PATH"] = str(instance)
    if cfg["SQLALCHEMY_DATABASE_URI"].startswith("postgresql://"):
        cfg["SQLALCHEMY_DATABASE_URI"] = "postgresql+psycopg://" + cfg["SQLALCHEMY_DATABASE_URI"][13:]
    return cfg
