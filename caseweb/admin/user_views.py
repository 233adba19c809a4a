"""/admin/users: accounts, their roles, status and one-time passwords."""
from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..authz import get_user_or_404, role_required
from ..extensions import db
from ..htmx import redirect_to, render
from ..models.user import ROLES
from ..timeutil import utcnow
from . import bp, org_services, services
from .forms import UserCreateForm, UserEditForm, UserFilterForm

PER_PAGE = 25


def _user_fields(form) -> dict:
    return {"name": form.name.data, "org_id": form.org_id.data, "role": form.role.data,
            "email": form.email.data, "phone": form.phone.data}


@bp.route("/users")
@role_required("admin")
def users():
    """Accounts with filters and pages; only the list for an htmx active search."""
    form = UserFilterForm(request.args)
    form.org.choices = [("", _("All organisations"))] + [
        (str(i), n) for i, n in org_services.org_choices(active_only=False)]
    org_id = int(form.org.data) if (form.org.data or "").isdigit() else None
    stmt = services.user_query(form.q.data or "", org_id, form.role.data or "", form.active.data or "")
    page = db.paginate(stmt, per_page=PER_PAGE, error_out=False)
    return render("admin/users/index.html", block="user_list", form=form, page=page, now=utcnow())


@bp.route("/users/new", methods=["GET", "POST"])
@role_required("admin")
def user_new():
    """Create an account; its one-time password is shown once, on the answer page."""
    form = UserCreateForm()
    form.org_id.choices = org_services.org_choices()
    if form.validate_on_submit():
        user, password = services.create_user(username=form.username.data, by=current_user, **_user_fields(form))
        db.session.commit()
        # Rendered, not redirected: the password must not be kept anywhere, not even in the session.
        return render("admin/users/password.html", user=user, password=password, created=True)
    status = 422 if request.method == "POST" else 200
    return render("admin/users/new.html", block="user_form", status=status, form=form)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@role_required("admin")
def user_edit(user_id):
    """Edit name, organisation, role and contact; shows status actions and role history."""
    user = get_user_or_404(user_id)
    form = UserEditForm(obj=user)
    form.org_id.choices = org_services.org_choices(include_id=user.org_id)
    if form.validate_on_submit():
        try:
            services.update_user(user, by=current_user, **_user_fields(form))
        except services.AdminRuleError as exc:
            form.role.errors = [*form.role.errors, str(exc)]
        else:
            db.session.commit()
            flash(_("The account has been saved."), "success")
            return redirect_to(url_for("admin.user_edit", user_id=user.id))
    status = 422 if request.method == "POST" else 200
    locked = bool(user.locked_until and user.locked_until > utcnow())
    return render("admin/users/edit.html", block="user_form", status=status, form=form, user=user,
                  locked=locked, history=services.role_history(user), roles=ROLES)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@role_required("admin")
def user_deactivate(user_id):
    """Deactivate an account; every session it has ends at once."""
    user = get_user_or_404(user_id)
    try:
        services.deactivate_user(user, by=current_user)
    except services.AdminRuleError as exc:
        flash(str(exc), "error")
    else:
        db.session.commit()
        flash(_("The account has been deactivated and its sessions ended."), "success")
    return redirect_to(url_for("admin.user_edit", user_id=user.id))


def _account_action(user_id: int, action, message: str):
    """A one-button account change: check the form, apply, commit, back to the account page."""
    user = get_user_or_404(user_id)
    action(user, by=current_user)
    db.session.commit()
    flash(message, "success")
    return redirect_to(url_for("admin.user_edit", user_id=user.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@role_required("admin")
def user_reactivate(user_id):
    """Allow a deactivated account to log in again."""
    return _account_action(user_id, services.reactivate_user, _("The account is active again."))


@bp.route("/users/<int:user_id>/unlock", methods=["POST"])
@role_required("admin")
def user_unlock(user_id):
    """Lift a lockout after too many failed logins."""
    return _account_action(user_id, services.unlock_user, _("The account has been unlocked."))


@bp.route("/users/<int:user_id>/reset-password", methods=["POST"])
@role_required("admin")
def user_reset_password(user_id):
    """Give the account a new one-time password, shown once; its sessions end."""
    user = get_user_or_404(user_id)
    password = services.reset_password(user, by=current_user)
    db.session.commit()
    return render("admin/users/password.html", user=user, password=password, created=False)
