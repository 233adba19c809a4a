"""The named situations of DEMO.md, with their own dates, partners, plans and notes."""
from .cases import new_case
from .collaboration import add_partner, transfer_in
from .fit import facts_of
from .households import make_household
from .records import SUBDOMAINS, crisis_of


def needs_of(**levels) -> dict:
    return {**dict.fromkeys(SUBDOMAINS, 0), **levels}


def ago(demo, **fields) -> dict:
    """{"found": 30} -> {"found_on": today - 30 days}."""
    return {f"{k}_on": demo.ago(v) for k, v in fields.items()}


def _kids(demo, household) -> str:
    """The children a children's programme serves, by name and age: "김하늘(만 8세), 김바다(만 11세)"."""
    return ", ".join(f"{name}(만 {age}세)" for name, age in facts_of(household, demo.today).children)


def story_case(demo, household, lead, programme, status, needs, days, notes, **kw):
    draft = new_case(demo, household, programme=programme, lead=lead, status=status, needs=needs,
                     crisis=kw.pop("crisis", None) or crisis_of(needs), dates=ago(demo, **days), **kw)
    draft.notes = [(kind, demo.ago(n), body) for kind, n, body in notes]
    return draft


def divorced_mother(demo):
    h = make_household(demo, "한빛3동", "single_parent", gender="F", age=(44, 46), income="near_poverty",
                       children=[17], created_by=demo.orgs["dong3"],
                       notes="이혼 후 신용불량. 공공일자리 근무 중. 고등학생 딸과 거주.")
    d = story_case(
        demo, h, "dong3", "integrated", "completed",
        needs_of(economy_basic=3, economy_assets=3, education_school=2, employment_keep=2, env_housing=2,
                 health_physical=2),
        dict(found=520, intake=515, assessed=508, conference=503, selected=501, plan=495, last_contact=27,
             closed=300, completed=27),
        [("intake", 515, "내방 상담. 월세 3개월, 딸 수업료·급식비 체납. 신용불량으로 대출 불가."),
         ("visit", 508, "가정방문 사정. 본인 근로 의지 강함. 딸 치아 상태 나빠 치료 필요."),
         ("office", 503, "통합사례회의. 협의체 교육비 지원, 부채 클리닉 연계, 재단 치과 치료비 신청 합의."),
         ("phone", 470, "부채 클리닉 상담 완료. 8년 분할상환 계획 수립 예정."),
         ("monitoring", 420, "점검. 딸 수업료·급식비 지원 입금 확인. 월세 지원 시작."),
         ("monitoring", 360, "점검. 요양보호사 교육 수료, 자격시험 합격. 딸 치과 치료 마침."),
         ("office", 300, "종결 상담. 목표 달성 확인. 사후관리 안내."),
         ("follow_up", 209, "사후관리 1차. 요양보호사로 취업해 근무 중. 상환 계획 잘 이행 중."),
         ("follow_up", 27, "사후관리 2차. 생활 안정적. 사후관리 종료.")],
        closure_reason="목표달성", kind="case_management", level="general")
    d.plan = [("education", "딸이 학업을 중단하지 않는다", "고교 수업료·급식비 지원", "council"),
              ("employment", "요양보호사 자격을 취득해 취업한다", "요양보호사 자격 취득 교육비 지원", "council"),
              ("economy", "부채 상환 계획을 세우고 이행한다", "8년 분할상환 채무조정 지원", "debt"),
              ("environment", "주거비 부담을 줄인다", "월세 지원(주거급여)", "한빛구청 주택과"),
              ("health", "딸의 치과 치료를 마친다", "딸 치과 치료비 지원", "foundation")]
    add_partner(demo, d, "council", via="conference", day=demo.ago(503))
    add_partner(demo, d, "debt", via="referral", day=demo.ago(500))
    add_partner(demo, d, "foundation", via="referral", day=demo.ago(498))


def older_man(demo):
    h = make_household(demo, "한빛7동", "elderly_alone", gender="M", age=(75, 79), income="basic_livelihood",
                       created_by=demo.orgs["dong7"], notes="단전·단수 체납 명단으로 발굴. 자녀와 연락 끊김.")
    needs = needs_of(daily_housework=3, social_isolation=3, economy_basic=2, health_physical=2)
    story_case(demo, h, "dong7", "integrated", "completed", needs,
               dict(found=170, intake=140, assessed=140, selected=138, completed=138),
               [("phone", 168, "체납 명단 확인 전화. 연결 안 됨."),
                ("visit", 160, "가정방문. 부재. 안내문 부착."),
                ("phone", 152, "3차 연락 시도. 연결 안 됨. 연락두절 상태."),
                ("intake", 140, "가정방문. 어르신 만남. 도움 필요 없다며 거절하심. 안부만 확인.")],
               source="단전·단수 체납 명단", kind="not_selected", closure_reason="거부")
    d = story_case(demo, h, "dong7", "integrated", "service", needs,
                   dict(found=75, intake=70, assessed=64, selected=60, plan=55, last_contact=12),
                   [("visit", 75, "통장님 제보로 재방문. 겨울 앞두고 식사 거르심. 이번엔 이야기 들어주심."),
                    ("intake", 70, "초기상담. 도시락 배달은 받아보겠다고 하심. 동의서 작성."),
                    ("visit", 64, "사정 방문. 무릎 통증으로 장보기 어려움. 하루 한 끼 드심."),
                    ("monitoring", 40, "점검. 도시락 배달 정상 제공. 노인맞춤돌봄 생활지원사 주 2회 방문."),
                    ("visit", 12, "가정방문. 어르신 표정 밝아짐. 생활지원사와 사이 좋음.")],
                   source="통장·명예사회복지공무원 발굴", kind="case_management", level="general")
    d.plan = [("daily_living", "하루 세 끼 식사를 챙긴다", "도시락 배달", "center2"),
              ("social", "주 1회 이상 이웃·기관과 교류한다", "노인맞춤돌봄 생활지원사 방문", "elder"),
              ("economy", "체납 공과금을 해소한다", "공과금 체납 해소 후원금", "council")]
    add_partner(demo, d, "center2", day=demo.ago(58), status="in_progress")
    add_partner(demo, d, "elder", day=demo.ago(57), status="accepted")


def young_adult(demo):
    h = make_household(demo, "한빛10동", "young_single", gender="M", age=(27, 30), income="low_income",
                       created_by=demo.orgs["dong10"], notes="물류센터 실직 후 고시원 거주.")
    d = story_case(
        demo, h, "hope", "integrated", "service",
        needs_of(health_mental=3, employment_job=3, economy_basic=2, social_isolation=2, env_housing=1),
        dict(found=120, intake=116, assessed=110, conference=104, selected=103, plan=98, last_contact=9),
        [("intake", 116, "동 주민센터 내방. 실직 후 3개월째 외출 거의 안 함. 수면 불규칙."),
         ("visit", 110, "사정 방문. 우울 척도 점수 높음. 자해 생각은 없다고 함. 고난도 사례로 이관 협의."),
         ("office", 104, "통합사례회의. 정신건강복지센터 상담, 지역자활센터 참여 합의."),
         ("phone", 60, "전화. 정신건강복지센터 상담 4회 참여. 약 복용 시작."),
         ("monitoring", 30, "점검. 자활근로 출석 양호. 아침에 일어나는 것이 쉬워졌다고 함."),
         ("visit", 9, "가정방문. 방 정리됨. 자활센터 동료와 식사 약속 있다고 함.")],
        kind="case_management", level="high_difficulty", source="본인 방문 신청")
    d.sensitive = True
    transfer_in(demo, d, "dong10", demo.ago(108))
    add_partner(demo, d, "mind", day=demo.ago(102), status="in_progress")
    add_partner(demo, d, "jahwal", via="conference", day=demo.ago(104))


def grandparent(demo):
    h = make_household(demo, "한빛5동", "grandparent", gender="F", age=(68, 72), income="basic_livelihood",
                       children=[6, 9], created_by=demo.orgs["dong5"], notes="아들 부부 연락 두절. 손주 둘 양육.")
    d = story_case(
        demo, h, "dream", "dream_start", "service",
        needs_of(family_care=3, education_learning=2, economy_basic=2, health_physical=1),
        dict(found=90, intake=85, assessed=79, conference=74, selected=73, plan=68, last_contact=16),
        [("intake", 85, f"동 주민센터 의뢰로 초기상담. 드림스타트 대상 아동 {_kids(demo, h)}. "
                        "할머니 혼자 손주 둘 양육. 돌봄 부담 큼."),
         ("visit", 79, "사정 방문. 큰 손주 학습 결손. 작은 손주 치아 검진 필요."),
         ("office", 74, "사례회의. 드림스타트 주관, 행정복지센터 협력. 학용품 후원 연계."),
         ("monitoring", 16, "점검. 학습지원 주 2회 참여. 학용품 후원 물품 전달 완료.")],
        kind="case_management", level="general", source="복지관 의뢰")
    d.plan = [("family", "할머니의 돌봄 부담을 줄인다", "드림스타트 아동 통합서비스", "dream"),
              ("education", "손주들이 학습 결손을 회복한다", "학습지원 멘토링", "dream"),
              ("education", "손주들이 학습 결손을 회복한다", "학용품 후원", "council")]
    add_partner(demo, d, "dong5", via="conference", day=demo.ago(74))


def child_neglect(demo):
    h = make_household(demo, "한빛11동", "single_parent", gender="M", age=(38, 42), income="basic_livelihood",
                       children=[4, 7], created_by=demo.orgs["dong11"], notes="아동 방임 의심 신고 접수.")
    d = story_case(
        demo, h, "childprot", "child_protection", "service",
        needs_of(safety_abuse=3, family_care=3, env_hygiene=2, daily_care=2),
        dict(found=45, intake=44, assessed=40, conference=37, selected=36, plan=33, last_contact=6),
        [("intake", 44, f"방임 의심 신고로 현장조사. 보호 대상 아동 {_kids(demo, h)}. 아동 식사·위생 관리 미흡."),
         ("visit", 40, "사정 방문. 아버지 야간 근무로 아동 방치 시간 김. 집 안 위생 불량."),
         ("office", 37, "사례회의. 정보 공유는 동의한 기관으로 한정. 드림스타트 돌봄 연계."),
         ("visit", 6, "가정방문. 아동 청결 상태 개선. 지역아동센터 이용 시작.")],
        kind="case_management", level="high_difficulty", source="아동학대 신고")
    d.sensitive = True
    d.consent_to = {"dong11", "dream"}
    d.revoked_to = {"center3"}
    add_partner(demo, d, "dong11", day=demo.ago(36), sections=["notes"])
    add_partner(demo, d, "dream", via="conference", day=demo.ago(37), sections=["assessment", "plan"])
    add_partner(demo, d, "center3", day=demo.ago(43), status="completed")


def dropped_from_livelihood(demo):
    h = make_household(demo, "한빛2동", "middle_single", gender="M", age=(56, 61), income="dropped",
                       created_by=demo.orgs["dong2"], notes="근로능력 판정으로 생계급여 중지.")
    d = story_case(
        demo, h, "dong2", "integrated", "linkage", needs_of(economy_basic=3, rights_benefits=2),
        dict(found=40, intake=38, assessed=35, selected=33, last_contact=10),
        [("intake", 38, "기초생활수급 탈락 통보 후 내방. 생계 막막함 호소."),
         ("visit", 35, "사정. 단기 식품 지원으로 해소 가능. 서비스연계로 진행."),
         ("phone", 10, "전화. 푸드뱅크 식품 월 2회 수령 중. 이의신청 결과 대기.")],
        kind="service_linkage", level="general", source="위기정보 빅데이터 발굴")
    add_partner(demo, d, "foodbank", day=demo.ago(33), status="in_progress")


def medical_aid_overuse(demo):
    h = make_household(demo, "한빛9동", "middle_single", gender="F", age=(63, 64), income="basic_livelihood",
                       notes="의료급여 1종. 여러 의원 중복 이용.")
    d = story_case(
        demo, h, "medaid", "medical_aid", "service",
        needs_of(health_physical=3, health_mental=1, rights_benefits=2, social_isolation=2),
        dict(found=150, intake=146, assessed=140, selected=137, plan=132, last_contact=20),
        [("intake", 146, "의료급여 과다이용자 선정. 연간 외래 400일 넘음. 중복 처방 확인."),
         ("visit", 140, "사정 방문. 외로움 때문에 병원 다닌다고 하심. 약 봉투 정리 도움."),
         ("monitoring", 20, "점검. 이용 의원 두 곳으로 줄임. 방문간호 주 1회 유지.")],
        kind="case_management", level="general", source="의료급여 과다이용자 명단")
    d.plan = [("health", "적정 의료 이용으로 건강을 관리한다", "의료급여 적정이용 상담", "medaid"),
              ("health", "만성질환을 스스로 관리한다", "방문간호 건강관리", "health")]
    add_partner(demo, d, "health", day=demo.ago(135), status="in_progress")


def debt_clinic_walk_in(demo):
    h = make_household(demo, "한빛6동", "general", income="low_income", with_rrn=False,
                       notes="카드 돌려막기로 채무 증가.")
    story_case(demo, h, "debt", "private", "linkage", needs_of(economy_assets=3, economy_basic=1),
               dict(found=50, intake=50, assessed=45, selected=44, last_contact=14),
               [("office", 50, "내방. 채무 4천만 원. 개인회생 상담 희망."),
                ("phone", 14, "전화. 개인회생 신청서 접수 완료.")],
               kind="service_linkage", level="general", source="본인 방문 신청")


STORIES = [divorced_mother, older_man, young_adult, grandparent, child_neglect, dropped_from_livelihood,
           medical_aid_overuse, debt_clinic_walk_in]


def build_stories(demo) -> None:
    for story in STORIES:
        story(demo)
