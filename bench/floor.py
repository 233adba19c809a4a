"""The floor: bare Flask + sqlite3 + Jinja on the bench database, the same queries as caseweb's pages.

`BENCH_DB=bench/out/city-10000/bench.sqlite3 gunicorn bench.floor:app`. No login, no
ORM, no access log, no translations: what a page of the case list or a case costs
when nothing but the query and a template runs. bench.run compares caseweb with it.
"""
import os
import sqlite3
import threading

from flask import Flask, abort, render_template_string

LIST_SQL = """
SELECT c.id, c.number, c.status, c.programme, c.due_on, h.head_name, h.dong, u.name AS manager
FROM cases c JOIN households h ON h.id = c.household_id LEFT JOIN users u ON u.id = c.manager_id
WHERE c.lead_org_id = ? AND c.manager_id = ? ORDER BY c.due_sort, c.id LIMIT 25"""
COUNT_SQL = """SELECT count(*) FROM (SELECT c.id FROM cases c WHERE c.lead_org_id = ? AND c.manager_id = ? LIMIT 1000)"""
DETAIL_SQL = """
SELECT c.*, h.number AS household_number, h.head_name, h.birth_date, h.address, h.dong, h.phone,
       u.name AS manager, o.name AS lead_org
FROM cases c JOIN households h ON h.id = c.household_id LEFT JOIN users u ON u.id = c.manager_id
JOIN organizations o ON o.id = c.lead_org_id WHERE c.id = ?"""
NOTES_SQL = "SELECT kind, contact_on, body FROM notes WHERE case_id = ? ORDER BY contact_on DESC LIMIT 20"

PAGE = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{{ title }}</title></head><body>
<main>{% block body %}{% endblock %}</main></body></html>"""
LIST = PAGE.replace("{% block body %}{% endblock %}", """<h1>내 사례 ({{ total }})</h1>
<table><thead><tr><th>번호</th><th>세대주</th><th>동</th><th>상태</th><th>담당</th><th>기한</th></tr></thead><tbody>
{% for r in rows %}<tr><td><a href="/cases/{{ r.id }}">{{ r.number }}</a></td><td>{{ r.head_name }}</td>
<td>{{ r.dong }}</td><td>{{ r.status }}</td><td>{{ r.manager }}</td><td>{{ r.due_on or "" }}</td></tr>{% endfor %}
</tbody></table>""")
DETAIL = PAGE.replace("{% block body %}{% endblock %}", """<h1>{{ c.number }} {{ c.head_name }}</h1>
<dl><dt>세대</dt><dd>{{ c.household_number }}</dd><dt>주소</dt><dd>{{ c.address }} ({{ c.dong }})</dd>
<dt>전화</dt><dd>{{ c.phone }}</dd><dt>상태</dt><dd>{{ c.status }}</dd><dt>주관</dt><dd>{{ c.lead_org }}</dd>
<dt>담당</dt><dd>{{ c.manager }}</dd><dt>기한</dt><dd>{{ c.due_on or "" }}</dd></dl>
<ol>{% for n in notes %}<li>{{ n.kind }} {{ n.contact_on }} {{ n.body }}</li>{% endfor %}</ol>""")

app = Flask(__name__)
_local = threading.local()


def _db() -> sqlite3.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = sqlite3.connect(os.environ["BENCH_DB"], check_same_thread=False)
        conn.row_factory = sqlite3.Row
    return conn


@app.route("/cases/")
def cases():
    org, manager = 1, 1  # bench1: the first worker of the first dong office
    rows = _db().execute(LIST_SQL, (org, manager)).fetchall()
    total = _db().execute(COUNT_SQL, (org, manager)).fetchone()[0]
    return render_template_string(LIST, title="사례", rows=rows, total=total)


@app.route("/cases/<int:case_id>")
def case(case_id):
    row = _db().execute(DETAIL_SQL, (case_id,)).fetchone()
    if row is None:
        abort(404)
    notes = _db().execute(NOTES_SQL, (case_id,)).fetchall()
    return render_template_string(DETAIL, title=row["number"], c=row, notes=notes)
