"""The demo directory: ~150 entries over every domain and zone, stale and empty ones, linkages, news."""
from sqlalchemy import func, select

from caseweb.demo import load_demo
from caseweb.extensions import db
from caseweb.models import Linkage, Resource, ResourceNews, Zone
from caseweb.models.records import NEED_DOMAINS
from caseweb.resources import directory


def test_demo_directory(app):
    counts = load_demo(households=40, commit=False)
    resources = db.session.scalars(select(Resource)).all()
    assert 140 <= len(resources) <= 170 and counts["resources"] == len(resources)
    assert {r.domain for r in resources} == set(NEED_DOMAINS)
    zones = set(db.session.scalars(select(Zone.id)))
    assert zones == {z.id for r in resources for z in r.zones}
    with app.test_request_context():
        assert sum(directory.is_stale(r) for r in resources) >= 5
    assert sum(r.out_of_stock for r in resources) >= 3
    assert {"주택임대보조금", "부채 클리닉(채무 조정 상담)", "치과 진료 지원", "학비 지원", "요양보호사 자격증 교육비",
            "푸드뱅크 식품 꾸러미"} <= {r.name for r in resources}
    linkages = db.session.scalar(select(func.count()).select_from(Linkage))
    assert linkages >= 10 and counts["linkages"] == linkages
    assert db.session.scalar(select(func.count()).select_from(ResourceNews)) >= 5
    assert all(r.remaining >= 0 for r in resources if r.remaining is not None)
