"""Login, logout, password change, language."""
from flask import current_app, flash, make_response, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..audit import log_access
from ..extensions import db, limiter, login_manager
from ..htmx import is_htmx
from ..i18n import LOCALES
from ..security import safe_next, verify_password
from . import attempts, bp, services
from .forms import LoginForm, PasswordChangeForm

PUBLIC_ENDPOINTS = {"auth.login", "static"}


@login_manager.user_loader
def _load_user(user_id):
    return services.load_session_user(user_id)


@login_manager.unauthorized_handler
def _unauthorized():
    login_url = url_for("auth.login")
    if is_htmx():
        response = make_response("", 401)
        response.headers["HX-Redirect"] = login_url
        return response
    flash(_("Please log in to continue."), "info")
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.before_app_request
def _require_login():
    """Deny by default: every endpoint but the login page needs a session."""
    if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_user.must_change_password and request.endpoint not in (
            "auth.password", "auth.logout", "auth.language"):
        # An htmx request (a header badge, a bell) must never get the password page to
        # swap into itself: 401 and let htmx send the whole window there.
        if is_htmx():
            response = make_response("", 401)
            response.headers["HX-Redirect"] = url_for("auth.password")
            return response
        return redirect(url_for("auth.password"))
    return None


def _safe_next(target: str | None) -> str:
    return safe_next(target, url_for("dashboard.index"))


def _login_limit():
    return current_app.config["LOGIN_RATE_LIMIT"]


def _global_login_limit():
    return current_app.config["LOGIN_GLOBAL_RATE_LIMIT"]


def _everyone():
    return "all-clients"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])  # per client address
@limiter.limit(_global_login_limit, methods=["POST"], key_func=_everyone, scope="login-global")
def login():
    """Log in with username and password."""
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        attempt = attempts.start(form.username.data)
        db.session.commit()  # keep the count; no write lock held during the slow hash
        user = attempts.finish(attempt, attempts.check_password(attempt, form.password.data))
        if user is not None:
            services.start_session(user)
            login_user(user)
            log_access("login", user=user)
            db.session.commit()
            return redirect(_safe_next(request.args.get("next")))
        db.session.commit()  # keep the failure count
        form.password.errors.append(_(
            "Wrong username or password, or the account is locked. "
            "After %(n)d failures the account is locked for %(m)d minutes.",
            n=current_app.config["LOCKOUT_THRESHOLD"], m=current_app.config["LOCKOUT_MINUTES"]))
        status = 200 if request.method == "GET" else 422
    elif request.method == "POST":
        status = 422
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session on the server, not just in the browser."""
    log_access("logout")
    services.end_session()
    logout_user()
    db.session.commit()
    flash(_("You have been logged out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    """Change one's own password; other sessions of the account end."""
    form = PasswordChangeForm(current_user.username)
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data):
            form.current.errors.append(_("The current password is not correct."))
        else:
            services.set_password(current_user, form.new.data)
            services.end_user_sessions(current_user, "password_changed", keep_current=True)
            log_access("password_changed", target=f"user:{current_user.id}")
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("dashboard.index"))
    status = 422 if request.method == "POST" else 200
    return render_template("auth/password.html", form=form), status


@bp.route("/language", methods=["POST"])
@login_required
def language():
    """Switch the interface language (Korean / English)."""
    lang = request.form.get("lang")
    if lang in LOCALES:
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))
