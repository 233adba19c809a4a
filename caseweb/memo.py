"""Reference lists that change rarely, kept per process: the district's dongs, an office's staff menu.

A page's filter menus would otherwise cost a query each on every request. Entries live
for `MEMO_SECONDS` (60 s by default) and are dropped at once in the process that changes
an organisation or an account (SQLAlchemy mapper events), so an edit shows immediately
where it was made and within a minute in the other server processes.
"""
import time
from threading import Lock

from flask import current_app
from sqlalchemy import event

_entries: dict = {}
_lock = Lock()


def remember(key, compute):
    """`compute()`'s value, reused for up to MEMO_SECONDS; keys include the app's database."""
    ttl = current_app.config.get("MEMO_SECONDS", 60)
    key = (current_app.config["SQLALCHEMY_DATABASE_URI"], key)
    now = time.monotonic()
    hit = _entries.get(key)
    if hit is not None and now - hit[0] < ttl:
        return hit[1]
    value = compute()
    with _lock:
        _entries[key] = (now, value)
    return value


def forget(*_args) -> None:
    with _lock:
        _entries.clear()


def watch(*models) -> None:
    """Drop every entry when a row of one of `models` is inserted, changed or deleted."""
    for model in models:
        for name in ("after_insert", "after_update", "after_delete"):
            if not event.contains(model, name, forget):
                event.listen(model, name, forget)
