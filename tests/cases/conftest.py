"""Case fixtures: an organisation with a worker, and cases in any workflow status."""
from datetime import date, timedelta

import pytest

from caseweb.extensions import db
from caseweb.models import ListOption, Plan
from caseweb.timeutil import seoul_today

# The dates a case has reached each status with; later statuses include the earlier ones.
STATUS_FIELDS = {
    "screening": {},
    "intake": {"intake_on": 1},
    "assessed": {"assessed_on": 2},
    "planning": {"kind": "case_management", "level": "general", "selected_on": 3},
    "service": {"plan_on": 4},
    "linkage": {},
    "closed": {"closed_on": 6, "closure_reason": "목표달성"},
    "follow_up": {"last_contact_on": 7},
    "completed": {"completed_on": 8},
}
ORDER = ["screening", "intake", "assessed", "planning", "service", "closed", "follow_up", "completed"]


@pytest.fixture()
def request_ctx(app):
    """Services translate their messages, which needs a request (for the locale)."""
    with app.test_request_context():
        yield


@pytest.fixture()
def org(make):
    return make.org(name="행복동 행정복지센터")


@pytest.fixture()
def worker(make, org):
    return make.user(org, "worker", name="김사례")


@pytest.fixture()
def reasons(app):
    for i, label in enumerate(["목표달성", "거부", "전출"]):
        db.session.add(ListOption(list_name="closure_reason", label=label, position=i))
    db.session.add(ListOption(list_name="closure_reason", label="폐지된 사유", position=9, active=False))
    db.session.flush()


@pytest.fixture()
def case_in(make, org, worker):
    """case_in(status, **overrides): a case that has reached `status` the normal way."""
    def build(status, household=None, start=None, **overrides):
        start = start or seoul_today() - timedelta(days=20)
        fields = {}
        path = ORDER[:ORDER.index(status) + 1] if status != "linkage" else ORDER[:3] + ["linkage"]
        for step in path:
            for name, value in STATUS_FIELDS[step].items():
                fields[name] = start + timedelta(days=value) if isinstance(value, int) else value
        if status == "linkage":
            fields.update(kind="service_linkage", selected_on=start + timedelta(days=3))
        fields.update(overrides)
        case = make.case(org, household=household, manager=worker, status=status,
                         found_on=start, **fields)
        if "plan_on" in fields and fields.get("kind") == "case_management":
            db.session.add(Plan(case_id=case.id, planned_on=fields["plan_on"], author_id=worker.id))
            db.session.flush()
        return case
    return build


def days_ago(n: int) -> date:
    return seoul_today() - timedelta(days=n)
