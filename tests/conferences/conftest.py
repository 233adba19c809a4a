"""A dong office hosting an integrated conference with a welfare centre; a third organisation uninvited."""
from datetime import datetime, timedelta

import pytest

from caseweb.conferences import services
from caseweb.extensions import db
from caseweb.models import ListOption
from caseweb.timeutil import SEOUL, seoul_today


@pytest.fixture()
def request_ctx(app):
    with app.test_request_context():
        yield


@pytest.fixture()
def world(make, app):
    return build_world(make)


def build_world(make):
    dong = make.org(name="한빛1동 행정복지센터")
    center = make.org(name="한빛종합사회복지관", kind="welfare_center", sector="private", programme="welfare_center")
    other = make.org(name="다른동 행정복지센터")
    w = type("World", (), {})()
    w.dong, w.center, w.other = dong, center, other
    w.lead = make.user(dong, "supervisor", name="박정호")
    w.worker = make.user(dong, "worker", name="김민지")
    w.viewer = make.user(dong, "viewer", name="열람자")
    w.cworker = make.user(center, "worker", name="이수진")
    w.csuper = make.user(center, "supervisor", name="센터장")
    w.outsider = make.user(other, "worker", name="외부인")
    # A case center1 is covered for (consent), and one it is not.
    w.shared = make.case(dong, household=make.household(dong, head_name="공유가구", address="한빛로 12",
                                                        notes="가정폭력 의심 메모"),
                         status="assessed", manager=w.worker, intake_on=seoul_today() - timedelta(days=9),
                         assessed_on=seoul_today() - timedelta(days=3))
    make.consent(w.shared.household, recipients=[center], user=w.worker)
    w.secret = make.case(dong, household=make.household(dong, head_name="비밀가구", address="비밀로 99",
                                                        notes="정신건강 위기 메모", rrn="900101-1234568"),
                         status="assessed", manager=w.worker)
    for i, label in enumerate(["목표달성", "거부"]):
        db.session.add(ListOption(list_name="closure_reason", label=label, position=i))
    db.session.flush()
    return w


def schedule(w, user=None, org_ids=None, kind="integrated", days=3):
    starts = datetime.combine(seoul_today() + timedelta(days=days), datetime.min.time().replace(hour=14),
                              tzinfo=SEOUL)
    return services.schedule(user or w.lead, kind=kind, title="1권역 통합사례회의", starts_at=starts, minutes_long=90,
                             place="한빛1동 회의실", online_url=None,
                             org_ids=[w.center.id] if org_ids is None else org_ids)
