"""Directory search: Korean word parts through the bigram index, one syllable, AND filters, ranking."""
from datetime import date, datetime, timedelta, timezone

import time_machine
from sqlalchemy import select

from caseweb.extensions import db
from caseweb.models import ResourceGram
from caseweb.resources import directory
from caseweb.resources.directory import Filters

from .helpers import make_resource


def names(**args):
    return [r.name for r in directory.search(Filters.from_args(args), page_size=50).rows]


def test_two_syllables_find_a_part_of_a_word(make):
    org = make.org()
    make_resource(org, "주택임대보조금")
    make_resource(org, "치과 진료 지원", domain="health")
    assert names(q="임대") == ["주택임대보조금"]
    assert names(q="치과") == ["치과 진료 지원"]
    assert names(q="과진") == ["치과 진료 지원"]  # spaces do not split words for search
    assert names(q="보조금 임대") == []  # every character, in order


def test_search_is_an_index_lookup_kept_in_step_with_edits(make):
    org = make.org()
    r = make_resource(org, "주택임대보조금")
    grams = set(db.session.scalars(select(ResourceGram.gram).where(ResourceGram.resource_id == r.id)))
    assert {"주택", "택임", "임대", "대보", "보조", "조금"} <= grams
    r.name = "긴급 주거비"
    directory.refresh_search_text(r)
    db.session.flush()
    assert names(q="임대") == []
    assert names(q="주거") == ["긴급 주거비"]


def test_one_syllable_still_works_and_bigram_adjacency_is_checked(make):
    org = make.org()
    make_resource(org, "주택임대보조금")
    make_resource(org, "대보름 나눔")
    assert set(names(q="임")) == {"주택임대보조금"}
    assert set(names(q="대")) == {"주택임대보조금", "대보름 나눔"}
    assert names(q="보대") == []


def test_provider_name_is_searched_too(make):
    foodbank = make.org("한빛푸드뱅크", kind="private_agency", sector="private")
    make_resource(foodbank, "라면 나눔", domain="economy")
    assert names(q="푸드") == ["라면 나눔"]


def test_filters_combine_with_and(make):
    org = make.org()
    north, south = make.zone("북부"), make.zone("남부")
    make_resource(org, "노인 임대 지원", min_age=65, zones=[north], target_groups=["elderly"])
    make_resource(org, "청년 임대 지원", max_age=39, zones=[south], target_groups=["youth"])
    make_resource(org, "임대 상담", domain="rights")
    make_resource(org, "구 전역 임대 안내")  # no zones: the whole district
    assert set(names(q="임대", domain="environment")) == {"노인 임대 지원", "청년 임대 지원", "구 전역 임대 안내"}
    assert set(names(q="임대", zone=str(north.id))) == {"노인 임대 지원", "임대 상담", "구 전역 임대 안내"}
    assert set(names(q="임대", domain="environment", zone=str(north.id), age="70")) == {"노인 임대 지원",
                                                                                          "구 전역 임대 안내"}
    assert names(q="임대", target="youth") == ["청년 임대 지원"]
    assert names(q="임대", domain="environment", zone=str(south.id), age="70") == ["구 전역 임대 안내"]


def test_available_now_leaves_out_paused_ended_expired_and_empty(make):
    org = make.org()
    make_resource(org, "식품 꾸러미 A", remaining=3)
    make_resource(org, "식품 꾸러미 B", remaining=0)
    make_resource(org, "식품 꾸러미 C", status="paused")
    make_resource(org, "식품 꾸러미 D", status="ended")
    make_resource(org, "식품 꾸러미 E", valid_until=date(2000, 1, 1))
    assert names(q="꾸러미", available="1") == ["식품 꾸러미 A"]
    # Unfiltered, the linkable entry ranks first.
    assert names(q="꾸러미")[0] == "식품 꾸러미 A"


def test_names_starting_with_the_query_rank_first(make):
    org = make.org()
    make_resource(org, "가정 치과 지원")
    make_resource(org, "치과 진료 지원")
    assert names(q="치과") == ["치과 진료 지원", "가정 치과 지원"]


def test_stale_entries_after_the_configured_months(make, app):
    org = make.org()
    with time_machine.travel(datetime(2026, 12, 1, 3, 0, tzinfo=timezone.utc), tick=False):
        now = datetime.now(timezone.utc)
        make_resource(org, "오래된 자원", assured_at=now - timedelta(days=200))
        make_resource(org, "새 자원", assured_at=now - timedelta(days=20))
        assert names(q="자원", stale="1") == ["오래된 자원"]
        app.config["RESOURCE_STALE_MONTHS"] = 12
        try:
            assert names(q="자원", stale="1") == []
        finally:
            app.config["RESOURCE_STALE_MONTHS"] = 6


def test_a_query_of_only_punctuation_finds_nothing(make):
    make_resource(make.org(), "주택임대보조금")
    assert names(q="!!") == []


def test_description_and_eligibility_are_searched_below_name_matches(make):
    org = make.org()
    make_resource(org, "어르신 밑반찬 배달", description="혼자 식사를 챙기기 어려운 분께 반찬을 가져다 드립니다.")
    make_resource(org, "방문 목욕", description="거동이 불편한 어르신 댁을 찾아갑니다.")
    make_resource(org, "긴급 생계비", eligibility="기초생활수급자, 차상위계층")
    make_resource(org, "겨울 난방비", eligibility="중위소득 50% 이하")
    assert names(q="어르신") == ["어르신 밑반찬 배달", "방문 목욕"]  # the name match first
    assert names(q="차상위") == ["긴급 생계비"]
    assert names(q="반찬") == ["어르신 밑반찬 배달"]
    assert names(q="수급") == ["긴급 생계비"]


def test_an_edited_description_is_found_by_its_new_words(make, app):
    from types import SimpleNamespace
    from caseweb.resources import services
    org = make.org()
    user = make.user(org)
    r = make_resource(org, "방문 목욕")
    assert names(q="온수") == []
    before = {"description": None}
    r.description = "온수 목욕 차량이 댁 앞까지 옵니다."
    services.record(r, SimpleNamespace(id=user.id, org_id=org.id), "edited", before)
    db.session.flush()
    assert names(q="온수") == ["방문 목욕"]


def test_a_common_word_ranks_the_newest_matches_and_says_there_are_more(make, app, monkeypatch):
    org = make.org()
    monkeypatch.setattr(directory, "RESULT_CAP", 5)
    for i in range(8):
        make_resource(org, f"지원 사업 {i}")
    make_resource(org, "다른 것")
    found = directory.search(Filters.from_args({"q": "지원"}), page_size=50)
    assert (found.total, found.capped) == (5, True)
    assert [r.name for r in found.rows] == [f"지원 사업 {i}" for i in range(3, 8)]  # the newest five
    few = directory.search(Filters.from_args({"q": "다른"}), page_size=50)
    assert (few.total, few.capped) == (1, False)


def test_the_count_shows_on_the_page(make, login, monkeypatch):
    org = make.org()
    client = login(make.user(org))
    monkeypatch.setattr(directory, "RESULT_CAP", 3)
    for i in range(4):
        make_resource(org, f"식품 꾸러미 {i}")
    page = client.get("/resources/?q=꾸러미", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "3건 이상" in page
    page = client.get("/resources/?q=꾸러미 0", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "1건" in page and "이상" not in page
