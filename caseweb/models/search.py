"""Two-syllable search: bigram indexes of household heads' names and resource names.

Trigram indexes (FTS5 trigram, pg_trgm) need three characters, but Korean given
names are mostly two syllables (영희, 민수) and so are the words people search the
resource directory with (임대, 치과). Every two-character slice of the normalised
text is stored in a gram table, kept in step by mapper events, so a search for
any fragment of two or more characters is an index lookup on both backends.
One mechanism, two tables: `_write` and `_matching` serve both.
"""
from sqlalchemy import ForeignKey, String, delete, event, func, insert, select
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .household import Household
from .resource import Resource


class HouseholdNameGram(db.Model):
    __tablename__ = "household_name_grams"
    gram: Mapped[str] = mapped_column(String(2), primary_key=True)
    household_id: Mapped[int] = mapped_column(
        ForeignKey("households.id", ondelete="CASCADE"), primary_key=True, index=True)


def name_grams(norm: str) -> set[str]:
    return {norm[i:i + 2] for i in range(len(norm) - 1)}


class ResourceGram(db.Model):
    __tablename__ = "resource_grams"
    gram: Mapped[str] = mapped_column(String(2), primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resources.id", ondelete="CASCADE"), primary_key=True, index=True)


def _write(connection, table, key: str, key_id: int, norm: str) -> None:
    connection.execute(delete(table).where(getattr(table, key) == key_id))
    grams = name_grams(norm or "")
    if grams:
        connection.execute(insert(table), [{"gram": g, key: key_id} for g in sorted(grams)])


def _matching(table, key: str, norm: str):
    """Ids whose text has every bigram of `norm` (len >= 2)."""
    grams = sorted(name_grams(norm))
    return (select(getattr(table, key)).where(table.gram.in_(grams))
            .group_by(getattr(table, key)).having(func.count() == len(grams)))


def _write_grams(connection, household_id: int, norm: str) -> None:
    _write(connection, HouseholdNameGram, "household_id", household_id, norm)


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
    ids = _matching(HouseholdNameGram, "household_id", norm)
    # Bigrams all present does not prove adjacency (영희영 vs 희영): confirm on the name.
    return (select(Household.id)
            .where(Household.id.in_(ids), Household.head_name_norm.contains(norm, autoescape=True)))


@event.listens_for(Resource, "after_insert")
def _resource_grams_on_insert(mapper, connection, target):
    _write(connection, ResourceGram, "resource_id", target.id, target.search_norm)


@event.listens_for(Resource, "after_update")
def _resource_grams_on_update(mapper, connection, target):
    from sqlalchemy import inspect
    if inspect(target).attrs.search_norm.history.has_changes():
        _write(connection, ResourceGram, "resource_id", target.id, target.search_norm)


@event.listens_for(Resource, "before_delete")
def _resource_grams_on_delete(mapper, connection, target):
    connection.execute(delete(ResourceGram).where(ResourceGram.resource_id == target.id))


def resources_matching(norm: str):
    """Condition on Resource: its name or provider contains `norm`.

    Two characters or more: a bigram index lookup, confirmed on the text. One
    character has no bigram: a plain scan of the (short) normalised text.
    """
    if len(norm) < 2:
        return Resource.search_norm.contains(norm, autoescape=True)
    return Resource.id.in_(_matching(ResourceGram, "resource_id", norm)) & \
        Resource.search_norm.contains(norm, autoescape=True)
