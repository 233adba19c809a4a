"""Response headers and CSP, password policy and hashing."""
from functools import lru_cache
from urllib.parse import urlsplit
from importlib import resources

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import request
from flask_babel import gettext as _

CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
])
MIN_PASSWORD = 12
MAX_PASSWORD = 128

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# Verified against when the username is unknown, so timing does not tell.
DUMMY_HASH = _hasher.hash("caseweb-timing-equaliser")


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    text = resources.files("caseweb.data").joinpath("common-passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def safe_next(target: str | None, default: str) -> str:
    """`target` if it is a path on this site (no open redirect), else `default`."""
    if target and target.startswith("/") and not target.startswith("//") and not urlsplit(target).netloc:
        return target
    return default


def password_problems(password: str, username: str | None = None) -> list[str]:
    """Korean-first messages for a password that fails the policy (empty: fine)."""
    problems = []
    if len(password) < MIN_PASSWORD:
        problems.append(_("The password must be at least %(n)d characters.", n=MIN_PASSWORD))
    if len(password) > MAX_PASSWORD:
        problems.append(_("The password may be at most %(n)d characters.", n=MAX_PASSWORD))
    lowered = password.lower()
    if lowered in common_passwords() or (username and username.lower() in lowered):
        problems.append(_("This password is too easy to guess. Choose another."))
    return problems


def init_app(app) -> None:
    from . import rrn_guard
    rrn_guard.init_app(app)

    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers["Content-Security-Policy"] = CSP
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"
        headers["X-Frame-Options"] = "DENY"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if not request.path.startswith("/static/"):
            # Pages hold personal data: no browser or proxy may keep them.
            headers["Cache-Control"] = "no-store"
            headers["Pragma"] = "no-cache"
        if app.config.get("SESSION_COOKIE_SECURE"):
            headers["Strict-Transport-Security"] = "max-age=31536000"
        return response
