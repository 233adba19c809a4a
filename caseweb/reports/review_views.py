"""The monthly access-log review page for administrators."""
from datetime import date

from flask import request
from flask_babel import lazy_gettext as _l

from ..audit import log_access
from ..authz import role_required
from ..extensions import db
from ..htmx import render
from ..timeutil import seoul_today
from . import bp
from .review import Rule, review

FLAGS = {"volume": _l("Unusual volume"), "night": _l("Night-time access"), "rrn": _l("Many RRN reveals")}


def _month() -> date:
    raw = request.args.get("month", "")
    try:
        year, month = (int(part) for part in raw.split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        today = seoul_today()
        return date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1)  # last month


@bp.route("/access-review")
@role_required("admin")
def access_review():
    """Accounts with unusual volumes, night-time access or many resident-number reveals in a month."""
    month = _month()
    rule = Rule.from_config()
    rows = review(month, rule)
    log_access("access_review", target=f"month:{month.isoformat()[:7]}")
    db.session.commit()
    return render("reports/access_review.html", month=month, rows=rows, flags=FLAGS, rule=rule)
