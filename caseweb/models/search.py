"""Two-syllable search: bigram indexes of household heads' names and of the resource directory's text.

Trigram indexes (FTS5 trigram, pg_trgm) need three characters, but Korean given
names are mostly two syllables (영희, 민수) and so are the words people search the
resource directory with (임대, 치과). Every two-character slice of the normalised
text is stored in a gram table, kept in step by mapper events, so a search for
any fragment of two or more characters is an index lookup on both backends.
One mechanism, two tables: `_write` and `_matching` serve both.
"""
from sqlalchemy import ForeignKey, Index, String, delete, event, exists, func, insert, inspect, select, union
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .case import Case, CaseTeam
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


class CaseNameGram(db.Model):
    """The head's name bigrams of each case, once per organisation that works on it.

    A row (org, gram, case) exists for the lead organisation and every organisation
    on the active team: the cases a name search may find for that organisation. The
    search is then one range of the primary key, whose length depends on the
    organisation's own caseload and not on the district's size. Kept in step by
    `_case_grams_after_flush` (lead change, team change, rename, new case) and rebuilt
    wholesale by `rebuild_case_grams` (migration, benchmark data).
    """
    __tablename__ = "case_name_grams"
    org_id: Mapped[int] = mapped_column(ForeignKey("organizations.id"), primary_key=True)
    gram: Mapped[str] = mapped_column(String(2), primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True)
    __table_args__ = (Index("ix_case_name_grams_case_id", "case_id"),)


def _case_gram_source(case_ids=None):
    """SELECT (org_id, gram, case_id) of the rows `case_name_grams` should hold."""
    lead = select(Case.id.label("case_id"), Case.lead_org_id.label("org_id"))
    team = select(CaseTeam.case_id, CaseTeam.org_id).where(CaseTeam.active.is_(True))
    if case_ids is not None:
        lead, team = lead.where(Case.id.in_(case_ids)), team.where(CaseTeam.case_id.in_(case_ids))
    orgs = union(lead, team).subquery()
    return (select(orgs.c.org_id, HouseholdNameGram.gram, orgs.c.case_id)
            .select_from(orgs).join(Case, Case.id == orgs.c.case_id)
            .join(HouseholdNameGram, HouseholdNameGram.household_id == Case.household_id)
            .where(orgs.c.org_id.is_not(None)))


def _insert_ignoring_duplicates(connection):
    """INSERT that skips rows already there: on PostgreSQL two transactions refreshing the
    same case (two partners joining at once) may each insert rows the other committed."""
    table = CaseNameGram.__table__
    if connection.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        return pg_insert(table), True
    return table.insert(), False


def refresh_case_grams(connection, case_ids) -> None:
    """Rewrite the organisation postings of `case_ids` from the cases, team and name grams as stored."""
    table = CaseNameGram.__table__
    ids = sorted(set(case_ids))
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        connection.execute(delete(table).where(table.c.case_id.in_(chunk)))
        statement, on_conflict = _insert_ignoring_duplicates(connection)
        statement = statement.from_select(["org_id", "gram", "case_id"], _case_gram_source(chunk))
        connection.execute(statement.on_conflict_do_nothing() if on_conflict else statement)


def rebuild_case_grams(connection) -> int:
    """Empty and refill `case_name_grams` for every case (backfill); returns the rows written."""
    table = CaseNameGram.__table__
    connection.execute(delete(table))
    source = _case_gram_source().subquery()
    ordered = select(source.c.org_id, source.c.gram, source.c.case_id).order_by(
        source.c.org_id, source.c.gram, source.c.case_id)
    return connection.execute(table.insert().from_select(["org_id", "gram", "case_id"], ordered)).rowcount


def _changed(obj, *keys) -> bool:
    attrs = inspect(obj).attrs
    return any(attrs[key].history.has_changes() for key in keys)


@event.listens_for(Session, "after_flush")
def _case_grams_after_flush(session, flush_context):
    """Cases whose postings a flush may have changed: new cases, lead or household
    changes, team rows added, removed or (de)activated, and renamed households."""
    cases, households = set(), set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if isinstance(obj, Case):
            if obj in session.new or obj in session.deleted or _changed(obj, "lead_org_id", "household_id"):
                cases.add(obj.id)
        elif isinstance(obj, CaseTeam):
            if obj in session.new or obj in session.deleted or _changed(obj, "active", "org_id", "case_id"):
                cases.add(obj.case_id)
                if obj.case_id is None and obj.case is not None:
                    cases.add(obj.case.id)
        elif isinstance(obj, Household) and obj not in session.new:
            if obj in session.deleted or _changed(obj, "head_name_norm"):
                households.add(obj.id)
    cases.discard(None)
    if not cases and not households:
        return
    connection = session.connection()
    if households:
        cases |= set(connection.execute(select(Case.id).where(Case.household_id.in_(households))).scalars())
    if cases:
        refresh_case_grams(connection, cases)


def cases_matching(org_id: int, norm: str):
    """Ids of the cases `org_id` leads or works on whose head's name contains `norm` (len >= 2).

    Only the organisation's own postings are read, so a common name costs what the
    organisation's caseload makes it cost, in a district of any size.
    """
    grams = sorted(name_grams(norm))
    if len(grams) == 1:  # two characters are one bigram: being on its posting list is the match
        return select(CaseNameGram.case_id).where(CaseNameGram.org_id == org_id, CaseNameGram.gram == grams[0])
    ids = (select(CaseNameGram.case_id).where(CaseNameGram.org_id == org_id, CaseNameGram.gram.in_(grams))
           .group_by(CaseNameGram.case_id).having(func.count() == len(grams)))
    # Bigrams all present does not prove adjacency (영희영 vs 희영): confirm on the name.
    return (select(Case.id).join(Household, Household.id == Case.household_id)
            .where(Case.id.in_(ids), Household.head_name_norm.contains(norm, autoescape=True)))


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


def rarest_first(table, grams: list[str], probe: int) -> list[str]:
    """`grams` ordered by how many rows carry each, counted up to `probe` per gram.

    Each count is a bounded range of the (gram, id) primary-key index, so choosing the
    driving gram costs the same at any table size; ties keep the query's own order.
    """
    counts = [select(func.count()).select_from(select(table.gram).where(table.gram == g).limit(probe).subquery())
              .scalar_subquery() for g in grams]
    found = db.session.execute(select(*counts)).one()
    return [g for _n, _i, g in sorted(zip(found, range(len(grams)), grams))]


def resource_ids_matching(norm: str, probe: int = 2000):
    """Ids of resources whose search text contains `norm`, newest first, as a select to add filters to.

    Two characters or more: walk the rarest bigram's postings in index order (newest
    id first), look every other bigram up by primary key, and confirm adjacency on
    the text; with a LIMIT the walk stops as soon as enough rows have passed, so a
    common word costs no more than a rare one. One character has no bigram: the
    resources are walked newest first and their (short) search text scanned.
    """
    if len(norm) < 2:
        return (select(Resource.id).where(Resource.search_norm.contains(norm, autoescape=True))
                .order_by(Resource.id.desc()))
    grams = sorted(name_grams(norm))
    driving, *others = rarest_first(ResourceGram, grams, probe) if len(grams) > 1 else grams
    posting = ResourceGram.__table__.alias("posting")
    also = [exists().where(other.c.gram == g, other.c.resource_id == posting.c.resource_id)
            for g, other in ((g, ResourceGram.__table__.alias(f"also_{i}")) for i, g in enumerate(others))]
    # Two characters are one bigram: being on its posting list is the match, nothing to confirm.
    adjacent = [Resource.search_norm.contains(norm, autoescape=True)] if len(norm) > 2 else []
    return (select(Resource.id).select_from(posting).join(Resource, Resource.id == posting.c.resource_id)
            .where(posting.c.gram == driving, *also, *adjacent).order_by(posting.c.resource_id.desc()))
