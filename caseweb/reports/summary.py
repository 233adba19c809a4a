"""The indicators from precomputed days: report_days for stored days, live counts for the rest.

`flask reports summarize` (nightly, from cron) counts the days not stored yet and every stored
day whose rows changed since (report_dirty, written by dirty.py when a case, entry, referral …
changes). It stores days up to a horizon ahead, because rows of the past fall on future days too
(a plan due 30 days after intake, a follow-up 9 months after closure, a conference already
confirmed); rows written later for those days mark them changed. A page adds up the stored days
of its period and counts live only today, changed days and days past the horizon, so its cost
follows the period's length and the number of organisations, not the number of households.
Without a build, with other deadline settings than the build's, or with too many changed days,
it counts everything live.
"""
from collections import Counter
from datetime import date, timedelta

from sqlalchemy import Date, delete, func, insert, literal, or_, select

from ..cases.deadlines import followup_months
from ..extensions import db
from ..models import (Case, Conference, Linkage, ReportDay, ReportDirty, ReportMonth, ReportState, ScreeningEntry,
                      ScreeningList, Transition)
from ..timeutil import seoul_today, to_seoul, utcnow
from .daily import STATE_FIGURES, daily, to_result
from .figures import _plan_days, compute_live
from .periods import Period

MAX_DIRTY_DAYS = 60  # beyond this many changed days a live count is as quick
CHUNK_DAYS = 92


def settings() -> str:
    return f"plan={_plan_days()};followup={','.join(str(m) for m in followup_months())}"


def compute(period: Period, org_ids=None) -> dict:
    """The figures of the period, from report_days where it can, else live; always equal to `compute_live`."""
    return summarized(period, org_ids) or compute_live(period, org_ids)


def horizon() -> timedelta:
    """How far ahead a row of today can fall: the last follow-up, a plan deadline, a booked conference."""
    return timedelta(days=max([0] + followup_months()) * 31 + _plan_days() + 366)


def _usable_state():
    state = db.session.get(ReportState, 1)
    if state is None or state.settings != settings():
        return None, None
    days = set(db.session.scalars(select(ReportDirty.day).distinct()))
    if None in days:
        return None, None
    days.add(seoul_today())  # the current day is always counted live
    dirty = sorted(day for day in days if day <= state.built_through)
    return (None, None) if len(dirty) > MAX_DIRTY_DAYS else (state, dirty)


def _month(day: date) -> date:
    return day.replace(day=1)


def _month_end(month: date) -> date:
    return (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _stored(first: date, last: date, dirty: list[date], org_ids, state_figures: bool) -> Counter:
    """{(org, figure, detail): n} over the stored days first..last that did not change: whole months
    from report_months, the rest (period edges, months with a changed day) from report_days."""
    sums: Counter = Counter()
    if first > last:
        return sums
    changed = {_month(day) for day in dirty}
    whole, month = [], _month(first) if first.day == 1 else _month(_month_end(first) + timedelta(days=1))
    while _month_end(month) <= last:
        if month not in changed:
            whole.append(month)
        month = _month_end(month) + timedelta(days=1)
    gaps, day = [], first  # the days outside the whole months, as index ranges
    for month in whole + [last + timedelta(days=1)]:
        if day < month:
            gaps.append(ReportDay.day.between(day, month - timedelta(days=1)))
        day = _month_end(month) + timedelta(days=1)
    for table, where in ((ReportMonth, [ReportMonth.month.in_(whole)] if whole else None),
                         (ReportDay, [or_(*gaps)] + ([ReportDay.day.not_in(dirty)] if dirty else []) if gaps else None)):
        if where is None:
            continue
        figures = table.figure.in_(STATE_FIGURES) if state_figures else table.figure.not_in(STATE_FIGURES)
        stmt = select(table.org_id, table.figure, table.detail, func.sum(table.n)).where(*where, figures).group_by(
            table.org_id, table.figure, table.detail)
        if org_ids is not None:
            stmt = stmt.where(table.org_id.in_(org_ids))
        for org, figure, detail, n in db.session.execute(stmt):
            sums[org, figure, detail] += int(n)
    return sums


def summarized(period: Period, org_ids=None) -> dict | None:
    state, dirty = _usable_state()
    if state is None:
        return None
    stored_end = min(period.end, state.built_through)
    sums = _stored(period.start, stored_end, dirty, org_ids, state_figures=False)
    states: dict = {}
    history = db.session.scalar(select(func.min(ReportDay.day)))
    if history is not None:
        for (org, figure, _detail), n in _stored(history, stored_end, dirty, org_ids, state_figures=True).items():
            states.setdefault(org, Counter())[figure] += n

    def keep(org):
        return org_ids is None or org in org_ids

    live = _ranges([day for day in dirty if day <= period.end])
    if period.end > state.built_through:
        live.append((state.built_through + timedelta(days=1), period.end))
    for first, last in live:
        for (day, org, figure, detail), n in daily(first, last).items():
            if not keep(org):
                continue
            if figure in STATE_FIGURES:
                states.setdefault(org, Counter())[figure] += n
            elif day >= period.start:
                sums[org, figure, detail] += n
    return to_result(((org, figure, detail, n) for (org, figure, detail), n in sums.items()), states)


def _earliest() -> date | None:
    """The first day any figure can fall on."""
    days = [db.session.scalar(select(func.min(column))) for column in (
        Case.intake_on, Case.selected_on, Case.closed_on, Case.completed_on, ScreeningEntry.outcome_on,
        ScreeningList.received_on, Linkage.linked_on)]
    days += [to_seoul(at).date() for at in (db.session.scalar(select(func.min(column))) for column in (
        Transition.requested_at, Transition.answered_at, Conference.starts_at)) if at is not None]
    days = [day for day in days if day is not None]
    return min(days) if days else None


def _ranges(days: list[date]) -> list[tuple[date, date]]:
    """Consecutive days as (first, last) runs, each at most CHUNK_DAYS long."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day == runs[-1][1] + timedelta(days=1) and (day - runs[-1][0]).days < CHUNK_DAYS:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, last) for first, last in runs]


def _add_up_months(months: list[date], everything: bool) -> None:
    if everything:
        db.session.execute(delete(ReportMonth))
    for month in months:
        db.session.execute(delete(ReportMonth).where(ReportMonth.month == month))
        sums = select(literal(month, Date), ReportDay.org_id, ReportDay.figure, ReportDay.detail,
                      func.sum(ReportDay.n)).where(ReportDay.day.between(month, _month_end(month))).group_by(
            ReportDay.org_id, ReportDay.figure, ReportDay.detail)
        db.session.execute(insert(ReportMonth).from_select(["month", "org_id", "figure", "detail", "n"], sums))


def rebuild(full: bool = False, today: date | None = None) -> dict:
    """Count the days not stored yet (up to the horizon) and the stored days that changed; everything
    when `full`, on the first build, after a purge or when the deadline settings changed.
    Flushes, never commits."""
    last = (today or seoul_today()) + horizon()
    state = db.session.scalar(select(ReportState).where(ReportState.id == 1).with_for_update())
    markers = db.session.execute(select(ReportDirty.id, ReportDirty.day)).all()
    everything = full or state is None or state.settings != settings() or any(d is None for _i, d in markers)
    if everything:
        db.session.execute(delete(ReportDay))
        first = _earliest()
        days = [] if first is None or first > last else \
            [first + timedelta(days=i) for i in range((last - first).days + 1)]
    else:
        days = sorted({d for _i, d in markers if d <= state.built_through})
        for start in range(0, len(days), 500):
            db.session.execute(delete(ReportDay).where(ReportDay.day.in_(days[start:start + 500])))
        after = state.built_through + timedelta(days=1)
        days += [after + timedelta(days=i) for i in range((last - after).days + 1)]
    rows = 0
    for first, last in _ranges(days):
        values = [{"day": day, "org_id": org, "figure": figure, "detail": detail, "n": n}
                  for (day, org, figure, detail), n in daily(first, last).items() if n or figure == "krw"]
        for start in range(0, len(values), 5000):
            db.session.execute(insert(ReportDay), values[start:start + 5000])
        rows += len(values)
    _add_up_months(sorted({_month(day) for day in days}), everything)
    ids = [i for i, _d in markers]
    for start in range(0, len(ids), 500):
        db.session.execute(delete(ReportDirty).where(ReportDirty.id.in_(ids[start:start + 500])))
    if state is None:
        state = ReportState(id=1)
        db.session.add(state)
    state.built_through, state.settings, state.built_at = last, settings(), utcnow()
    db.session.flush()
    return {"days": len(days), "rows": rows, "full": everything, "built_through": last.isoformat()}
