"""Conference rules: scheduling, invitations, the agenda and its consent rule, holding, cancelling.

Services flush, never commit. A refused step raises ConferenceRefused with a message for
the user. Minutes and decisions are in minutes.py and decisions.py.
"""
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import authz
from ..extensions import db
from ..models import (AgendaItem, Attendee, Case, Conference, ConferenceLog, ConferenceOrg, ConferenceSeries,
                      Organization, User)
from ..referrals.services import consent_allows
from ..timeutil import SEOUL

EDITABLE = ("scheduled", "held")


class ConferenceRefused(Exception):
    """A step the rules do not allow; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def log(conference: Conference, user, action: str, reason: str | None = None) -> ConferenceLog:
    row = ConferenceLog(conference=conference, user_id=user.id if user else None, action=action, reason=reason)
    db.session.add(row)
    return row


def is_host(conference: Conference, user) -> bool:
    return user.org_id == conference.host_org_id


def require_writer(user) -> None:
    if not user.can_write:
        raise ConferenceRefused(_("Viewers can read conferences but not change them."))


def require_host(conference: Conference, user) -> None:
    require_writer(user)
    if not is_host(conference, user):
        raise ConferenceRefused(_("Only the host organisation can do this."))


def require_editable(conference: Conference) -> None:
    if conference.status == "confirmed":
        raise ConferenceRefused(_("The minutes are confirmed and can no longer be changed. "
                                  "A supervisor of the host organisation can reopen them."))
    if conference.status not in EDITABLE:
        raise ConferenceRefused(_("This conference was cancelled."))


def schedule(user, *, kind: str, title: str, starts_at: datetime, minutes_long: int, place: str | None,
             online_url: str | None, org_ids=(), recurrence: str | None = None, repeat: int = 0) -> Conference:
    """A new conference hosted by the user's organisation; a recurrence creates the next dates too."""
    require_writer(user)
    if kind == "internal" and any(o != user.org_id for o in org_ids):
        raise ConferenceRefused(_("A case conference within one organisation invites no other organisation. "
                                  "Choose an integrated case conference to invite others."))
    if not (place or online_url):
        raise ConferenceRefused(_("Enter a place or an online meeting link."))
    series = None
    if recurrence:
        series = ConferenceSeries(host_org_id=user.org_id, rule=recurrence)
        db.session.add(series)
    conference = Conference(kind=kind, title=title, host_org_id=user.org_id, starts_at=starts_at,
                            minutes_long=minutes_long, place=place or None, online_url=online_url or None,
                            series=series, created_by_id=user.id)
    db.session.add(conference)
    for org_id in dict.fromkeys(org_ids):
        if org_id != user.org_id:
            conference.invitations.append(ConferenceOrg(org_id=org_id))
    db.session.flush()
    log(conference, user, "scheduled")
    for _i in range(repeat):
        schedule_next(conference.series, user)
    db.session.flush()
    return conference


def next_date(starts_at: datetime, rule: str) -> datetime:
    """The next meeting: a week later, or the same week-of-month and weekday next month (KST)."""
    local = starts_at.astimezone(SEOUL)
    if rule == "weekly":
        return starts_at + timedelta(days=7)
    week, weekday = (local.day - 1) // 7, local.weekday()
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    first = local.replace(year=year, month=month, day=1)
    day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * week)
    if day.month != month:  # a fifth weekday that the next month lacks: take its last one
        day -= timedelta(days=7)
    return day


def schedule_next(series: ConferenceSeries, user) -> Conference:
    """Create the series' next date after its latest, with the same place and invitations."""
    if series is None:
        raise ConferenceRefused(_("This conference has no recurring schedule."))
    last = db.session.scalar(select(Conference).where(Conference.series_id == series.id)
                             .order_by(Conference.starts_at.desc()).limit(1))
    new = Conference(kind=last.kind, title=last.title, host_org_id=last.host_org_id,
                     starts_at=next_date(last.starts_at, series.rule), minutes_long=last.minutes_long,
                     place=last.place, online_url=last.online_url, series=series, created_by_id=user.id)
    new.invitations = [ConferenceOrg(org_id=i.org_id) for i in last.invitations]
    db.session.add(new)
    db.session.flush()
    log(new, user, "scheduled")
    return new


def invite_org(conference: Conference, user, org: Organization | None) -> ConferenceOrg:
    """Invite an organisation; every case already on the agenda must have consent covering it."""
    require_host(conference, user)
    require_editable(conference)
    if org is None or not org.active:
        raise ConferenceRefused(_("Choose an active organisation."))
    if conference.kind == "internal":
        raise ConferenceRefused(_("A case conference within one organisation invites no other organisation. "
                                  "Choose an integrated case conference to invite others."))
    if org.id in conference.org_ids:
        raise ConferenceRefused(_("This organisation is already invited."))
    uncovered = [item.case.number for item in conference.agenda
                 if item.case.lead_org_id != org.id and not consent_allows(item.case, org.id)]
    if uncovered:
        raise ConferenceRefused(_("The consent of these agenda cases does not cover %(org)s: %(cases)s. "
                                  "Record the consent first or take the case off the agenda.",
                                  org=org.name, cases=", ".join(uncovered)))
    row = ConferenceOrg(org_id=org.id)
    conference.invitations.append(row)
    db.session.flush()
    return row


def invite_person(conference: Conference, user, person: User | None = None, *, name: str | None = None,
                  affiliation: str | None = None, role: str | None = None) -> Attendee:
    """Invite an account of a participating organisation, or an external expert by name."""
    require_host(conference, user)
    require_editable(conference)
    if person is not None:
        if person.org_id not in conference.org_ids or not person.active:
            raise ConferenceRefused(_("Invite people of the invited organisations, or add an external attendee."))
        if any(a.user_id == person.id for a in conference.attendees):
            raise ConferenceRefused(_("This person is already invited."))
        row = Attendee(user_id=person.id)
    else:
        if not (name or "").strip():
            raise ConferenceRefused(_("Enter the external attendee's name."))
        row = Attendee(name=name.strip(), affiliation=affiliation or None, role=role or None)
    conference.attendees.append(row)
    db.session.flush()
    return row


def uncovered_orgs(conference: Conference, case: Case) -> list[Organization]:
    """Participating organisations (other than the lead) the household's consent does not cover."""
    others = sorted(conference.org_ids - {case.lead_org_id})
    missing = [org_id for org_id in others if not consent_allows(case, org_id)]
    if not missing:
        return []
    return list(db.session.scalars(select(Organization).where(Organization.id.in_(missing))
                                   .order_by(Organization.name)))


def add_case(conference: Conference, user, case: Case | None, question: str, presenter: User | None = None):
    """Put a case the user's organisation can see on the agenda, if consent covers every participant."""
    require_writer(user)
    require_editable(conference)
    if case is None or case.id not in authz.visible_case_ids(user.org_id, [case.id]):
        raise ConferenceRefused(_("Choose a case your organisation works on."))
    if any(item.case_id == case.id for item in conference.agenda):
        raise ConferenceRefused(_("This case is already on the agenda."))
    missing = uncovered_orgs(conference, case)
    if missing:
        raise ConferenceRefused(_("Case %(number)s cannot be put on the agenda: the household's third-party "
                                  "consent does not cover %(orgs)s. Record a consent that covers every invited "
                                  "organisation first.", number=case.number,
                                  orgs=", ".join(o.name for o in missing)))
    if presenter is not None and presenter.org_id != user.org_id:
        raise ConferenceRefused(_("The presenter works at your organisation."))
    position = (db.session.scalar(select(func.max(AgendaItem.position))
                                  .where(AgendaItem.conference_id == conference.id)) or 0) + 1
    item = AgendaItem(conference=conference, case_id=case.id, presenting_org_id=user.org_id,
                      presenter_id=(presenter or user).id, question=question, position=position)
    db.session.add(item)
    db.session.flush()
    return item


def remove_case(conference: Conference, user, item: AgendaItem) -> None:
    """Take a case off the agenda before anything was decided on it (its presenter or the host)."""
    require_writer(user)
    require_editable(conference)
    if user.org_id not in (item.presenting_org_id, conference.host_org_id):
        raise ConferenceRefused(_("Only the presenting or the host organisation can take a case off the agenda."))
    if item.decisions:
        raise ConferenceRefused(_("Decisions were recorded on this case; remove them first."))
    db.session.delete(item)
    db.session.flush()


def hold(conference: Conference, user, org_ids: set[int], attendee_ids: set[int]) -> None:
    """회의 개최: record who attended; minutes can then be confirmed."""
    require_host(conference, user)
    if conference.status != "scheduled":
        raise ConferenceRefused(_("Only a scheduled conference can be marked as held."))
    for row in conference.invitations:
        row.attended = row.org_id in org_ids
    for row in conference.attendees:
        row.attended = row.id in attendee_ids
    conference.status = "held"
    log(conference, user, "held")
    db.session.flush()


def cancel(conference: Conference, user, reason: str | None) -> None:
    require_host(conference, user)
    if conference.status != "scheduled":
        raise ConferenceRefused(_("Only a scheduled conference can be cancelled."))
    conference.status = "cancelled"
    log(conference, user, "cancelled", reason)
    db.session.flush()

