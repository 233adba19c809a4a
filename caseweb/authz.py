"""Who may see and do what: the visibility rule, every scoped loader, the "may" checks, role decorators.

Deny by default. A case is visible to its lead organisation, and to an active
partner only while the household's third-party consent covers that partner.
Household data (RRN reveal, edits, consents) belongs to the lead organisation.
Anything else is a 404, never a 403, so nothing hints that it exists. The `may_*`
checks are what services enforce and what templates are given as "can do" flags.
"""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import selectinload

from .extensions import db
from .models import (Case, CaseTeam, Conference, ConferenceOrg, Consent, Household, Linkage, Note, Notification,
                     Resource, ScreeningEntry, ScreeningImport, ScreeningList, Transition, User, consent_recipients)
from .models.user import CASE_ROLES, WRITE_ROLES  # noqa: F401 (views decorate with them)
from .timeutil import seoul_today


def role_required(*roles: str):
    """Login, then 403 unless the user has one of `roles`."""
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorator


def write_required(view):
    """Workers and supervisors write; viewers only read (the same rule as `User.can_write`)."""
    return role_required(*WRITE_ROLES)(view)


def consent_covers(household_id, org_id, day=None):
    """SQL: an active third-party consent of the household covers `org_id`."""
    day = day or seoul_today()
    return exists().where(
        Consent.household_id == household_id,
        Consent.kind == "third_party",
        Consent.revoked_at.is_(None),
        Consent.valid_from <= day,
        or_(Consent.valid_until.is_(None), Consent.valid_until >= day),
        or_(
            Consent.scope == "network",
            exists().where(consent_recipients.c.consent_id == Consent.id,
                           consent_recipients.c.org_id == org_id),
        ),
    )


def visible_case_clause(org_id, day=None):
    """SQL filter on Case: the org leads it, or is an active partner under consent."""
    partner = exists().where(
        CaseTeam.case_id == Case.id,
        CaseTeam.org_id == org_id,
        CaseTeam.active.is_(True),
        CaseTeam.role == "partner",
    )
    return or_(Case.lead_org_id == org_id,
               and_(partner, consent_covers(Case.household_id, org_id, day)))


def can_see_case(org_id: int, case: Case) -> bool:
    return db.session.scalar(
        select(exists().where(Case.id == case.id, visible_case_clause(org_id)))) or False


def _registered_without_case(org_id):
    """The org registered the household and no case exists yet (it is about to open one)."""
    return and_(Household.created_by_org_id == org_id,
                ~exists().where(Case.household_id == Household.id))


def household_lead_clause(org_id):
    """SQL filter on Household: the org leads one of its cases (or registered it, before any case).

    Household data — RRN reveal, edits, consents, new cases — belongs to the lead.
    Registering a household grants nothing once a case exists.
    """
    return or_(exists().where(Case.household_id == Household.id, Case.lead_org_id == org_id),
               _registered_without_case(org_id))


def visible_case_ids(org_id: int, case_ids) -> set[int]:
    """Which of `case_ids` the organisation may see, in one query (agendas, lists of other features).

    The same rule as every loader; callers show the others as "비공개" or leave them out.
    """
    wanted = {int(i) for i in case_ids}
    if not wanted:
        return set()
    return set(db.session.scalars(select(Case.id).where(Case.id.in_(wanted), visible_case_clause(org_id))))


def visible_household_clause(org_id):
    """SQL filter on Household: the org leads it, or can see one of its cases."""
    return or_(
        _registered_without_case(org_id),
        exists().where(Case.household_id == Household.id, visible_case_clause(org_id)),
    )


def is_household_lead(org_id: int, household: Household) -> bool:
    return db.session.scalar(select(exists().where(
        Household.id == household.id, household_lead_clause(org_id)))) or False


def _case_reader():
    if not current_user.is_authenticated or not current_user.reads_cases:
        abort(404)  # admins manage accounts; they do not read case content


def get_case_or_404(case_id: int) -> Case:
    """The case, if the current organisation may see it; else 404."""
    _case_reader()
    return db.first_or_404(select(Case).where(Case.id == case_id, visible_case_clause(current_user.org_id)))


def get_household_or_404(household_id: int) -> Household:
    _case_reader()
    return db.first_or_404(select(Household).where(
        Household.id == household_id, visible_household_clause(current_user.org_id)))


def get_led_household_or_404(household_id: int) -> Household:
    """The household, if the current organisation leads it; partners and everyone else get 404."""
    _case_reader()
    return db.first_or_404(select(Household).where(
        Household.id == household_id, household_lead_clause(current_user.org_id)))


def case_sections(org_id: int, case: Case) -> set[str] | None:
    """Sections a partner may see (None: all, as for the lead)."""
    if case.lead_org_id == org_id:
        return None
    team = db.session.scalar(select(CaseTeam).where(
        CaseTeam.case_id == case.id, CaseTeam.org_id == org_id))
    return set(team.sections) if team and team.sections else None


def get_transition_or_404(transition_id: int) -> Transition:
    """A referral/transfer the current organisation sent or received; anything else is 404."""
    _case_reader()
    org = current_user.org_id
    return db.first_or_404(select(Transition).where(
        Transition.id == transition_id, Transition.kind.in_(("referral", "transfer")),
        or_(Transition.from_org_id == org, Transition.to_org_id == org)))


def get_consent_or_404(consent_id: int, lead: bool = False) -> Consent:
    """A consent of a household the current organisation may see (with `lead`: leads); else 404."""
    consent = db.get_or_404(Consent, consent_id)
    (get_led_household_or_404 if lead else get_household_or_404)(consent.household_id)
    return consent


def may_manage_consents(user, household: Household) -> bool:
    """Only a writer of the lead organisation records or revokes the household's consent."""
    return user.can_write and is_household_lead(user.org_id, household)


def may_edit_note(note: Note, user) -> bool:
    """A writer corrects the notes of their own organisation; others' notes are read-only."""
    return user.can_write and note.org_id == user.org_id


def get_own_note_or_404(case: Case, note_id: int) -> Note:
    """A note of this (already loaded) case that the user may correct; else 404."""
    note = db.session.scalar(select(Note).where(Note.id == note_id, Note.case_id == case.id))
    if note is None or not may_edit_note(note, current_user):
        abort(404)
    return note


def get_notification_or_404(notification_id: int) -> Notification:
    """One of the current user's own notifications; else 404."""
    return db.first_or_404(select(Notification).where(
        Notification.id == notification_id, Notification.user_id == current_user.id))


def get_user_or_404(user_id: int) -> User:
    """An account, for administrators (the views are admin-only); else 404."""
    return db.get_or_404(User, user_id)


def may_send(case: Case, user) -> bool:
    """Refer or transfer the case, or set what a partner sees: a writer of its lead organisation."""
    return user.can_write and case.lead_org_id == user.org_id


# A request (의뢰·이관) is open while unanswered; the receiver answers it (수락·거절·전달) while it
# is open, the sender may withdraw it while it is open, and the receiver reports a result once
# it accepted. Services refuse with these checks; templates show buttons with them.
OPEN_REQUEST = ("requested", "received")
ACCEPTED_REQUEST = ("accepted", "in_progress")


def may_answer(t: Transition, user) -> bool:
    return user.can_write and t.to_org_id == user.org_id and t.status in OPEN_REQUEST


def may_withdraw(t: Transition, user) -> bool:
    return user.can_write and t.from_org_id == user.org_id and t.status in OPEN_REQUEST


def may_report_result(t: Transition, user) -> bool:
    return user.can_write and t.to_org_id == user.org_id and t.status in ACCEPTED_REQUEST


def may_reveal_rrn(user, household: Household, is_lead: bool) -> bool:
    """See the full resident number once: a writer of the lead organisation, where the organisation may hold RRNs."""
    return bool(is_lead and household.rrn_encrypted and user.can_write and user.org.rrn_allowed)


def init_app(app) -> None:
    """Templates show the request buttons with the same checks the services refuse with (no SQL in them)."""
    for check in (may_answer, may_withdraw, may_report_result):
        app.add_template_global(check)


def may_assign(case: Case, user) -> bool:
    """Give the case to a worker: a supervisor of its lead organisation."""
    return user.has_role("supervisor") and case.lead_org_id == user.org_id


def get_conference_or_404(conference_id: int):
    """A conference the current organisation hosts or is invited to; else 404."""
    _case_reader()
    org_id = current_user.org_id
    return db.first_or_404(select(Conference).where(
        Conference.id == conference_id,
        or_(Conference.host_org_id == org_id,
            exists().where(ConferenceOrg.conference_id == Conference.id, ConferenceOrg.org_id == org_id))))


# --- Discovery lists (발굴) ---------------------------------------------------------------
# A list or an entry is seen by the dong office it is assigned to and by the organisation that
# uploaded it. Admins manage accounts and do not read entries; everyone else gets 404.

def _screening_reader():
    if not current_user.is_authenticated or not current_user.has_role(*CASE_ROLES):
        abort(404)


def visible_entry_clause(org_id: int):
    """SQL filter on ScreeningEntry: assigned to the org, or on a list it uploaded."""
    return or_(ScreeningEntry.assigned_org_id == org_id,
               ScreeningEntry.list_id.in_(select(ScreeningList.id).where(ScreeningList.org_id == org_id)))


def visible_list_clause(org_id: int):
    """SQL filter on ScreeningList: uploaded by the org, or holding an entry assigned to it."""
    return or_(ScreeningList.org_id == org_id,
               exists().where(ScreeningEntry.list_id == ScreeningList.id, ScreeningEntry.assigned_org_id == org_id))


def get_list_or_404(list_id: int) -> ScreeningList:
    _screening_reader()
    return db.first_or_404(select(ScreeningList).where(ScreeningList.id == list_id, visible_list_clause(current_user.org_id)))


def get_entry_or_404(entry_id: int) -> ScreeningEntry:
    _screening_reader()
    return db.first_or_404(select(ScreeningEntry).where(ScreeningEntry.id == entry_id, visible_entry_clause(current_user.org_id)))


def get_import_or_404(import_id: int) -> ScreeningImport:
    """An upload in progress: only its own organisation's writers see it."""
    _screening_reader()
    found = db.session.get(ScreeningImport, import_id)
    if found is None or found.org_id != current_user.org_id or not current_user.can_write:
        abort(404)
    return found


# --- Resource directory (자원) and linkages (자원연계) --------------------------------------
# The directory is shared: every logged-in user reads every entry. Changing an entry
# (edit, re-verify) belongs to its owner organisation's writers and to district admins;
# anyone else gets 403 — the entry's existence is no secret. A linkage is case data:
# it is found only through a case the user may see, and only the organisation that
# made it corrects or returns it (404 otherwise, like another organisation's note).

def may_create_resource(user) -> bool:
    """Add directory entries and news: an admin, or any writer."""
    return user.is_authenticated and (user.has_role("admin") or user.can_write)


def may_edit_resource(user, resource: Resource) -> bool:
    """A district admin edits every entry; workers and supervisors their organisation's."""
    if not user.is_authenticated:
        return False
    return user.has_role("admin") or (user.can_write and resource.owner_org_id == user.org_id)


def get_resource_or_404(resource_id: int) -> Resource:
    """Every logged-in user reads the directory."""
    return db.first_or_404(select(Resource).where(Resource.id == resource_id).options(
        selectinload(Resource.provider), selectinload(Resource.zones)))


def get_editable_resource_or_404(resource_id: int) -> Resource:
    """The entry, if the current user may change it: 404 if missing, 403 if another's."""
    resource = get_resource_or_404(resource_id)
    if not may_edit_resource(current_user, resource):
        abort(403)
    return resource


def may_change_linkage(user, linkage: Linkage) -> bool:
    """Correct or cancel a linkage: a writer of the organisation that made it, while it is in force."""
    return user.can_write and linkage.org_id == user.org_id and linkage.cancelled_at is None


def get_own_linkage_or_404(case: Case, linkage_id: int) -> Linkage:
    """A linkage of this (already loaded) case that the user may change; else 404."""
    linkage = db.session.scalar(select(Linkage).where(Linkage.id == linkage_id, Linkage.case_id == case.id))
    if linkage is None or not may_change_linkage(current_user, linkage):
        abort(404)
    return linkage
