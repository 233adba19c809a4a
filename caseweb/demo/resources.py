"""The demo district's resource directory (~150 entries), linkages on its cases, resource news.

Its own random stream (seed + 12), so adding the directory leaves the rest of the demo as it was.
Some entries are stale (not re-checked for over six months), some are out of stock, a few paused or ended.
"""
import random
from datetime import timedelta

from sqlalchemy import select

from ..extensions import db
from ..models import Assessment, Linkage, Resource, ResourceEdit, ResourceNews
from ..resources.directory import refresh_search_text
from ..resources.services import provider_for
from .orgs import DONGS, ZONES, zone_of

# (name, provider slug or outside name, domain, subdomain, targets, min_age, max_age, capacity, amount, scope)
# capacity: None or (kind, quantity, unit); scope: district | zones (one per zone) | dongs (a few dongs)
CATALOGUE = [
    ("긴급 안전 점검(화재·가스)", "council", "safety", "safety_home", ["elderly", "disabled"], None, None, None, None, "zones"),
    ("가정폭력 피해자 상담", "한빛여성의전화", "safety", "safety_abuse", [], None, None, None, None, "district"),
    ("독거노인 응급안전 알림 장비", "elder", "safety", "safety_home", ["elderly", "living_alone"], 65, None, ("slots", 40, "대"), None, "district"),
    ("아동학대 예방 가정방문", "childprot", "safety", "safety_abuse", ["child"], None, 17, None, None, "district"),
    ("치과 진료 지원", "foundation", "health", "health_physical", ["low_income"], None, None, ("slots", 12, "명"), 500000, "district"),
    ("방문 건강관리", "health", "health", "health_physical", ["elderly", "disabled"], 65, None, None, None, "zones"),
    ("마음건강 상담(정신건강 검진)", "mind", "health", "health_mental", [], 19, None, ("slots", 30, "명"), None, "district"),
    ("중독 상담과 회복 모임", "addict", "health", "health_mental", [], 19, None, None, None, "district"),
    ("의료비 지원(긴급)", "hope", "health", "health_physical", ["low_income"], None, None, None, 1000000, "district"),
    ("안경·보청기 지원", "한빛로타리클럽", "health", "health_physical", ["elderly", "low_income"], 60, None, ("stock", 30, "개"), None, "district"),
    ("밑반찬 배달", "center", "daily_living", "daily_housework", ["elderly", "living_alone"], 65, None, ("slots", 25, "가구"), None, "zones"),
    ("도시락 배달", "한빛교회", "daily_living", "daily_housework", ["elderly", "disabled"], None, None, ("slots", 20, "가구"), None, "dongs"),
    ("가사 간병 방문", "elder", "daily_living", "daily_care", ["elderly", "disabled"], 65, None, ("slots", 15, "가구"), None, "district"),
    ("이미용 봉사", "한빛이용사회", "daily_living", "daily_care", ["elderly"], 65, None, None, None, "zones"),
    ("세탁 지원(이불 빨래)", "center", "daily_living", "daily_housework", ["elderly", "disabled"], None, None, None, None, "zones"),
    ("가족 상담", "center", "family", "family_conflict", [], None, None, ("slots", 10, "가구"), None, "zones"),
    ("한부모 자조 모임", "한빛한부모회", "family", "family_care", ["single_parent"], None, None, None, None, "district"),
    ("조손가정 돌봄 지원", "dream", "family", "family_care", ["child"], None, 12, None, None, "district"),
    ("다문화가족 통번역 지원", "한빛구 가족센터", "family", "family_conflict", ["multicultural"], None, None, None, None, "district"),
    ("고독사 예방 안부 전화", "council", "social", "social_isolation", ["living_alone"], 50, None, None, None, "zones"),
    ("어르신 나들이 프로그램", "center", "social", "social_network", ["elderly"], 65, None, ("slots", 30, "명"), None, "zones"),
    ("1인 가구 소모임", "한빛구 1인가구지원센터", "social", "social_network", ["living_alone", "youth"], 19, 39, None, None, "district"),
    ("이웃 돌봄 봉사 연결", "council", "social", "social_isolation", [], None, None, None, None, "dongs"),
    ("푸드뱅크 식품 꾸러미", "foodbank", "economy", "economy_basic", ["low_income"], None, None, ("stock", 120, "상자"), 50000, "district"),
    ("라면 나눔(기탁품)", "council", "economy", "economy_basic", ["low_income"], None, None, ("stock", 800, "봉"), None, "dongs"),
    ("부채 클리닉(채무 조정 상담)", "debt", "economy", "economy_assets", [], 19, None, ("slots", 20, "명"), None, "district"),
    ("긴급 생계비", "hope", "economy", "economy_basic", ["low_income"], None, None, None, 730000, "district"),
    ("겨울 난방비 지원", "한빛전자 사회공헌팀", "economy", "economy_basic", ["low_income", "elderly"], None, None, ("stock", 60, "가구"), 300000, "district"),
    ("희망 저축 계좌 안내", "jahwal", "economy", "economy_assets", ["low_income"], 19, 64, None, None, "district"),
    ("쌀 나눔(10kg)", "한빛신용협동조합", "economy", "economy_basic", ["low_income"], None, None, ("stock", 200, "포"), None, "zones"),
    ("학비 지원", "foundation", "education", "education_school", ["child", "low_income"], 13, 19, ("slots", 15, "명"), 600000, "district"),
    ("학습 멘토링", "center", "education", "education_learning", ["child"], 8, 15, ("slots", 12, "명"), None, "zones"),
    ("교복 지원", "한빛라이온스클럽", "education", "education_school", ["child", "low_income"], 13, 18, ("stock", 40, "벌"), 300000, "district"),
    ("학용품 꾸러미", "council", "education", "education_school", ["child"], 6, 12, ("stock", 90, "세트"), None, "district"),
    ("드림스타트 기초학습 지원", "dream", "education", "education_learning", ["child"], None, 12, None, None, "district"),
    ("요양보호사 자격증 교육비", "jahwal", "employment", "employment_job", ["low_income", "single_parent"], 19, 64, ("slots", 10, "명"), 400000, "district"),
    ("자활근로 사업단", "jahwal", "employment", "employment_job", ["low_income"], 19, 64, ("slots", 25, "명"), None, "district"),
    ("청년 취업 상담", "한빛구 일자리센터", "employment", "employment_job", ["youth"], 19, 39, None, None, "district"),
    ("노인 일자리", "한빛시니어클럽", "employment", "employment_keep", ["elderly"], 65, None, ("slots", 50, "명"), None, "zones"),
    ("직업훈련 교통비", "hope", "employment", "employment_keep", ["low_income"], 19, 64, None, 100000, "district"),
    ("주택임대보조금", "hope", "environment", "env_housing", ["low_income"], None, None, None, 200000, "district"),
    ("집수리 지원", "council", "environment", "env_hygiene", ["elderly", "disabled", "low_income"], None, None, ("slots", 8, "가구"), 1500000, "zones"),
    ("주거환경 방역·청소", "한빛방역봉사단", "environment", "env_hygiene", [], None, None, ("slots", 10, "가구"), None, "zones"),
    ("전세임대 주택 상담", "한빛주거복지센터", "environment", "env_housing", ["low_income"], None, None, None, None, "district"),
    ("에너지 효율 개선(단열·창호)", "한빛전자 사회공헌팀", "environment", "env_hygiene", ["low_income"], None, None, ("slots", 6, "가구"), None, "district"),
    ("무료 법률 상담", "한빛구 마을변호사", "rights", "rights_legal", [], 19, None, None, None, "district"),
    ("개인회생·파산 신청 지원", "debt", "rights", "rights_legal", [], 19, None, ("slots", 8, "명"), None, "district"),
    ("복지급여 신청 동행", "dong", "rights", "rights_benefits", [], None, None, None, None, "dongs"),
    ("장애인 권익 상담", "한빛장애인자립생활센터", "rights", "rights_benefits", ["disabled"], None, None, None, None, "district"),
    ("여름 냉방용품(선풍기) 나눔", "council", "environment", "env_hygiene", ["elderly", "low_income"], None, None, ("stock", 40, "대"), None, "zones"),
    ("공과금 체납 긴급 지원", "hope", "economy", "economy_basic", ["low_income"], None, None, None, 300000, "zones"),
    ("정신건강 사례관리 연계", "mind", "health", "health_mental", [], 19, None, None, None, "zones"),
    ("방과후 돌봄(지역아동센터)", "한빛지역아동센터", "education", "education_learning", ["child"], 6, 12, ("slots", 20, "명"), None, "zones"),
    ("어르신 말벗 봉사", "center", "social", "social_isolation", ["elderly", "living_alone"], 65, None, None, None, "zones"),
    ("장보기 동행 봉사", "center", "daily_living", "daily_care", ["elderly", "disabled"], 65, None, None, None, "zones"),
    ("생필품 꾸러미", "foodbank", "economy", "economy_basic", ["low_income"], None, None, ("stock", 60, "상자"), 40000, "zones"),
    ("주거 위기 가구 임시거처", "hope", "environment", "env_housing", ["low_income"], None, None, ("slots", 4, "가구"), None, "zones"),
    ("청년 월세 지원 안내", "한빛구 일자리센터", "environment", "env_housing", ["youth"], 19, 34, None, 200000, "zones"),
    ("한부모 가정 양육 상담", "center", "family", "family_care", ["single_parent"], None, None, None, None, "zones"),
    ("치매 조기검진", "health", "health", "health_mental", ["elderly"], 60, None, ("slots", 30, "명"), None, "zones"),
    ("의료급여 사례관리 상담", "medaid", "health", "health_physical", ["low_income"], None, None, None, None, "zones"),
    ("구직 이력서 컨설팅", "jahwal", "employment", "employment_job", [], 19, 64, None, None, "zones"),
    ("김장 김치 나눔", "council", "economy", "economy_basic", ["low_income", "elderly"], None, None, ("stock", 100, "kg"), None, "zones"),
    ("안부 확인 스마트 플러그", "elder", "safety", "safety_home", ["living_alone"], 50, None, ("stock", 30, "대"), None, "zones"),
    ("아동 정서 심리 치료비", "foundation", "health", "health_mental", ["child"], 6, 18, ("slots", 6, "명"), 800000, "zones"),
    ("경로당 건강 체조", "health", "social", "social_network", ["elderly"], 65, None, None, None, "zones"),
    ("후원 물품 창고(생활용품)", "council", "other", "other_other", [], None, None, ("stock", 150, "점"), None, "zones"),
    ("사랑의 연탄 나눔", "한빛연탄은행", "other", "other_other", ["low_income", "elderly"], None, None, ("stock", 3000, "장"), None, "district"),
]
DESCRIPTIONS = {
    "safety": "위험 요인을 줄이고 안전을 지키도록 돕습니다.", "health": "몸과 마음의 건강을 지키도록 돕습니다.",
    "daily_living": "혼자 하기 어려운 일상생활을 돕습니다.", "family": "가족이 함께 어려움을 풀도록 돕습니다.",
    "social": "이웃·지역과 다시 연결되도록 돕습니다.", "economy": "기초 생활과 살림을 돕습니다.",
    "education": "아이들의 배움을 돕습니다.", "employment": "일을 구하고 이어 가도록 돕습니다.",
    "environment": "안전하고 깨끗한 집에서 살도록 돕습니다.", "rights": "권리와 급여를 찾도록 돕습니다.",
    "other": "필요한 물품을 나눕니다.",
}
NEWS = [
    ("라면 800봉 기탁", "한빛1동 지역사회보장협의체에 라면 800봉이 기탁되었습니다. 사례별로 필요한 가구에 연계해 주세요.", "라면 나눔(기탁품)", 0),
    ("치과 진료 지원 하반기 모집", "해솔복지재단이 저소득 가구 치과 진료비를 1인 최대 50만 원까지 지원합니다.", "치과 진료 지원", None),
    ("겨울 난방비 지원 시작", "한빛전자 사회공헌팀 후원으로 60가구에 난방비 30만 원을 지원합니다.", "겨울 난방비 지원", None),
    ("푸드뱅크 식품 꾸러미 입고", "이번 주 식품 꾸러미 120상자가 입고되었습니다.", "푸드뱅크 식품 꾸러미", None),
    ("모금함 1,348,000원 전달", "한빛2동 모금함 성금 1,348,000원이 긴급 지원용으로 전달되었습니다.", None, 0),
    ("남부권역 집수리 신청 마감 임박", "남부권역 집수리 지원 신청이 이달 말 마감됩니다.", "집수리 지원", 2),
]
LINKED_STATUSES = ("service", "linkage", "closed", "follow_up", "completed")


def _provider(demo, slug, rng):
    if slug == "center":
        slug = rng.choice(["center1", "center2", "center3", "center4"])
    if slug == "dong":
        slug = rng.choice([f"dong{n}" for n in range(1, 13)])
    org = demo.orgs.get(slug)
    if org is not None:
        return provider_for(org.name, org.sector), org
    return provider_for(slug, "private"), demo.orgs["council"]


def _variants(entry, rng):
    """(suffix, zone index or None, dongs) for each copy of a catalogue entry."""
    scope = entry[9]
    if scope == "zones":
        return [(ZONES[z].replace("권역", ""), z, None) for z in range(len(ZONES))]
    if scope == "dongs":
        return [(d, zone_of(d), d) for d in rng.sample(DONGS, 6)]
    return [(None, None, None)]


def build_resources(demo) -> list[Resource]:
    rng = random.Random(demo.seed + 12)
    zones = list(demo.zones.values())
    resources = []
    for entry in CATALOGUE:
        name, slug, domain, sub, targets, min_age, max_age, capacity, amount, _scope = entry
        for suffix, zone, dong in _variants(entry, rng):
            provider, owner = _provider(demo, slug, rng)
            full = f"{name} ({suffix})" if suffix else name
            r = Resource(name=full, provider=provider, owner_org_id=owner.id, domain=domain, subdomain=sub,
                         target_groups=list(targets), min_age=min_age, max_age=max_age, amount_krw=amount,
                         description=DESCRIPTIONS[domain], contact=owner.phone, dongs=dong,
                         how_to_apply="담당 사례관리자가 제공기관에 연계를 요청합니다.",
                         documents="신청서, 개인정보 수집·이용 동의서" if amount else None,
                         cost="무료" if not amount else f"가구당 {amount:,}원", status="active")
            r.zones = [zones[zone]] if zone is not None else []
            refresh_search_text(r)
            if capacity:
                r.capacity_kind, r.quantity, r.unit = capacity
                r.remaining = capacity[1] - rng.randint(0, capacity[1] // 3)
                if rng.random() < 0.08:
                    r.remaining = 0  # given out: the directory says so
            roll = rng.random()
            r.status = "paused" if roll < 0.04 else "ended" if roll < 0.07 else "active"
            stale = rng.random() < 0.12
            r.assured_at = demo.at(demo.ago(rng.randint(200, 420) if stale else rng.randint(1, 120)), 10)
            r.created_at = r.assured_at
            db.session.add(r)
            resources.append(r)
    db.session.flush()
    for r in resources:
        db.session.add(ResourceEdit(resource_id=r.id, org_id=r.owner_org_id, action="created", changes={},
                                    at=r.created_at))
    demo.counts["resources"] = len(resources)
    return resources


def build_linkages(demo, resources) -> None:
    """About three linkages per case in service or later, matching its assessed needs."""
    rng = random.Random(demo.seed + 13)
    by_domain = {}
    for r in resources:
        if r.status == "active":
            by_domain.setdefault(r.domain, []).append(r)
    for draft in demo.drafts:
        case = draft.case
        if case.status not in LINKED_STATUSES or not case.plan_on:
            continue
        assessment = db.session.scalar(select(Assessment).where(Assessment.case_id == case.id).limit(1))
        needs = [s for s, v in ((assessment.needs if assessment else draft.needs) or {}).items() if v >= 2]
        domains = sorted({_domain_of(s) for s in needs} - {None})
        for domain in rng.sample(domains, min(len(domains), 3)):
            options = [r for r in by_domain.get(domain, []) if not r.tracks_capacity or r.remaining > 1]
            if not options:
                continue
            r = rng.choice(options)
            day = min(case.plan_on + timedelta(days=rng.randint(3, 60)), demo.today)
            if r.tracks_capacity:
                r.remaining -= 1
            db.session.add(Linkage(case_id=case.id, household_id=case.household_id, resource_id=r.id,
                                   resource_name=r.name, provider_name=r.provider.name, sector=r.provider.sector,
                                   domain=domain, linked_on=day, quantity=1 if r.tracks_capacity else None,
                                   amount_krw=r.amount_krw, org_id=case.lead_org_id, user_id=case.manager_id,
                                   created_at=demo.at(day)))
            demo.counts["linkages"] += 1
        if case.status in LINKED_STATUSES and rng.random() < 0.1:
            day = min(case.plan_on + timedelta(days=rng.randint(5, 40)), demo.today)
            db.session.add(Linkage(case_id=case.id, household_id=case.household_id, resource_name="교회 성금",
                                   provider_name="한빛교회", sector="private", domain="economy", linked_on=day,
                                   amount_krw=rng.choice([100000, 200000, 300000]), org_id=case.lead_org_id,
                                   user_id=case.manager_id, note="자원 목록 외 후원", created_at=demo.at(day)))
            demo.counts["linkages"] += 1


def _domain_of(sub: str) -> str | None:
    from ..models.records import NEED_DOMAINS
    return next((d for d, (_l, subs) in NEED_DOMAINS.items() if sub in subs), None)


def build_news(demo, resources) -> None:
    by_base = {}
    for r in resources:
        by_base.setdefault(r.name.split(" (")[0], r)
    zones = list(demo.zones.values())
    for n, (title, body, resource_name, zone) in enumerate(NEWS):
        author = demo.orgs["council" if n % 2 == 0 else "foodbank"]
        db.session.add(ResourceNews(org_id=author.id, title=title, body=body,
                                    resource_id=by_base[resource_name].id if resource_name else None,
                                    zone_id=zones[zone].id if zone is not None else None,
                                    created_at=demo.at(demo.ago(len(NEWS) - n), 10)))
    demo.counts["resource_news"] = len(NEWS)


def build_directory(demo) -> None:
    resources = build_resources(demo)
    build_linkages(demo, resources)
    build_news(demo, resources)
