"""The 이력 tab as the team's timeline: every change, note, referral, consent and decision in words.

Each entry says who (name and organisation), when, what happened and what changed, in the
reader's language; codes and ids never reach the page. Newest first. Notes appear as the
notes the reader may read (a partner without the notes section sees only its own).
"""
from dataclasses import dataclass, field
from datetime import date, datetime

from flask import url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..authz import case_sections
from ..extensions import db
from ..models import CaseEvent, Consent, Note, Organization, User
from ..models.case import CASE_KINDS, CASE_LEVELS, CASE_STATUSES
from ..models.consent import CONSENT_KINDS
from ..models.org import PROGRAMMES
from ..models.records import CRISIS_LEVELS, NOTE_KINDS
from ..models.transition import CASE_SECTIONS, TRANSITION_KINDS
from .actions import ACTIONS

# What each kind of history entry is called. Every action a service writes has a line here
# (tests/cases/test_timeline.py renders one of each and looks for leftover English).
EVENT_LABELS = {
    **{name: action.history for name, action in ACTIONS.items() if action.history},  # each action's own
    "created": _l("Case opened"), "note_added": _l("Note added"), "note_edited": _l("Note corrected"),
    "closure_requested": _l("Closure requested"), "closure_approved": _l("Closure approved"),
    "closure_returned": _l("Closure returned"), "team_sections": _l("Partner's sections changed"),
    "consent_revoked": _l("Consent revoked: partner lost access"), "case_assigned": _l("Case assigned"),
    "referral_sent": _l("Referral sent"), "referral_received": _l("Referral opened by the receiver"),
    "referral_accepted": _l("Referral accepted"), "referral_declined": _l("Referral declined"),
    "referral_in_progress": _l("Referral in progress"), "referral_completed": _l("Referral result reported"),
    "referral_withdrawn": _l("Referral withdrawn"), "referral_expired": _l("Referral expired unanswered"),
    "referral_rerouted": _l("Referral forwarded"),
    "transfer_sent": _l("Transfer requested"), "transfer_received": _l("Transfer opened by the receiver"),
    "transfer_accepted": _l("Transfer accepted: new lead"), "transfer_declined": _l("Transfer declined"),
    "transfer_withdrawn": _l("Transfer withdrawn"), "transfer_expired": _l("Transfer expired unanswered"),
    "transfer_rerouted": _l("Transfer forwarded"),
    "conference_selection": _l("Conference decision: selection"),
    "conference_lead": _l("Conference decision: lead organisation"),
    "conference_partner": _l("Conference decision: partner organisation"),
    "conference_solution": _l("Conference decision: to the solution committee"),
    "conference_closure": _l("Conference decision: closure recommended"),
    "linkage_added": _l("Resource linked"), "linkage_corrected": _l("Resource linkage corrected"),
    "linkage_cancelled": _l("Resource linkage cancelled"),
}
FIELD_LABELS = {
    "status": _l("Step"), "programme": _l("Programme"), "kind": _l("Case type"), "level": _l("Level"),
    "source": _l("Found through"), "found_on": _l("Found on"), "intake_on": _l("Intake on"),
    "assessed_on": _l("Assessed on"), "conference_on": _l("Conference on"), "selected_on": _l("Selected on"),
    "plan_on": _l("Plan made on"), "last_contact_on": _l("Last contact"),
    "next_contact_due": _l("Next contact due"), "closed_on": _l("Closed on"),
    "closure_reason": _l("Closure reason"), "completed_on": _l("Completed on"),
    "note_kind": _l("Kind of contact"), "suggested_level": _l("Suggested level"), "goals": _l("Goals"),
    "contact_on": _l("Contact date"), "next_due": _l("Next contact due"), "body": _l("Text"),
    "reassessed_on": _l("Reassessed on"), "follow_up_on": _l("Follow-up on"), "reason": _l("Reason"),
    "comment": _l("Comment"), "requested_by": _l("Requested by"), "crisis_level": _l("Crisis level"),
    "closure_requested_on": _l("Closure requested for"), "closure_requested_reason": _l("Closure reason"),
    "sections": _l("May see"), "declined_by": _l("Declined by"),
    "linked_on": _l("Date linked"), "quantity": _l("Quantity"), "amount_krw": _l("Amount (KRW)"), "note": _l("Note"),
    "returned": _l("Given back to the entry"),
}
VALUE_LABELS = {"status": CASE_STATUSES, "kind": CASE_KINDS, "level": CASE_LEVELS, "suggested_level": CASE_LEVELS,
                "programme": PROGRAMMES, "note_kind": NOTE_KINDS, "crisis_level": CRISIS_LEVELS,
                "declined_by": {"provider": _l("the receiving organisation"), "household": _l("the household")}}
ENTRY_TITLES = {"note": _l("Contact note"), "consent": _l("Consent recorded"), "revoked": _l("Consent revoked")}


@dataclass
class Entry:
    at: datetime
    who: str
    org: str
    title: str
    lines: list[str] = field(default_factory=list)
    link: str | None = None
    kind: str = "event"  # event, note, consent (a CSS hook)


def _value(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        return ", ".join(_value(name, v) for v in value) or "—"
    if name == "sections":
        return str(CASE_SECTIONS.get(value, "—"))
    labels = VALUE_LABELS.get(name)
    if labels is not None:
        return str(labels.get(value, "—"))
    if name == "amount_krw" and isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        return format_date(date.fromisoformat(value), "yyyy-MM-dd")
    return str(value)


def _change_lines(detail: dict) -> list[str]:
    """{field: [old, new]} in words; unknown fields and ids are left out, never shown raw."""
    lines = []
    for name, change in detail.items():
        if name not in FIELD_LABELS or not isinstance(change, list) or len(change) != 2:
            continue
        old, new = change
        if name == "body":
            lines.append(_("The text was corrected."))
        elif name == "note":
            lines.append(_("The note was corrected."))
        elif old is None:
            lines.append(f"{FIELD_LABELS[name]}: {_value(name, new)}")
        else:
            lines.append(f"{FIELD_LABELS[name]}: {_value(name, old)} → {_value(name, new)}")
    return lines


class _Names:
    """Organisation and user names for the ids the entries mention, loaded in two queries."""

    def __init__(self, events):
        org_ids, user_ids = set(), set()
        for e in events:
            d = e.detail or {}
            org_ids.update(i for i in (e.org_id, d.get("from_org_id"), d.get("to_org_id"), d.get("org_id"))
                           if isinstance(i, int))
            partner = d.get("partner_org_id")
            if isinstance(partner, list) and isinstance(partner[-1], int):
                org_ids.add(partner[-1])
            if isinstance(d.get("worker_id"), int):
                user_ids.add(d["worker_id"])
        self.orgs = dict(db.session.execute(select(Organization.id, Organization.name)
                                            .where(Organization.id.in_(org_ids))).all()) if org_ids else {}
        self.users = dict(db.session.execute(select(User.id, User.name)
                                             .where(User.id.in_(user_ids))).all()) if user_ids else {}

    def org(self, org_id) -> str:
        return self.orgs.get(org_id, "") if isinstance(org_id, int) else ""


def _event_lines(e: CaseEvent, names: _Names) -> list[str]:
    d = dict(e.detail or {})
    lines = []
    if "transition_id" in d:
        kind = TRANSITION_KINDS.get(d.get("kind"), "")
        if d.get("kind") == "assign":
            lines.append(_("Case manager: %(name)s", name=names.users.get(d.get("worker_id"), "—")))
        else:
            lines.append(f"{kind}: {names.org(d.get('from_org_id'))} → {names.org(d.get('to_org_id'))}")
        if d.get("reason"):
            lines.append(f"{FIELD_LABELS['reason']}: {d['reason']}")
        if d.get("declined_by"):
            lines.append(f"{FIELD_LABELS['declined_by']}: {_value('declined_by', d['declined_by'])}")
        return lines
    if e.action == "team_sections":
        partner = d.get("partner_org_id") or [None, None]
        old, new = (d.get("sections") or [[], []])
        lines.append(f"{names.org(partner[-1])}: {_value('sections', old)} → {_value('sections', new)}")
        return lines
    if e.action.startswith("linkage_"):
        return [_("Resource: %(name)s", name=d.get("resource") or "—"), *_change_lines(d)]
    if e.action == "consent_revoked" or e.action.startswith("conference_"):
        if d.get("org_id"):
            lines.append(_("Organisation: %(org)s", org=names.org(d["org_id"])))
        return lines
    return _change_lines(d)


def _event_org(e: CaseEvent, names: _Names) -> str:
    """The acting organisation; for a step without a signed-in user, the one the step belongs to."""
    if e.org_id:
        return names.org(e.org_id)
    d = e.detail or {}
    if e.action.endswith(("_received", "_accepted", "_declined")):
        return names.org(d.get("to_org_id"))
    return ""


def _conference_link(e: CaseEvent) -> str | None:
    conference_id = (e.detail or {}).get("conference_id")
    if e.action.startswith("conference_") and conference_id:
        return url_for("conferences.show", conference_id=conference_id)
    return None


def entries(case, *, own_org_id: int, own_notes_only: bool) -> list[Entry]:
    """The timeline of `case` as the reader's organisation may see it, newest first."""
    events = list(db.session.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                                     .options(selectinload(CaseEvent.user))))
    names = _Names(events)
    notes_query = select(Note).where(Note.case_id == case.id).options(
        selectinload(Note.author), selectinload(Note.org))
    if own_notes_only:
        notes_query = notes_query.where(Note.org_id == own_org_id)
    notes = list(db.session.scalars(notes_query))
    readable_notes = {n.id for n in notes}
    sections = case_sections(own_org_id, case)
    sees_plan = sections is None or "plan" in sections  # linkages belong to the plan section
    result = []
    for e in events:
        if e.action == "note_added":
            continue  # the note itself is an entry below
        if e.action.startswith("linkage_") and not sees_plan:
            continue
        note_id = ((e.detail or {}).get("note_id") or [None, None])[-1]
        if e.action == "note_edited" and own_notes_only and note_id not in readable_notes:
            continue
        result.append(Entry(at=e.at, who=e.user.name if e.user else "", org=_event_org(e, names),
                            title=str(EVENT_LABELS.get(e.action, _("Case record changed"))),
                            lines=_event_lines(e, names), link=_conference_link(e)))
    for n in notes:
        body = " ".join(n.body.split())
        lines = [f"{FIELD_LABELS['contact_on']}: {format_date(n.contact_on, 'yyyy-MM-dd')}",
                 body if len(body) <= 140 else body[:140] + "…"]
        result.append(Entry(at=n.created_at, who=n.author.name if n.author else "", org=n.org.name if n.org else "",
                            title=f"{ENTRY_TITLES['note']} · {NOTE_KINDS.get(n.kind, '')}", lines=lines, kind="note"))
    result.extend(_consent_entries(case))
    return sorted(result, key=lambda entry: entry.at, reverse=True)


def _consent_entries(case) -> list[Entry]:
    """Consents of the household: who recorded them, for whom, and revocations (reasons stay with the lead)."""
    consents = db.session.scalars(select(Consent).where(Consent.household_id == case.household_id)
                                  .options(selectinload(Consent.recipients)))
    users = {}
    result = []
    for c in consents:
        for uid in (c.recorded_by_id, c.revoked_by_id):
            if uid and uid not in users:
                user = db.session.get(User, uid)
                users[uid] = (user.name, user.org.name if user.org else "") if user else ("", "")
        who, org = users.get(c.recorded_by_id, ("", ""))
        whom = _("the whole council network") if c.scope == "network" else ", ".join(o.name for o in c.recipients)
        start = format_date(c.valid_from, "yyyy-MM-dd")
        lines = [_("Valid %(start)s to %(end)s", start=start, end=format_date(c.valid_until, "yyyy-MM-dd"))
                 if c.valid_until else _("Valid from %(start)s", start=start)]
        if c.kind == "third_party" and whom:
            lines.append(_("Shared with: %(orgs)s", orgs=whom))
        result.append(Entry(at=c.recorded_at, who=who, org=org, kind="consent",
                            title=f"{ENTRY_TITLES['consent']} · {CONSENT_KINDS.get(c.kind, '')}", lines=lines))
        if c.revoked_at:
            who, org = users.get(c.revoked_by_id, ("", ""))
            result.append(Entry(at=c.revoked_at, who=who, org=org, kind="consent",
                                title=f"{ENTRY_TITLES['revoked']} · {CONSENT_KINDS.get(c.kind, '')}"))
    return result
