"""Record numbers: 'C-2026-000123' (cases), 'H-2026-000045' (households) — one sequence per kind and KST year.

One mechanism for every numbered record: the next number is one past the highest of the
year, and an insert that loses the number to a concurrent request retries in a savepoint
(the column is unique, so the database decides who got it).
"""
from typing import Callable, TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .extensions import db
from .timeutil import seoul_today

T = TypeVar("T")
ATTEMPTS = 5


def prefix(letter: str, year: int | None = None) -> str:
    return f"{letter}-{year or seoul_today().year}-"


def last_sequence(column, start: str) -> int:
    """The highest sequence number after `start` in `column` (0 when there is none)."""
    last = db.session.scalar(select(func.max(column)).where(column.like(start + "%")))
    return int(last[len(start):]) if last else 0


def format_number(start: str, sequence: int) -> str:
    return f"{start}{sequence:06d}"


def next_number(column, letter: str) -> str:
    start = prefix(letter)
    return format_number(start, last_sequence(column, start) + 1)


def insert_numbered(build: Callable[[str], T], column, letter: str) -> T | None:
    """Add `build(number)` with the next free number; None when every attempt lost its number."""
    for _attempt in range(ATTEMPTS):
        record = build(next_number(column, letter))
        try:
            with db.session.begin_nested():
                db.session.add(record)
                db.session.flush()
        except IntegrityError:
            continue
        return record
    return None
