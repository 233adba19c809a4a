"""Referral history on the cases and in-app notifications, shaped like the referral service's."""
from datetime import timedelta

from ..extensions import db
from ..models import CaseEvent, Notification

RECENT = timedelta(days=21)
# Korean text when the notifications package is not there to word it.
FALLBACK = {"referral_received": "새 의뢰가 도착했습니다: {n}", "transfer_received": "{n} 사례 이관 요청이 왔습니다",
            "referral_answered": "{n} 의뢰에 회신이 왔습니다", "referral_expired": "{n} 의뢰가 기한 내 응답 없이 만료되었습니다",
            "referral_withdrawn": "{n} 의뢰가 철회되었습니다", "referral_completed": "{n} 의뢰 결과가 회신되었습니다",
            "assigned": "{n} 사례가 배정되었습니다"}


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
        number, link = t.case.number, f"/referrals/{t.id}"
        if t.kind == "assign":
            _notify(demo, [t.to_user], "assigned", number, f"/cases/{t.case_id}", t.requested_at, True)
        elif t.status in ("requested", "received"):
            _notify(demo, demo.staff_of_org(t.to_org_id), f"{t.kind}_received", number, link,
                    t.requested_at, t.status == "received")
        elif t.status in ("accepted", "declined", "rerouted", "in_progress") and t.from_user:
            _notify(demo, [t.from_user], "referral_answered", number, link, t.answered_at, demo.chance(0.5))
        elif t.status in ("expired", "completed") and t.from_user:
            _notify(demo, [t.from_user], f"referral_{t.status}", number, link, now, False)
        elif t.status == "withdrawn":
            _notify(demo, demo.staff_of_org(t.to_org_id), "referral_withdrawn", number, link, now, False)


def _message(kind: str, number: str) -> str:
    try:
        from flask_babel import force_locale

        from ..notifications.services import MESSAGES
        with force_locale("ko"):
            return str(MESSAGES[kind]) % {"number": number}
    except (ImportError, KeyError):
        return FALLBACK[kind].format(n=number)


def _notify(demo, users, kind, number, link, at, read):
    extra = {"case_number": number} if hasattr(Notification, "case_number") else {}
    for user in users:
        db.session.add(Notification(user_id=user.id, kind=kind, message=_message(kind, number), link=link,
                                    created_at=at, read_at=at + timedelta(hours=2) if read else None, **extra))
        demo.counts["notifications"] += 1
