"""What workers write: need profiles, goals, services and short note bodies."""

# Sub-domains a household type tends to need, most likely first.
NEED_PROFILES = {
    "elderly_alone": ["health_physical", "daily_housework", "social_isolation", "economy_basic",
                      "env_hygiene", "daily_care", "safety_home"],
    "elderly_couple": ["health_physical", "family_care", "economy_basic", "daily_housework", "env_housing"],
    "single_parent": ["economy_basic", "economy_assets", "education_learning", "employment_keep",
                      "family_care", "env_housing", "health_mental"],
    "grandparent": ["family_care", "education_learning", "economy_basic", "health_physical",
                    "education_school"],
    "young_single": ["employment_job", "health_mental", "economy_basic", "social_isolation",
                     "env_housing", "economy_assets"],
    "middle_single": ["economy_basic", "health_physical", "employment_job", "social_isolation",
                      "health_mental", "env_housing", "rights_legal"],
    "disabled": ["daily_care", "health_physical", "family_care", "economy_basic", "rights_benefits"],
    "multicultural": ["family_conflict", "education_learning", "economy_basic", "social_network",
                      "rights_benefits"],
    "general": ["economy_basic", "economy_assets", "employment_job", "family_conflict", "env_housing"],
}

GOALS = {
    "safety": ["안전한 주거환경에서 생활한다", "위험 상황 시 도움을 요청할 수 있다"],
    "health": ["정기적으로 진료를 받고 복약을 유지한다", "우울감이 줄고 일상 리듬을 회복한다",
               "만성질환을 스스로 관리한다"],
    "daily_living": ["하루 세 끼 식사를 챙긴다", "일상생활 지원을 받아 자립 생활을 유지한다"],
    "family": ["자녀 돌봄 부담을 줄인다", "가족 간 갈등이 줄어든다"],
    "social": ["주 1회 이상 이웃·기관과 교류한다", "고립감을 줄이고 지지체계를 만든다"],
    "economy": ["체납 공과금을 해소한다", "부채 상환 계획을 세우고 이행한다", "안정적인 생계비를 확보한다"],
    "education": ["자녀가 학업을 중단하지 않는다", "학습 지원을 받아 기초학력을 높인다"],
    "employment": ["자활사업에 참여해 근로 습관을 회복한다", "자격증을 취득해 취업한다"],
    "environment": ["주거비 부담을 줄인다", "집 안 위생과 안전을 개선한다"],
    "rights": ["받을 수 있는 급여를 신청한다", "법률 문제 상담을 받는다"],
    "other": ["기타 욕구를 해소한다"],
}

# (service, provider org slug or None, provider name when outside the system)
SERVICES = {
    "safety": [("안전바 설치·화재감지기 지원", "center1", None), ("응급안전안심서비스 연계", "elder", None)],
    "health": [("방문간호 건강관리", "health", None), ("정신건강 상담", "mind", None),
               ("병원 동행 지원", None, "한빛자원봉사센터")],
    "daily_living": [("도시락 배달", None, "한빛노인복지관"), ("가사 지원", "elder", None),
                     ("밑반찬 지원", "foodbank", None)],
    "family": [("아동 돌봄 연계", "dream", None), ("가족 상담", None, "한빛가족센터")],
    "social": [("말벗 서비스", "elder", None), ("자조모임 참여", "center2", None)],
    "economy": [("긴급복지 생계지원", None, "한빛구청 복지정책과"), ("푸드뱅크 식품 지원", "foodbank", None),
                ("부채 상담·개인회생 안내", "debt", None), ("공과금 체납 해소 후원금", "council", None)],
    "education": [("학습지원 멘토링", "center1", None), ("교육비·급식비 지원", "council", None),
                  ("학용품 후원", "council", None)],
    "employment": [("자활근로 참여", "jahwal", None), ("요양보호사 자격 취득 교육비 지원", "foundation", None),
                   ("국민취업지원제도 안내", None, "한빛고용센터")],
    "environment": [("주거급여·월세 지원", None, "한빛구청 주택과"), ("집수리·방역 지원", "center3", None)],
    "rights": [("기초생활보장 재신청 지원", None, "한빛구청 복지정책과"), ("무료 법률상담", None, "대한법률구조공단")],
    "other": [("기타 자원 연계", "council", None)],
}

NOTES = {
    "intake": ["초기상담. 생활 전반 어려움 호소. 사례관리 안내 및 동의서 작성.",
               "주민센터 내방 상담. 가구 현황 및 소득 확인. 필요 서비스 안내.",
               "전화 초기상담 후 가정방문 일정 잡음."],
    "visit": ["가정방문. 어르신 식사 거르심. 도시락 배달 연계 안내.",
              "가정방문. 집 안 정리 안 됨. 위생 상태 개선 필요.",
              "가정방문. 자녀 학교생활 잘 하고 있음. 어머니 근무시간 길어 돌봄 공백.",
              "가정방문. 대상자 표정 밝아짐. 복약 잘 하고 계심.",
              "가정방문. 겨울철 난방비 부담 호소. 연료비 지원 안내."],
    "phone": ["전화 모니터링. 특이사항 없음.", "전화 연결 안 됨. 문자 남김.",
              "전화 상담. 서비스 만족한다고 하심. 다음 달 방문 약속.",
              "전화. 병원 진료 다녀오셨다고 함. 약 처방 받음."],
    "office": ["센터 내방. 긴급지원 신청서류 접수.", "내방 상담. 일자리 관련 문의. 자활센터 안내.",
               "센터 내방. 후원물품 수령."],
    "monitoring": ["서비스 점검. 도시락 배달 정상 제공 중.", "점검. 방문간호 주 1회 유지. 혈압 안정.",
                   "점검. 자활근로 출석 양호. 본인 만족도 높음.", "점검. 학습 멘토링 꾸준히 참여 중.",
                   "점검. 생계지원 입금 확인. 공과금 일부 납부함."],
    "follow_up": ["사후관리 1차. 생활 안정적으로 유지 중.", "사후관리. 연계 서비스 계속 이용 중. 위기 징후 없음.",
                  "사후관리 2차. 특이사항 없음. 사후관리 종료 예정."],
    "closing": ["종결 상담. 목표 달성 확인. 사후관리 안내.", "종결. 본인 요청으로 서비스 중단.",
                "종결. 타 지역 전출 확인."],
}

STRENGTHS = ["본인의 변화 의지가 있음", "자녀와의 관계가 좋음", "이웃과 왕래가 있음", "근로 능력이 있음",
             "종교 모임에 꾸준히 참여함", "가까이 사는 친척이 있음", "건강 관리에 관심이 많음"]
SUMMARIES = ["경제적 어려움이 크고 돌봄 공백이 있음.", "고립 위험이 높아 정기적인 안부 확인 필요.",
             "복합 욕구 가구로 민관 협력이 필요함.", "단기 서비스 연계로 위기 해소 가능.",
             "정신건강 문제로 집중 개입이 필요함."]
