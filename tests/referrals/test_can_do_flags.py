"""The request buttons a page shows come from the checks the services refuse with (authz.may_*).

For every status a request can have and for each of the sender, the receiver and a third
organisation, the page shows 수락/철회/회신 exactly when the service call succeeds.
"""
from datetime import timedelta

import pytest

from caseweb.extensions import db
from caseweb.models import Transition
from caseweb.referrals import services
from caseweb.referrals.services import TransitionRefused

STATUSES = ("requested", "received", "accepted", "in_progress", "declined", "withdrawn", "expired",
            "completed", "rerouted")
CALLS = {
    "answer": (lambda t, u: services.decline(t, u, "other", "provider"), 'action="/referrals/{id}/decline"'),
    "withdraw": (lambda t, u: services.withdraw(t, u), 'action="/referrals/{id}/withdraw"'),
    "report": (lambda t, u: services.complete(t, u, "서비스 제공 완료"), 'action="/referrals/{id}/reply"'),
}


def _request(world, make, status) -> Transition:
    """A request brought to `status` the way the services do it."""
    make.consent(world.household, [world.b, world.c], user=world.lead_worker)
    t = services.send_referral(world.case, world.lead_worker, world.b, "주거 지원 의뢰", None)
    b = world.b_worker
    steps = {
        "received": lambda: services.mark_received(t, b),
        "accepted": lambda: services.accept(t, b),
        "in_progress": lambda: services.start(services.accept(t, b), b),
        "declined": lambda: services.decline(t, b, "other", "provider"),
        "withdrawn": lambda: services.withdraw(t, world.lead_worker),
        "expired": lambda: services.expire_overdue(now=t.requested_at + timedelta(days=400)),
        "completed": lambda: services.complete(services.accept(t, b), b, "연계 완료"),
        "rerouted": lambda: services.reroute(t, b, world.c, "더 가까운 기관"),
    }
    if status in steps:
        steps[status]()
    db.session.commit()
    assert t.status == status
    return t


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("who", ("lead_worker", "b_worker", "c_worker"))
@pytest.mark.parametrize("action", sorted(CALLS))
def test_button_shown_iff_the_service_allows_it(app, client, auth, world, make, status, who, action):
    t = _request(world, make, status)
    user = getattr(world, who)
    call, marker = CALLS[action]
    auth.login(user.username)
    page = client.get(f"/referrals/{t.id}")
    shown = page.status_code == 200 and marker.format(id=t.id) in page.get_data(as_text=True)
    with app.test_request_context("/"):
        t = db.session.get(Transition, t.id)
        try:
            call(t, db.session.merge(user))
            allowed = True
        except TransitionRefused:
            allowed = False
        db.session.rollback()
    assert shown == allowed, f"{who} on a {status} request: button {shown}, service {allowed}"


def test_the_checks_cover_each_side(world, make):
    t = _request(world, make, "requested")
    from caseweb.authz import may_answer, may_report_result, may_withdraw
    assert may_answer(t, world.b_worker) and not may_answer(t, world.lead_worker) and not may_answer(t, world.c_worker)
    assert may_withdraw(t, world.lead_worker) and not may_withdraw(t, world.b_worker)
    t.status = "accepted"
    assert may_report_result(t, world.b_worker) and not may_withdraw(t, world.lead_worker)
