"""Every figure against hand-computed expectations (see conftest for the dataset)."""
from caseweb.reports import tables
from caseweb.reports.figures import compute_live as compute

from .conftest import PERIOD

A_EXPECTED = {
    "discovered": 10, "screened": 5, "screen_selected": 1, "screen_linked": 1, "funnel_selected": 2,
    "funnel_linked": 2, "intakes": 5, "selected_general": 2, "selected_high": 1, "selected_linkage": 1,
    "selected_not": 1, "active": 3, "closed": 1, "plan_due": 3, "plan_on_time": 1, "referrals_sent": 2,
    "referrals_received": 1, "referrals_answered": 1, "mixed_sector": 1, "follow_ups_due": 1,
    "follow_ups_on_time": 1, "conferences_held": 2, "conference_orgs": 5, "linkages": 2, "linkages_public": 1,
    "linkages_private": 1,
}
B_EXPECTED = {"referrals_sent": 1, "referrals_received": 2, "referrals_answered": 1, "referrals_accepted": 1}
C_EXPECTED = {"discovered": 2, "screened": 2}


def test_each_organisations_figures(world):
    result = compute(PERIOD)
    assert result["counts"][world["a"].id] == A_EXPECTED
    assert result["counts"][world["b"].id] == B_EXPECTED
    assert result["counts"][world["c"].id] == C_EXPECTED
    assert result["closed_by"] == {world["a"].id: {"목표달성": 1}}
    assert result["answer_days"] == {world["a"].id: [1.5], world["b"].id: [2.0]}
    assert result["krw"] == {world["a"].id: 300_000}
    assert result["by_domain"] == {world["a"].id: {"economy": 1, "health": 1}}


def test_one_organisation_scope_counts_only_its_rows(world):
    assert compute(PERIOD, [world["a"].id])["counts"] == {world["a"].id: A_EXPECTED}


def test_rates_and_median_for_the_organisation(world, req):
    merged = tables.merge(compute(PERIOD), [world["a"].id])
    table = tables.summary(merged, suppress=False)
    rates = {key: cell.text for key, _label, cell in table["ratios"]}
    assert rates == {"plan_rate": "33.3% (1/3)", "follow_up_rate": "100.0% (1/1)", "acceptance_rate": "0.0% (0/1)",
                     "mixed_rate": "33.3% (1/3)"}
    assert table["answer_median"].text == "1.5일"
    assert table["orgs_per_conference"].text == "2.5"
    assert table["krw"].text == "300,000원"
    assert [(domain, cell.text) for domain, cell in table["by_domain"]] == [("경제", "1"), ("건강", "1")]  # (A + B) and (A + B + C, attendance not recorded)


def test_cross_organisation_cells_under_five_are_suppressed(world, req):
    result = compute(PERIOD)
    merged = tables.merge(result, [world["a"].id, world["b"].id, world["c"].id])
    table = tables.summary(merged, suppress=True)
    cells = {key: cell for rows in table["sections"].values() for key, _label, cell in rows}
    assert cells["discovered"].text == "12" and cells["screened"].text == "7" and cells["intakes"].text == "5"
    assert cells["funnel_selected"].suppressed and cells["funnel_selected"].value is None
    assert cells["selected_general"].text == "5 미만" and cells["closed"].suppressed
    assert cells["selected_linkage"].suppressed
    assert all(cell.suppressed or cell.value == 0 or cell.value >= 5 for cell in cells.values())
    assert all(cell.suppressed or cell.value is None for _k, _l, cell in table["ratios"])
    assert table["answer_median"].suppressed  # two answers only
    assert table["krw"].suppressed  # two linkages


def test_breakdown_by_zone_sector_and_programme(world, req):
    result = compute(PERIOD)
    orgs = {o.id: o for o in (world["a"], world["b"], world["c"])}
    by_zone = tables.breakdown(result, orgs, "zone", "discovered", suppress=True)
    assert [(name, cell.text) for name, cell in by_zone] == [("북부", "12")]
    by_sector = tables.breakdown(result, orgs, "sector", "intakes", suppress=False)
    assert [(name, cell.value) for name, cell in by_sector] == [("공공", 5)]
    by_org = tables.breakdown(result, orgs, "org", "referrals_received", suppress=True)
    assert {name: cell.text for name, cell in by_org} == {"새솔종합사회복지관": "5 미만", "한빛1동 행정복지센터": "5 미만"}
