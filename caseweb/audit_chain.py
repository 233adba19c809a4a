"""Tamper evidence for the access log: every row carries a keyed hash chained to the one before.

chain(row) = HMAC-SHA256(key, chain(previous row) + canonical content of row), with a
key derived from the RRN key by HKDF (like the blind index, under its own label), so
someone who can write the database but does not hold the key cannot forge a link.
Rows are chained in id order; appends are serialised (SQLite: the write lock every
writing transaction takes first; PostgreSQL: a transaction-level advisory lock held
until commit), so the head read before an insert is the row just before it.
`flask audit verify` recomputes the chain and names the first row that does not fit.
"""
import hashlib
import hmac
import json
from datetime import timezone
from functools import lru_cache

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from .models import AccessLog
from .timeutil import utcnow

CHAIN_INFO = b"caseweb access log chain v1"
GENESIS = "0" * 64
# pg_advisory_xact_lock key: any constant no other code uses.
PG_LOCK_KEY = 0x63617365776562  # "caseweb"
FIELDS = ("at", "user_id", "org_id", "ip", "action", "household_id", "case_id", "target", "reason")


@lru_cache(maxsize=4)
def _key_for(master_hex: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                info=CHAIN_INFO).derive(bytes.fromhex(master_hex))


def chain_key() -> bytes:
    return _key_for(current_app.config["RRN_KEY"])


def canonical(row) -> bytes:
    """The row's content as fixed JSON: what the link vouches for."""
    values = []
    for name in FIELDS:
        value = getattr(row, name)
        if name == "at":
            value = value.astimezone(timezone.utc).isoformat(timespec="microseconds") if value else None
        values.append(value)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode()


def link(key: bytes, previous: str, row) -> str:
    return hmac.new(key, previous.encode("ascii") + b"\n" + canonical(row), hashlib.sha256).hexdigest()


def lock_and_head(session) -> str:
    """Serialise appends (PostgreSQL) and return the chain value of the last row."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_LOCK_KEY})
    head = session.execute(select(AccessLog.chain).order_by(AccessLog.id.desc()).limit(1)).scalar()
    return head or GENESIS


@event.listens_for(Session, "before_flush")
def _chain_new_rows(session, flush_context, instances):
    rows = [obj for obj in session.new if isinstance(obj, AccessLog)]
    if not rows:
        return
    rows.sort(key=lambda r: inspect(r).insert_order)
    previous, key = lock_and_head(session), chain_key()
    for row in rows:
        if row.at is None:
            row.at = utcnow()
        row.chain = previous = link(key, previous, row)


def verify(session, batch: int = 5000):
    """(rows checked, None) when every link holds, else (rows checked, first bad row)."""
    key, previous, checked, last_id = chain_key(), GENESIS, 0, 0
    while True:
        rows = session.scalars(select(AccessLog).where(AccessLog.id > last_id)
                               .order_by(AccessLog.id).limit(batch)).all()
        if not rows:
            return checked, None
        for row in rows:
            if row.chain is None or not hmac.compare_digest(link(key, previous, row), row.chain):
                return checked, row
            previous, last_id, checked = row.chain, row.id, checked + 1
        session.expunge_all()
