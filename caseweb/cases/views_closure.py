"""A supervisor's answer to a closure request: approve (the case closes) or return it with a comment."""
from flask import flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..audit import log_access
from ..authz import get_case_or_404
from ..extensions import db
from ..htmx import redirect_to
from . import bp, closure
from .forms import ApproveClosureForm, ReturnClosureForm
from .page import render_case, require_tab, writable_case
from .views_records import stale_kept_message
from .changes import WorkflowError

DECISIONS = {"approve": ApproveClosureForm, "return": ReturnClosureForm}


def _refused(case, decision: str, status: int, message: str | None = None, forms: dict | None = None):
    """Log that the household's data was shown again, and show the overview with the reason."""
    log_access(f"case_closure_{decision}_refused", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    return render_case(case, "overview", status=status, message=message, closure_forms=forms)


@bp.route("/<int:case_id>/close/<any(approve, return):decision>", methods=["POST"])
@login_required
def decide_closure(case_id, decision):
    """Approve or return the pending closure request; refusals re-render the overview."""
    case = get_case_or_404(case_id)
    require_tab(case, "overview")
    writable_case(case)
    form = DECISIONS[decision](prefix=decision)
    if form.version.data != case.version:
        form.version.data, form.version.raw_data = case.version, [str(case.version)]  # keep the comment
        return _refused(case, decision, 409, stale_kept_message(), forms={decision: form})
    if not form.validate():
        return _refused(case, decision, 422, forms={decision: form})
    try:
        if decision == "approve":
            closure.approve_closure(case, current_user)
        else:
            closure.return_closure(case, current_user, form.comment.data)
    except WorkflowError as exc:
        db.session.rollback()
        case = get_case_or_404(case_id)
        return _refused(case, decision, 409, exc.message)
    log_access(f"case_closure_{decision}", household_id=case.household_id, case_id=case.id)
    db.session.commit()
    flash(_("Closure approved. The case is closed.") if decision == "approve"
          else _("The closure request was returned."), "success")
    return redirect_to(url_for("cases.show", case_id=case.id))
