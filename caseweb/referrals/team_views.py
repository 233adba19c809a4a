"""The lead changes what a partner on the case team may see (the form sits in the team panel)."""
from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..authz import get_case_or_404, write_required
from ..extensions import db
from ..htmx import redirect_to, render
from . import bp, team
from .panel import team_panel
from .services import TransitionRefused


@bp.route("/case/<int:case_id>/team/<int:org_id>/sections", methods=["POST"])
@write_required
def team_sections(case_id, org_id):
    """Widen or narrow a partner's sections (recorded in the case history)."""
    case = get_case_or_404(case_id)
    try:
        row = team.set_sections(case, current_user, org_id, request.form.getlist("sections"))
    except TransitionRefused as exc:
        db.session.rollback()
        case = get_case_or_404(case_id)
        return render("referrals/case_panel.html", block="panel", status=422, case=case,
                      team_p=team_panel(case), sections_error=str(exc))
    db.session.commit()
    flash(_("%(org)s can now see: %(sections)s.", org=row.org.name,
            sections=", ".join(str(team.CASE_SECTIONS[s]) for s in row.sections)), "success")
    return redirect_to(url_for("cases.show", case_id=case.id))
