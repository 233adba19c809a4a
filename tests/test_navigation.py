"""The main menu fits one line: the everyday entries in the bar, the rest under 더보기 (a <details>,
usable without JavaScript); list tables carry a label on every cell so they can become cards."""
import re


def _bar_and_more(html):
    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    bar, _sep, more = nav.partition('class="nav-more"')
    return re.findall(r"<a href=\"([^\"]+)\"", bar), re.findall(r"<a href=\"([^\"]+)\"", more), more


def test_supervisor_menu_keeps_secondary_entries_under_more(make, login):
    html = login(make.user(make.org(), role="supervisor")).get("/").get_data(as_text=True)
    bar, more, more_html = _bar_and_more(html)
    assert len(bar) == 7 and "/cases/" in bar and "/referrals/" in bar
    assert {"/resources/", "/screening/", "/reports/"} <= {m if m.endswith("/") else m + "/" for m in more}
    assert "<details>" in more_html and "더보기" in more_html and 'class="current"' not in more_html


def test_an_open_secondary_page_marks_more_as_current(make, login):
    html = login(make.user(make.org(), role="supervisor")).get("/resources/").get_data(as_text=True)
    _bar, _more, more_html = _bar_and_more(html)
    assert '<summary class="current">' in more_html and 'aria-current="page"' in more_html


def test_list_cells_name_their_column_for_the_card_layout(make, login):
    org = make.org()
    make.household(org, head_name="김영희")
    html = login(make.user(org)).get("/households/").get_data(as_text=True)
    table = html.split('<table class="cards-narrow">')[1].split("</table>")[0]
    cells = re.findall(r"<td[^>]*>", table)
    assert cells and all("data-label=" in cell for cell in cells)
