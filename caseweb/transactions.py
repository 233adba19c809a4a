"""Which transactions take SQLite's write lock, and short writes inside read requests.

SQLite has one writer at a time. A read request (GET, HEAD) runs in an ordinary
deferred transaction: in WAL mode it reads a snapshot and never waits for a writer.
A write request (POST …), a CLI command or a job begins with `BEGIN IMMEDIATE`, so
it queues for the write lock up front instead of reading first and then failing to
upgrade ("database is locked" comes at once, without waiting out busy_timeout, when
another writer committed since the read began). A read request that must write
(its access-log rows, a session's last-seen time) ends its read transaction and
writes in its own short `write_transaction()`.

PostgreSQL needs none of this (row locks, MVCC); the hooks do nothing there.
"""
from contextlib import contextmanager
from contextvars import ContextVar

from flask import g, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .extensions import db

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_writing: ContextVar[bool] = ContextVar("caseweb_write_transaction", default=False)


def is_read_request() -> bool:
    """A GET/HEAD request outside any write_transaction(): reads must not take the write lock."""
    return has_request_context() and request.method in READ_METHODS and not _writing.get()


def wants_write_lock() -> bool:
    """Take the write lock at BEGIN: writing requests until their change is committed, CLI and jobs always.

    After a write request has committed its change, what follows (rendering the answer)
    only reads, so it runs deferred and does not hold up other writers.
    """
    if _writing.get() or not has_request_context():
        return True
    if request.method in READ_METHODS:
        return False
    return not g.get("_write_committed", False)


@contextmanager
def write_transaction():
    """Commit what the block adds in a transaction of its own that takes the write lock first.

    The current (read) transaction ends before: it must hold no pending changes.
    """
    db.session.commit()
    token = _writing.set(True)
    try:
        yield
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    finally:
        _writing.reset(token)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record):
    """WAL, foreign keys, a busy timeout, FULL sync and recursive triggers on every SQLite connection."""
    import sqlite3
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy own transactions (pysqlite's own handling breaks SAVEPOINT).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    # Writers queue for the lock; under a burst on a small machine the queue can take
    # several seconds (PostgreSQL would simply wait), so the wait is long: 15 s.
    cur.execute("PRAGMA busy_timeout=15000")
    cur.execute("PRAGMA synchronous=FULL")
    # REPLACE deletes the row it replaces; only with recursive triggers does that
    # delete fire the access log's append-only trigger.
    cur.execute("PRAGMA recursive_triggers=ON")
    cur.close()


@event.listens_for(Engine, "close")
def _sqlite_optimize(dbapi_connection, connection_record):
    """SQLite's advice: `PRAGMA optimize` before a connection closes refreshes stale statistics."""
    import sqlite3
    if isinstance(dbapi_connection, sqlite3.Connection):
        try:
            dbapi_connection.execute("PRAGMA optimize")
        except sqlite3.Error:
            pass  # busy or read-only: the next close will do it


@event.listens_for(Engine, "begin")
def _sqlite_begin(conn):
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if wants_write_lock() else "BEGIN")


@event.listens_for(Session, "after_flush_postexec")
def _mark_written(session, flush_context):
    if has_request_context():
        g._wrote_in_transaction = True


@event.listens_for(Session, "after_commit")
def _mark_committed(session):
    # A write_transaction() inside a request (a session's last-seen time, read logs) is
    # not the request's own change: what the request writes next still takes the lock.
    if has_request_context() and g.pop("_wrote_in_transaction", False) and not _writing.get():
        g._write_committed = True


@event.listens_for(Session, "after_rollback")
def _forget_written(session):
    if has_request_context():
        g.pop("_wrote_in_transaction", None)
