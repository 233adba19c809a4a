"""Reading transitions: inbox/outbox, counts, the case panel's data (the scoped loader is in authz)."""
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from .. import authz
from ..extensions import db
from ..models import Case, CaseTeam, Consent, Organization, Transition, User
from ..models.user import WRITE_ROLES
from ..timeutil import seoul_today, utcnow
from .services import OPEN

BOXES = ("inbox", "outbox")


def personal_ids(org_id: int, transitions) -> set[int]:
    """Ids of the transitions whose personal data (head, age, dong, reason, answers) `org_id` may see.

    Whoever may open the case sees it all. The receiver of a request still waiting
    for an answer sees what it needs to decide, while the consent covers it. After a
    decline, withdrawal, expiry, forwarding or revocation the other side keeps only
    dates, organisations and status.
    """
    transitions = list(transitions)
    if not transitions:
        return set()
    case_ids = {t.case_id for t in transitions}
    visible = set(db.session.scalars(select(Case.id).where(Case.id.in_(case_ids),
                                                            authz.visible_case_clause(org_id))))
    covered = set(db.session.scalars(select(Case.id).where(
        Case.id.in_(case_ids), authz.consent_covers(Case.household_id, org_id))))
    return {t.id for t in transitions if t.case_id in visible
            or (t.to_org_id == org_id and t.status in OPEN and t.case_id in covered)}


def box_query(org_id: int, box: str, status: str | None = None):
    column = Transition.to_org_id if box == "inbox" else Transition.from_org_id
    stmt = select(Transition).where(column == org_id, Transition.kind.in_(("referral", "transfer")))
    if status:
        stmt = stmt.where(Transition.status == status)
    # Each row shows the case number, the head's name and the other organisation.
    return stmt.order_by(Transition.requested_at.desc(), Transition.id.desc()).options(
        joinedload(Transition.case).joinedload(Case.household),
        joinedload(Transition.from_org), joinedload(Transition.to_org))


def awaiting_count(org_id: int, older_than_days: int | None = None, status=OPEN) -> int:
    stmt = select(func.count(Transition.id)).where(
        Transition.to_org_id == org_id, Transition.kind.in_(("referral", "transfer")),
        Transition.status.in_(status))
    if older_than_days is not None:
        stmt = stmt.where(Transition.requested_at < utcnow() - timedelta(days=older_than_days))
    return db.session.scalar(stmt) or 0


def age_on(birth_date, day=None) -> int | None:
    if birth_date is None:
        return None
    day = day or seoul_today()
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def recipient_orgs(exclude_org_id: int) -> list[Organization]:
    return list(db.session.scalars(select(Organization).where(
        Organization.active.is_(True), Organization.id != exclude_org_id).order_by(Organization.name)))


def picker_orgs(case, sender_org_id: int, kind: str, q: str = "") -> list[Organization]:
    """The organisations a send form offers for `case`, by name, optionally filtered by `q`.

    Only those the household's third-party consent covers today, by authz.consent_covers,
    the rule services._gate enforces at submit; never the sender or the lead; for a
    referral not an organisation already on the team; none a request of this kind
    already waits on. The services still check all of it when the form is sent.
    """
    stmt = select(Organization).where(
        Organization.active.is_(True), Organization.id.not_in((sender_org_id, case.lead_org_id)),
        authz.consent_covers(case.household_id, Organization.id),
        ~select(Transition.id).where(Transition.case_id == case.id, Transition.to_org_id == Organization.id,
                                     Transition.kind == kind, Transition.status.in_(OPEN)).exists())
    if kind == "referral":
        stmt = stmt.where(~select(CaseTeam.id).where(CaseTeam.case_id == case.id, CaseTeam.org_id == Organization.id,
                                                     CaseTeam.active.is_(True)).exists())
    q = (q or "").strip()
    if q:
        stmt = stmt.where(Organization.name.contains(q, autoescape=True))
    return list(db.session.scalars(stmt.order_by(Organization.name)))


def org_workers(org_id: int) -> list:
    """(id, name) rows of the people a supervisor may assign to; plain rows, as offices can be large."""
    return list(db.session.execute(select(User.id, User.name).where(
        User.org_id == org_id, User.active.is_(True), User.role.in_(WRITE_ROLES))
        .order_by(User.name)))


def case_team(case) -> list[CaseTeam]:
    """The team with each organisation (the panel names them), in one query."""
    return list(db.session.scalars(select(CaseTeam).where(CaseTeam.case_id == case.id)
                                   .options(joinedload(CaseTeam.org))
                                   .order_by(CaseTeam.role.desc(), CaseTeam.since)))


def case_transitions(case) -> list[Transition]:
    """The case's referrals, transfers and assignments with the organisations and worker each names."""
    return list(db.session.scalars(select(Transition).where(Transition.case_id == case.id)
                                   .options(joinedload(Transition.from_org), joinedload(Transition.to_org),
                                            joinedload(Transition.to_user))
                                   .order_by(Transition.requested_at.desc(), Transition.id.desc())))


def consent_coverage(case) -> tuple[bool, list[Organization]]:
    """(whole network?, named organisations) the household's active third-party consents cover."""
    today = seoul_today()
    consents = [c for c in db.session.scalars(select(Consent).where(
        Consent.household_id == case.household_id, Consent.kind == "third_party")) if c.is_active_on(today)]
    orgs = {o.id: o for c in consents for o in c.recipients}
    return any(c.scope == "network" for c in consents), sorted(orgs.values(), key=lambda o: o.name)
