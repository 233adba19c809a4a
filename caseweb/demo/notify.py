"""Referral history on the cases and in-app notifications, shaped like the referral service's."""
from datetime import timedelta

from ..extensions import db
from ..models import CaseEvent, Notification
from ..notifications.services import korean_message, link_for

RECENT = timedelta(days=21)


def build_transition_events(demo) -> None:
    """One CaseEvent per step each Transition went through."""
    for t in demo.transitions:
        base = {"transition_id": t.id, "kind": t.kind, "from_org_id": t.from_org_id, "to_org_id": t.to_org_id}
        if t.kind == "assign":
            _event(demo, t, t.from_user, "case_assigned", t.requested_at, base, worker_id=t.to_user.id)
            continue
        _event(demo, t, t.from_user, f"{t.kind}_sent", t.requested_at, base)
        if t.received_at:
            _event(demo, t, None, f"{t.kind}_received", t.received_at, base)
        if t.status in ("accepted", "in_progress", "completed"):
            _event(demo, t, None, f"{t.kind}_accepted", t.answered_at, base)
        if t.status == "declined":
            _event(demo, t, None, f"{t.kind}_declined", t.answered_at, base, reason=t.decline_reason,
                   declined_by=t.declined_by)
        elif t.status == "rerouted":
            _event(demo, t, None, f"{t.kind}_rerouted", t.answered_at, base, rerouted_to=t.rerouted_to_id)
        elif t.status in ("in_progress", "withdrawn", "expired", "completed"):
            at = t.completed_at or (t.answered_at or t.received_at or t.requested_at) + timedelta(days=1)
            user = t.from_user if t.status == "withdrawn" else None
            _event(demo, t, user, f"{t.kind}_{t.status}", min(at, demo.at(demo.today, 9)), base)


def _event(demo, t, user, action, at, base, **extra):
    db.session.add(CaseEvent(case_id=t.case_id, user_id=user.id if user else None,
                             org_id=user.org_id if user else None, at=at, action=action,
                             detail={**base, **extra}))
    demo.counts["case_events"] += 1


def build_notifications(demo) -> None:
    """What the referral service would have sent during the last three weeks."""
    now = demo.at(demo.today, hour=9)
    for t in demo.transitions:
        if now - t.requested_at > RECENT:
            continue
        number, link = t.case.number, link_for("referrals.detail", transition_id=t.id)
        if t.kind == "assign":
            _notify(demo, [t.to_user], "assigned", number, link_for("cases.show", case_id=t.case_id),
                    t.requested_at, True)
        elif t.status in ("requested", "received"):
            _notify(demo, demo.staff_of_org(t.to_org_id), f"{t.kind}_received", number, link,
                    t.requested_at, t.status == "received")
        elif t.status in ("accepted", "declined", "rerouted", "in_progress") and t.from_user:
            _notify(demo, [t.from_user], "referral_answered", number, link, t.answered_at, demo.chance(0.5))
        elif t.status in ("expired", "completed") and t.from_user:
            _notify(demo, [t.from_user], f"referral_{t.status}", number, link, now, False)
        elif t.status == "withdrawn":
            _notify(demo, demo.staff_of_org(t.to_org_id), "referral_withdrawn", number, link, now, False)


def _notify(demo, users, kind, number, link, at, read):
    for user in users:
        db.session.add(Notification(user_id=user.id, kind=kind, message=korean_message(kind, number), link=link,
                                    case_number=number, created_at=at,
                                    read_at=at + timedelta(hours=2) if read else None))
        demo.counts["notifications"] += 1
