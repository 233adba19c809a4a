"""Generic error pages: no stack traces, no hints; htmx gets a small fragment."""
from flask import render_template
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .extensions import db
from .htmx import is_htmx


def _messages():
    return {
        400: _("The request could not be understood. Please reload the page and try again."),
        401: _("Please log in again."),
        403: _("You do not have permission for this page."),
        404: _("The page was not found."),
        405: _("This action is not allowed here."),
        409: _("Someone else changed this record. Reload it and apply your change again."),
        413: _("The file is too large."),
        422: _("Please check the highlighted fields."),
        429: _("Too many attempts. Please wait a moment and try again."),
        500: _("Something went wrong on our side. Your last change may not have been saved."),
    }


def render_error(code: int, message: str | None = None):
    message = message or _messages().get(code, _messages()[500])
    template = "errors/_error.html" if is_htmx() else "errors/error.html"
    return render_template(template, code=code, message=message), code


def init_app(app) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(exc):
        return render_error(400, _("Your form expired. Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def _http(exc):
        return render_error(exc.code or 500)

    @app.errorhandler(StaleDataError)
    def _stale(exc):
        db.session.rollback()
        return render_error(409)

    @app.errorhandler(Exception)
    def _unexpected(exc):
        db.session.rollback()
        if app.testing and not app.config.get("SHOW_ERROR_PAGES"):
            raise exc
        app.logger.exception("unhandled error")
        return render_error(500)
