"""/admin/lists: the closure and decline reasons that case workers choose from."""
from flask import abort, flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..authz import role_required
from ..extensions import db
from ..htmx import redirect_to, render
from ..models import ListOption
from . import bp, list_services
from .forms import ListOptionForm


def _lists_page(add_forms: dict | None = None, edit_forms: dict | None = None, status: int = 200):
    add_forms = add_forms or {}
    edit_forms = edit_forms or {}
    lists = []
    for name, title in list_services.MANAGED_LISTS.items():
        rows = [(opt, edit_forms.get(opt.id) or ListOptionForm(name, formdata=None, obj=opt, prefix=f"opt-{opt.id}"))
                for opt in list_services.options(name)]
        add = add_forms.get(name) or ListOptionForm(name, formdata=None, prefix=f"add-{name}")
        lists.append({"name": name, "title": title, "rows": rows, "add_form": add})
    return render("admin/lists.html", status=status, lists=lists)


def _load_option(option_id: int) -> ListOption:
    option = db.get_or_404(ListOption, option_id)
    if option.list_name not in list_services.MANAGED_LISTS:
        abort(404)
    return option


@bp.route("/lists")
@role_required("admin")
def lists():
    """Every managed list with its options in order."""
    return _lists_page()


@bp.route("/lists/<list_name>", methods=["POST"])
@role_required("admin")
def list_option_add(list_name):
    """Add an option to a list (placed last unless a position is given)."""
    if list_name not in list_services.MANAGED_LISTS:
        abort(404)
    form = ListOptionForm(list_name, prefix=f"add-{list_name}")
    if form.validate_on_submit():
        list_services.add_option(list_name, form.label.data, form.position.data, by=current_user)
        db.session.commit()
        flash(_("The option has been added."), "success")
        return redirect_to(url_for("admin.lists"))
    return _lists_page(add_forms={list_name: form}, status=422)


@bp.route("/lists/options/<int:option_id>", methods=["POST"])
@role_required("admin")
def list_option_update(option_id):
    """Rename an option or change its position."""
    option = _load_option(option_id)
    form = ListOptionForm(option.list_name, prefix=f"opt-{option.id}", option_id=option.id)
    if form.validate_on_submit():
        list_services.update_option(option, form.label.data, form.position.data, by=current_user)
        db.session.commit()
        flash(_("The option has been saved."), "success")
        return redirect_to(url_for("admin.lists"))
    return _lists_page(edit_forms={option.id: form}, status=422)


@bp.route("/lists/options/<int:option_id>/active", methods=["POST"])
@role_required("admin")
def list_option_set_active(option_id):
    """Hide an option from new choices, or offer it again (`active` = 0 or 1)."""
    option = _load_option(option_id)
    if request.form.get("active") not in ("0", "1"):
        abort(400)
    list_services.set_option_active(option, request.form["active"] == "1", by=current_user)
    db.session.commit()
    flash(_("The option has been saved."), "success")
    return redirect_to(url_for("admin.lists"))
