"""Flask-Babel set-up: Korean first, English second, Asia/Seoul times.

The messages are written in English, the source language, which therefore needs no
catalogue; the Korean one is caseweb/translations/ko/LC_MESSAGES/messages.po, kept
complete by `python -m caseweb.i18n_sync`. `flask translations compile` (and app
start-up) builds the .mo file.
"""
from datetime import date, datetime
from pathlib import Path

from flask import request, session
from flask_babel import format_date, format_datetime

from .extensions import babel

TRANSLATIONS = Path(__file__).parent / "translations"
LOCALES = ("ko", "en")


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it: it is translated where it is shown."""
    return message


def compile_catalogs(force: bool = False) -> int:
    """Compile every .po whose .mo is missing or older; return how many were built."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    built = 0
    for po_path in TRANSLATIONS.glob("*/LC_MESSAGES/messages.po"):
        mo_path = po_path.with_suffix(".mo")
        if not force and mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        with po_path.open("rb") as fh:
            catalog = read_po(fh, locale=po_path.parent.parent.name)
        with mo_path.open("wb") as fh:
            write_mo(fh, catalog)
        built += 1
    return built


def select_locale() -> str:
    lang = session.get("lang")
    return lang if lang in LOCALES else "ko"


def init_app(app) -> None:
    compile_catalogs()
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(TRANSLATIONS)
    babel.init_app(app, locale_selector=select_locale)
    from .particles import install
    install(app, babel)  # 을(를) → 을 or 를, from the word the message puts before it

    @app.template_filter("kst")
    def _kst(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
        return format_datetime(value, fmt) if value else ""

    @app.template_filter("day")
    def _day(value: date | None) -> str:
        return value.isoformat() if value else ""

    @app.context_processor
    def _locale_context():
        return {"current_locale": select_locale(), "request_path": request.path}

    @app.template_global()
    def format_day(value: date | None, fmt: str = "medium") -> str:
        return format_date(value, fmt) if value else ""
