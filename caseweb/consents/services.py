"""Consent rules: record one row per kind, revoke, list with status. Services only flush.

Who may read a case under consent is decided in authz.consent_covers; revoking
here is enough for partners to lose access from the next request on.
"""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import authz
from ..audit import log_access
from ..extensions import db
from ..models import Case, CaseEvent, CaseTeam, Consent, Household, Organization, User
from ..notifications import services as notices
from ..timeutil import seoul_today, utcnow


def consents_for(household: Household) -> list[Consent]:
    # The panel shows each consent's recipients and who revoked it: load them with the list.
    return list(db.session.scalars(select(Consent).where(Consent.household_id == household.id)
                                   .options(selectinload(Consent.recipients), selectinload(Consent.revoked_by))
                                   .order_by(Consent.recorded_at.desc(), Consent.id.desc())))


def record_consents(household: Household, user: User, *, kinds, scope, recipients, purpose, items,
                    valid_from, valid_until, guardian_name=None, guardian_relation=None,
                    subject_member_id=None, scan=None) -> list[Consent]:
    """One Consent row per ticked kind; `scan` is (stored name, original name, mime, size)."""
    rows = []
    for kind in kinds:
        consent = Consent(
            household_id=household.id, kind=kind, scope=scope, purpose=purpose, items=items or None,
            valid_from=valid_from, valid_until=valid_until,
            guardian_name=guardian_name or None, guardian_relation=guardian_relation or None,
            subject_member_id=subject_member_id or None,
            recorded_by_id=user.id, recorded_by_org_id=user.org_id, recorded_at=utcnow())
        consent.recipients = list(recipients) if scope == "orgs" else []
        if scan:
            consent.scan_path, consent.scan_filename, consent.scan_mime, consent.scan_size = scan
        db.session.add(consent)
        rows.append(consent)
    db.session.flush()
    log_access("consent_record", household_id=household.id, user=user,
               target="consents:" + ",".join(str(c.id) for c in rows))
    return rows


def _partners_covered(consent: Consent) -> list[tuple[Case, int]]:
    """(case, org) pairs of active partners this consent let in."""
    rows = db.session.execute(select(Case, CaseTeam.org_id).join(CaseTeam, CaseTeam.case_id == Case.id).where(
        Case.household_id == consent.household_id, CaseTeam.role == "partner",
        CaseTeam.active.is_(True))).all()
    if consent.scope == "network":
        return [(case, org_id) for case, org_id in rows]
    allowed = {o.id for o in consent.recipients}
    return [(case, org_id) for case, org_id in rows if org_id in allowed]


def revoke(consent: Consent, user: User, reason: str) -> Consent:
    """철회: from now on the consent covers no one; partners who relied on it are told."""
    if consent.revoked_at is not None:
        return consent
    consent.revoked_at, consent.revoked_by_id, consent.revoke_reason = utcnow(), user.id, reason
    db.session.flush()
    log_access("consent_revoke", household_id=consent.household_id, user=user,
               target=f"consent:{consent.id}", reason=reason)
    if consent.kind != "third_party":
        return consent
    for case, org_id in _partners_covered(consent):
        db.session.add(CaseEvent(case_id=case.id, user_id=user.id, org_id=user.org_id,
                                 action="consent_revoked", detail={"consent_id": consent.id, "org_id": org_id}))
        # Only partners who actually lost access are told; another consent may still cover them.
        if not authz.can_see_case(org_id, case):
            notices.notify_org(org_id, "consent_revoked", case.number, None)
    db.session.flush()
    return consent


def status_of(consent: Consent) -> str:
    return consent.status_on(seoul_today())


def recipient_choices() -> list[Organization]:
    return list(db.session.scalars(select(Organization).where(Organization.active.is_(True))
                                   .order_by(Organization.name)))
