"""What the conference pages read: lists, the month calendar, the agenda with its visibility, tasks.

The agenda is loaded in one query and checked for visibility in one more
(authz.visible_case_ids); a row the reader's organisation may not see is handed to the
templates without its case, question, minutes or decisions, so no page, print view or
calendar file can show them.
"""
import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload, selectinload

from .. import authz
from ..audit import log_access
from ..extensions import db
from ..models import (ActionItem, AgendaItem, Case, Conference, ConferenceOrg, Organization, User)
from ..timeutil import SEOUL, seoul_today, utcnow


def participating(org_id: int):
    """SQL filter on Conference: hosted by or inviting the organisation."""
    return or_(Conference.host_org_id == org_id,
               exists().where(ConferenceOrg.conference_id == Conference.id, ConferenceOrg.org_id == org_id))


def conference_list(org_id: int, when: str = "upcoming", limit: int = 50) -> list[Conference]:
    query = select(Conference).where(participating(org_id)).options(joinedload(Conference.host_org))
    if when == "past":
        query = query.where(Conference.starts_at < utcnow()).order_by(Conference.starts_at.desc())
    else:
        since = datetime.combine(seoul_today(), time(), tzinfo=SEOUL)
        query = query.where(Conference.starts_at >= since).order_by(Conference.starts_at)
    return list(db.session.scalars(query.limit(limit)))


def month_grid(org_id: int, year: int, month: int) -> list[list[dict]]:
    """Weeks (Monday first) of day cells {day, in_month, conferences} for the month, in KST."""
    first = date(year, month, 1)
    start = first - timedelta(days=first.weekday())
    last = date(year, month, calendar.monthrange(year, month)[1])
    end = last + timedelta(days=6 - last.weekday())
    rows = db.session.scalars(select(Conference).where(
        participating(org_id),
        Conference.starts_at >= datetime.combine(start, time(), tzinfo=SEOUL),
        Conference.starts_at < datetime.combine(end + timedelta(days=1), time(), tzinfo=SEOUL))
        .order_by(Conference.starts_at))
    by_day: dict[date, list] = {}
    for c in rows:
        by_day.setdefault(c.starts_at.astimezone(SEOUL).date(), []).append(c)
    weeks, day = [], start
    while day <= end:
        weeks.append([{"day": day + timedelta(days=i), "in_month": (day + timedelta(days=i)).month == month,
                       "conferences": by_day.get(day + timedelta(days=i), [])} for i in range(7)])
        day += timedelta(days=7)
    return weeks


@dataclass
class AgendaRow:
    """One agenda line as the reader may see it: `item` is None for a restricted row."""

    position: int
    item_id: int
    presenting_org: Organization
    item: AgendaItem | None

    @property
    def restricted(self) -> bool:
        return self.item is None


def agenda_rows(conference: Conference, org_id: int, log_as: str | None = "conference_agenda_view"):
    """The agenda for `org_id`, with one visibility query; logs each visible case it returns."""
    items = list(db.session.scalars(
        select(AgendaItem).where(AgendaItem.conference_id == conference.id)
        .options(joinedload(AgendaItem.case).joinedload(Case.household), joinedload(AgendaItem.presenting_org),
                 joinedload(AgendaItem.presenter), selectinload(AgendaItem.decisions))
        .order_by(AgendaItem.position, AgendaItem.id)))
    visible = authz.visible_case_ids(org_id, [i.case_id for i in items])
    rows = [AgendaRow(i.position, i.id, i.presenting_org, i if i.case_id in visible else None) for i in items]
    if log_as:
        for row in rows:
            if row.item is not None:
                log_access(log_as, household_id=row.item.case.household_id, case_id=row.item.case_id,
                           target=f"conference:{conference.id}")
    return rows


def visible_actions(conference: Conference, rows: list[AgendaRow], org_id: int) -> list[ActionItem]:
    """Action items the reader may see: general ones, those under a case it can see, and its own."""
    visible_ids = {row.item_id for row in rows if row.item is not None}
    return [a for a in conference.action_items
            if a.item_id is None or a.item_id in visible_ids or a.assignee_org_id == org_id]


def visible_item_or_404(conference: Conference, item_id: int, org_id: int) -> AgendaItem:
    """An agenda item of this conference whose case the organisation may see; else 404."""
    from flask import abort
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.id == item_id,
                                                      AgendaItem.conference_id == conference.id))
    if item is None or not authz.visible_case_ids(org_id, [item.case_id]):
        abort(404)
    return item


def participant_orgs(conference: Conference) -> list[Organization]:
    return list(db.session.scalars(select(Organization).where(Organization.id.in_(conference.org_ids))
                                   .order_by(Organization.name)))


def participant_people(conference: Conference) -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.org_id.in_(conference.org_ids), User.active.is_(True),
        User.role.in_(authz.CASE_ROLES)).options(joinedload(User.org)).order_by(User.name)))


def invitable_orgs(conference: Conference) -> list[Organization]:
    return list(db.session.scalars(select(Organization).where(
        Organization.active.is_(True), Organization.id.not_in(conference.org_ids)).order_by(Organization.name)))


def active_orgs() -> list[Organization]:
    return list(db.session.scalars(select(Organization).where(Organization.active.is_(True))
                                   .order_by(Organization.name)))


def proposable_cases(conference: Conference, org_id: int) -> list[Case]:
    """Open cases the organisation may see and that are not on the agenda yet."""
    on_agenda = select(AgendaItem.case_id).where(AgendaItem.conference_id == conference.id)
    return list(db.session.scalars(select(Case).where(
        authz.visible_case_clause(org_id), Case.status != "completed", Case.id.not_in(on_agenda))
        .options(joinedload(Case.household)).order_by(Case.number.desc()).limit(500)))


def my_open_actions(user) -> list[ActionItem]:
    """Open action items of confirmed minutes assigned to the user or, without a person, to their organisation."""
    mine = or_(ActionItem.assignee_user_id == user.id,
               (ActionItem.assignee_org_id == user.org_id) & ActionItem.assignee_user_id.is_(None))
    return list(db.session.scalars(
        select(ActionItem).join(Conference).where(mine, ActionItem.done_at.is_(None),
                                                   Conference.status == "confirmed")
        .options(joinedload(ActionItem.conference), joinedload(ActionItem.item).joinedload(AgendaItem.case))
        .order_by(ActionItem.due_on.is_(None), ActionItem.due_on)))


def case_conferences(case: Case, org_id: int) -> list[tuple[AgendaItem, bool]]:
    """The conferences that discussed the case, and whether the organisation may open each."""
    items = db.session.scalars(select(AgendaItem).where(AgendaItem.case_id == case.id)
                               .options(joinedload(AgendaItem.conference).selectinload(Conference.invitations),
                                        selectinload(AgendaItem.decisions))
                               .join(Conference).order_by(Conference.starts_at.desc()))
    return [(item, org_id in item.conference.org_ids) for item in items]
