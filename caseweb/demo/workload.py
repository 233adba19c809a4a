"""The demo workers' desks: dong1 and center1 each have overdue and upcoming work."""
from .cases import new_case
from .collaboration import add_partner, generic_collaboration, transition
from .fit import facts_of, pick_fitting
from .households import make_household, pick_type
from .records import make_needs

# (status, days in the current stage, level): stage ages chosen so that some deadlines
# are already past and some fall within the next week.
# The second-last is a case in service that no other organisation works on yet: one to refer.
DONG1 = [("intake", 20, None), ("service", 60, "general"), ("intake", 5, None),
         ("service", 25, "general"), ("assessed", 7, None), ("service", 12, "general"), ("planning", 3, "general")]
CENTER1 = [("intake", 15, None), ("service", 45, "general"), ("planning", 4, "general"),
           ("service", 27, "general"), ("closed", 86, "general")]
# 희망복지지원단 takes the hard cases over from the dong offices (14-day monitoring).
HOPE = [("service", 10, "high_difficulty"), ("service", 17, "high_difficulty"),
        ("planning", 6, "high_difficulty"), ("follow_up", 30, "high_difficulty")]
HARD_NEEDS = [{"health_mental": 3}, {"safety_home": 3}, {"health_mental": 3, "economy_assets": 3}]


def _desk(demo, username, lead, programme, dongs, rows, hard=False):
    drafts = []
    for n, (status, age, level) in enumerate(rows):
        htype = pick_type(demo)
        needs, crisis = make_needs(demo, htype, HARD_NEEDS[n % len(HARD_NEEDS)] if hard else None)
        dong = dongs[n % len(dongs)]
        household = make_household(demo, dong, htype, created_by=demo.orgs[lead if not hard else
                                                                          f"dong{int(dong[2:-1])}"])
        drafts.append(new_case(demo, household, programme=programme, lead=lead, status=status, needs=needs,
                               crisis=crisis if level is None or hard else "medium", level=level,
                               manager=demo.users[username], stage_age=age,
                               conference=status == "assessed" or hard or None))
    return drafts


def build_workload(demo) -> None:
    """dong1's pending referral to center1's welfare center, covered by a third-party consent."""
    dong1 = _desk(demo, "dong1", "dong1", "integrated", ["한빛1동"], DONG1)
    center1 = _desk(demo, "center1", "center1", "welfare_center", ["한빛2동", "한빛4동"], CENTER1)
    for draft in _desk(demo, "hope1", "hope", "integrated", ["한빛6동", "한빛8동", "한빛12동"], HOPE, hard=True):
        generic_collaboration(demo, draft)
    pending = dong1[-1]
    transition(demo, pending, "center1", "requested", day=demo.ago(1), reason=pick_fitting(
        demo, ["독거 어르신 밑반찬·정서 지원 필요하여 복지관 사례관리 의뢰드립니다.",
               "생활 전반의 어려움과 고립감이 커서 복지관 사례관리 의뢰드립니다."],
        facts_of(pending.household, demo.today)))
    received = dong1[1]
    transition(demo, received, "center1", "received", day=demo.ago(3))
    add_partner(demo, center1[1], "dong2", via="referral", day=center1[1].case.selected_on)
    add_partner(demo, dong1[3], "health", via="referral")
    # dong1 asks dong1lead to approve closing a case whose goals are met.
    ask = dong1[3].case
    ask.closure_requested_on = demo.ago(1)
    ask.closure_requested_reason = "목표달성"
    ask.closure_requested_comment = "주거·식사 지원 안정, 정기 방문 결과 위기 요인 해소."
    ask.closure_requested_by_id = demo.users["dong1"].id
    ask.closure_requested_at = demo.at(demo.ago(1))
