"""Complementary suppression: a total next to its parts never gives a suppressed cell away."""
from types import SimpleNamespace

from caseweb.reports import tables


def _merged(counts, closed_by=None, by_domain=None):
    return {"counts": counts, "closed_by": closed_by or {}, "answer_days": [], "by_domain": by_domain or {},
            "krw": 0}


def _cells(table):
    return {key: cell for rows in table["sections"].values() for key, _label, cell in rows}


def test_one_small_reason_takes_the_next_smallest_with_it(req):
    table = tables.summary(_merged({"closed": 21}, closed_by={"목표달성": 12, "거부": 3, "전출": 6}), suppress=True)
    shown = {reason: cell.text for reason, cell in table["closed_by"]}
    assert shown == {"목표달성": "12", "거부": "5 미만", "전출": "5 미만"}
    assert _cells(table)["closed"].text == "21"
    # Hidden cells come last, so their order does not tell which of them is larger.
    assert [reason for reason, _cell in table["closed_by"]][0] == "목표달성"


def test_two_small_reasons_hide_each_other(req):
    table = tables.summary(_merged({"closed": 17}, closed_by={"목표달성": 10, "거부": 3, "전출": 4}), suppress=True)
    assert {reason: cell.text for reason, cell in table["closed_by"]} == {"목표달성": "10", "거부": "5 미만",
                                                                           "전출": "5 미만"}


def test_a_small_unshown_remainder_hides_the_part_it_follows_from(req):
    # 10 plans due, 7 on time: showing both would tell that 3 were late.
    table = tables.summary(_merged({"plan_due": 10, "plan_on_time": 7}), suppress=True)
    cells = _cells(table)
    assert cells["plan_due"].text == "10" and cells["plan_on_time"].suppressed
    assert dict((k, c.suppressed) for k, _l, c in table["ratios"])["plan_rate"]
    # 10 due, 5 on time: 5 late is no small cell; everything shows.
    table = tables.summary(_merged({"plan_due": 10, "plan_on_time": 5}), suppress=True)
    assert _cells(table)["plan_on_time"].text == "5"


def test_parts_that_add_up_exactly_and_cells_in_two_groups(req):
    counts = {"screened": 40, "funnel_selected": 13, "screen_selected": 3, "screen_linked": 10, "funnel_linked": 13}
    cells = _cells(tables.summary(_merged(counts), suppress=True))
    # 13 selected = 3 + 10: the 10 goes too; the funnel figures stay.
    assert cells["screen_selected"].suppressed and cells["screen_linked"].suppressed
    assert (cells["screened"].text, cells["funnel_selected"].text, cells["funnel_linked"].text) == ("40", "13", "13")


def test_nothing_is_hidden_without_suppression_or_in_the_own_organisation_view(req):
    table = tables.summary(_merged({"closed": 21}, closed_by={"목표달성": 12, "거부": 3, "전출": 6}), suppress=False)
    assert not any(cell.suppressed for _reason, cell in table["closed_by"])


def _orgs(*names):
    return {index: SimpleNamespace(name=name) for index, name in enumerate(names)}


def test_breakdown_rows_against_the_district_total(req):
    result = {"counts": {0: {"intakes": 3}, 1: {"intakes": 7}, 2: {"intakes": 20}, 3: {}},
              "closed_by": {}, "answer_days": {}, "by_domain": {}, "krw": {}}
    orgs = _orgs("가", "나", "다", "라")
    total = tables.count_cell(30, suppress=True)
    rows = tables.breakdown(result, orgs, "org", "intakes", suppress=True, total=total)
    assert [(name, cell.text) for name, cell in rows] == [("다", "20"), ("가", "5 미만"), ("나", "5 미만")]
    assert total.text == "30"
    # Without a shown total (the district figure was itself suppressed) only the small cell goes.
    rows = tables.breakdown(result, orgs, "org", "intakes", suppress=True)
    assert [(name, cell.text) for name, cell in rows] == [("다", "20"), ("나", "7"), ("가", "5 미만")]


def test_breakdown_of_a_rate_hides_the_next_smallest_denominator(req):
    result = {"counts": {0: {"referrals_answered": 3, "referrals_accepted": 2},
                         1: {"referrals_answered": 8, "referrals_accepted": 8},
                         2: {"referrals_answered": 30, "referrals_accepted": 20}},
              "closed_by": {}, "answer_days": {}, "by_domain": {}, "krw": {}}
    total = tables.ratio_cell(30, 41, suppress=True)
    rows = dict(tables.breakdown(result, _orgs("가", "나", "다"), "org", "acceptance_rate", suppress=True,
                                 total=total))
    assert rows["가"].suppressed and rows["나"].suppressed and not rows["다"].suppressed
