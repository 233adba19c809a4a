"""보존기간: `flask retention purge` destroys completed cases kept past CASEWEB_RETENTION_YEARS.

A case is due when it is completed (사후관리까지 끝남) and its completion (or closure)
day lies more than RETENTION_YEARS before today (Asia/Seoul). Its records go — every
row that depends on it, found through the schema's foreign keys, so tables added later
go too — and when the household has no other case left, the household goes with its
members, consents and scanned consent forms. What remains is one DestructionRecord per
case without personal data, and an access-log row. `--dry-run` prints what would go.
"""
import getpass
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import click
from sqlalchemy import Table, delete, func, select, update

from .audit import log_access
from .extensions import db
from .models import Case, Consent, DestructionRecord, Household, Organization
from .reports.dirty import mark_everything
from .timeutil import seoul_today


@dataclass
class Due:
    case: Case
    org_name: str | None
    household_goes: bool
    counts: Counter = field(default_factory=Counter)


def cutoff(years: int, today: date | None = None) -> date:
    """The last completion day that is past retention (29 February falls back to the 28th)."""
    today = today or seoul_today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def due_cases(years: int, today: date | None = None) -> list[Due]:
    """Completed cases past retention, oldest first, each with whether its household goes too."""
    ended = func.coalesce(Case.completed_on, Case.closed_on)
    cases = db.session.scalars(select(Case).where(
        Case.status == "completed", ended.is_not(None), ended <= cutoff(years, today)).order_by(ended, Case.id)).all()
    due_ids = {c.id for c in cases}
    household_ids = {c.household_id for c in cases}
    others = set(db.session.scalars(select(Case.household_id).where(
        Case.household_id.in_(household_ids), Case.id.not_in(due_ids)))) if household_ids else set()
    names = dict(db.session.execute(select(Organization.id, Organization.name).where(
        Organization.id.in_({c.lead_org_id for c in cases}))).all()) if cases else {}
    last_of_household = {c.household_id: c.id for c in cases}  # the household goes with its last case
    return [Due(c, names.get(c.lead_org_id), c.household_id not in others and last_of_household[c.household_id] == c.id)
            for c in cases]


def _children(table: Table):
    """(child table, foreign-key column) for every column in the schema that points at `table`."""
    for child in db.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table and child is not table:
                yield child, fk.parent


def _destroy(table: Table, ids: list, counts: Counter) -> None:
    """Delete rows `ids` of `table` and, first, everything that depends on them.

    A row that merely may point here (nullable column, not part of its key) is kept and
    unlinked; a row that must point here is deleted with its own dependants.
    """
    if not ids:
        return
    for child, column in _children(table):
        if column.nullable and not column.primary_key:
            db.session.execute(update(child).where(column.in_(ids)).values({column.name: None}))
            continue
        keys = list(child.primary_key.columns)
        if len(keys) == 1:
            _destroy(child, list(db.session.scalars(select(keys[0]).where(column.in_(ids)))), counts)
        else:
            counts[child.name] += db.session.execute(delete(child).where(column.in_(ids))).rowcount or 0
    key = list(table.primary_key.columns)[0]
    counts[table.name] += db.session.execute(delete(table).where(key.in_(ids))).rowcount or 0


def purge(due: list[Due], by: str, years: int) -> list[str]:
    """Destroy the due cases (flush only); the scanned forms to delete after the commit."""
    scans = []
    if due:
        mark_everything()  # the destroyed rows leave the precomputed indicator days by bulk SQL
    for item in due:
        case = item.case
        record = DestructionRecord(
            case_number=case.number, programme=case.programme, lead_org_id=case.lead_org_id,
            lead_org_name=item.org_name, found_on=case.found_on, closed_on=case.closed_on,
            completed_on=case.completed_on, retention_years=years, household_destroyed=item.household_goes,
            purged_by=by[:120], counts="{}")
        case_id, household_id = case.id, case.household_id
        db.session.expunge(case)
        _destroy(Case.__table__, [case_id], item.counts)
        if item.household_goes:
            files = list(db.session.scalars(select(Consent.scan_path).where(
                Consent.household_id == household_id, Consent.scan_path.is_not(None))))
            _destroy(Household.__table__, [household_id], item.counts)
            item.counts["files"] = len(files)
            scans += files
        record.counts = json.dumps(dict(sorted(item.counts.items())), ensure_ascii=False)
        db.session.add(record)
        log_access("retention_purge", case_id=case_id, household_id=household_id,
                   target=f"case:{case.number}", reason=f"retention {years}y by {by}"[:500])
    db.session.flush()
    return scans


def remove_scans(relative_paths: list[str]) -> int:
    from .consents.scans import scan_file
    removed = 0
    for relative in relative_paths:
        try:
            scan_file(relative).unlink()
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def _describe(item: Due) -> str:
    case = item.case
    ended = case.completed_on or case.closed_on
    what = "case and household" if item.household_goes else "case only (the household has another case)"
    return f"{case.number}  {case.programme}  {item.org_name or '-'}  completed {ended}  -> {what}"


def init_app(app) -> None:
    @app.cli.group("retention")
    def retention():
        """Retention of closed cases (CASEWEB_RETENTION_YEARS)."""

    @retention.command("purge")
    @click.option("--dry-run", is_flag=True, help="Only print what would be destroyed.")
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    @click.option("--by", default=None, help="Who runs the purge (recorded; default: the OS account).")
    def purge_command(dry_run, yes, by):
        """Destroy completed cases kept longer than the retention period; keep a destruction record."""
        years = app.config["RETENTION_YEARS"]
        due = due_cases(years)
        click.echo(f"retention: {years} years; completed on or before {cutoff(years)}: {len(due)} case(s)")
        for item in due:
            click.echo("  " + _describe(item))
        if dry_run or not due:
            click.echo("dry run: nothing destroyed" if dry_run else "nothing to destroy")
            return
        if not yes:
            click.confirm("Destroy these cases for good?", abort=True)
        by = by or getpass.getuser()
        scans = purge(due, by, years)
        db.session.commit()
        removed = remove_scans(scans)
        click.echo(f"destroyed {len(due)} case(s), {sum(i.household_goes for i in due)} household(s), "
                   f"{removed} scanned form(s); destruction records kept")
