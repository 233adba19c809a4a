"""Two-syllable search: a bigram index of household heads' names.

Trigram indexes (FTS5 trigram, pg_trgm) need three characters, but Korean given
names are mostly two syllables (영희, 민수). Every two-character slice of the
normalised name is stored here, kept in step by mapper events, so a search for
any name fragment of two or more characters is an index lookup on both backends.
"""
from sqlalchemy import ForeignKey, String, delete, event, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .household import Household


class HouseholdNameGram(db.Model):
    __tablename__ = "household_name_grams"
    gram: Mapped[str] = mapped_column(String(2), primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True, index=True)


def name_grams(norm: str) -> set[str]:
    return {norm[i:i + 2] for i in range(len(norm) - 1)}


def _write_grams(connection, household_id: int, norm: str) -> None:
    connection.execute(delete(HouseholdNameGram).where(HouseholdNameGram.household_id == household_id))
    grams = name_grams(norm or "")
    if grams:
        connection.execute(insert(HouseholdNameGram),
                           [{"gram": g, "household_id": household_id} for g in sorted(grams)])


@event.listens_for(Household, "after_insert")
def _grams_on_insert(mapper, connection, target):
    _write_grams(connection, target.id, target.head_name_norm)


@event.listens_for(Household, "after_update")
def _grams_on_update(mapper, connection, target):
    from sqlalchemy import inspect
    if inspect(target).attrs.head_name_norm.history.has_changes():
        _write_grams(connection, target.id, target.head_name_norm)


@event.listens_for(Household, "before_delete")
def _grams_on_delete(mapper, connection, target):
    connection.execute(delete(HouseholdNameGram).where(HouseholdNameGram.household_id == target.id))


def households_matching(norm: str):
    """Subquery of household ids whose normalised name contains `norm` (len >= 2)."""
    grams = sorted(name_grams(norm))
    ids = (select(HouseholdNameGram.household_id)
           .where(HouseholdNameGram.gram.in_(grams))
           .group_by(HouseholdNameGram.household_id)
           .having(func.count() == len(grams)))
    # Bigrams all present does not prove adjacency (영희영 vs 희영): confirm on the name.
    return (select(Household.id)
            .where(Household.id.in_(ids), Household.head_name_norm.contains(norm, autoescape=True)))
