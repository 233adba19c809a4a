"""Suggested resources: fixed households, expected entries in the expected order, with reasons."""
from datetime import date, datetime, timezone

import pytest
import time_machine

from caseweb.extensions import db
from caseweb.models import Assessment, HouseholdMember
from caseweb.resources import suggest

from .helpers import make_resource

TODAY = datetime(2026, 12, 3, 3, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():  # reasons are translated for the request's locale (ko)
        yield


def _elderly_case(make, zone):
    dong_office = make.org("한빛1동 행정복지센터", zone_id=zone.id, dong="한빛1동")
    hh = make.household(dong_office, head_name="김순자", birth_date=date(1948, 3, 2), dong="한빛1동",
                        household_type="elderly_alone", income_status="basic_livelihood")
    case = make.case(dong_office, household=hh, status="service")
    db.session.add(Assessment(case_id=case.id, assessed_on=date(2026, 11, 20),
                              needs={"env_housing": 3, "health_physical": 2, "social_isolation": 1}))
    db.session.flush()
    return dong_office, case


def _names(items):
    return [s.resource.name for s in items]


@time_machine.travel(TODAY, tick=False)
def test_expected_entries_in_expected_order_with_reasons(make, app):
    north, south = make.zone("북부권역"), make.zone("남부권역")
    org, case = _elderly_case(make, north)
    make_resource(org, "노인 주거환경 개선", domain="environment", subdomain="env_housing", min_age=65,
                  zones=[north], dongs="한빛1동", remaining=3, quantity=10, target_groups=["elderly"])
    make_resource(org, "주택임대보조금", domain="environment", subdomain="env_housing")
    make_resource(org, "방문 치과 진료", domain="health", subdomain="health_physical", min_age=60, zones=[north])
    make_resource(org, "경로당 나들이", domain="social")            # need level 1: not a need
    make_resource(org, "남부 집수리", domain="environment", zones=[south])   # another zone
    make_resource(org, "청년 월세", domain="environment", max_age=34)         # nobody that young
    make_resource(org, "한부모 주거 지원", domain="environment", target_groups=["single_parent"])
    make_resource(org, "일시중단 주거", domain="environment", status="paused")
    make_resource(org, "종료된 주거", domain="environment", status="ended")
    make_resource(org, "소진된 주거", domain="environment", remaining=0)
    make_resource(org, "기간 지난 주거", domain="environment", valid_until=date(2026, 6, 30))
    got = suggest.suggest(case)
    assert _names(got) == ["노인 주거환경 개선", "주택임대보조금", "방문 치과 진료"]
    reasons = [" · ".join(s.reasons) for s in got]
    assert reasons[0] == "주거 욕구 · 65세 이상 · 노인 · 한빛1동 · 잔여 3"
    assert reasons[1] == "주거 욕구"
    assert reasons[2] == "신체적 건강 욕구 · 60세 이상 · 북부권역"


@time_machine.travel(TODAY, tick=False)
def test_a_child_in_the_household_brings_child_resources(make, app):
    zone = make.zone("중부권역")
    org = make.org("한빛5동 행정복지센터", zone_id=zone.id, dong="한빛5동")
    hh = make.household(org, head_name="이미영", birth_date=date(1981, 7, 1), dong="한빛5동",
                        household_type="single_parent", income_status="near_poverty")
    db.session.add(HouseholdMember(household_id=hh.id, name="박지은", relation="child", birth_date=date(2009, 4, 5)))
    case = make.case(org, household=hh, status="service")
    db.session.add(Assessment(case_id=case.id, assessed_on=date(2026, 11, 1),
                              needs={"education_school": 3, "economy_assets": 2}))
    db.session.flush()
    make_resource(org, "학비 지원", domain="education", subdomain="education_school", max_age=19,
                  target_groups=["child", "low_income"])
    make_resource(org, "부채 클리닉", domain="economy", subdomain="economy_assets", min_age=19)
    make_resource(org, "노인 학습 지원", domain="education", min_age=65)
    got = suggest.suggest(case)
    assert _names(got) == ["학비 지원", "부채 클리닉"]
    assert " · ".join(got[0].reasons) == "학업 욕구 · 19세 이하 · 아동 · 저소득"


@time_machine.travel(TODAY, tick=False)
def test_stale_and_already_linked_entries_drop_down(make, app, login):
    zone = make.zone("북부")
    org, case = _elderly_case(make, zone)
    make_resource(org, "가 주거 지원", domain="environment", assured_at=datetime(2025, 1, 1, tzinfo=timezone.utc))
    fresh = make_resource(org, "나 주거 지원", domain="environment")
    make_resource(org, "다 주거 지원", domain="environment")
    assert _names(suggest.suggest(case)) == ["나 주거 지원", "다 주거 지원", "가 주거 지원"]
    from caseweb.resources import linkage
    linkage.link(case, make.user(org), resource=fresh, domain="environment", linked_on=date(2026, 12, 1))
    assert _names(suggest.suggest(case)) == ["다 주거 지원", "가 주거 지원", "나 주거 지원"]


def test_no_assessment_and_no_plan_means_no_suggestion(make):
    org = make.org()
    case = make.case(org)
    make_resource(org, "주택임대보조금")
    assert suggest.suggest(case) == []
