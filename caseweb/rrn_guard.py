"""주민등록번호 typed into a search box: refused before any view runs, and kept out of logs.

A GET puts its query into the URL, and URLs end up in the browser history, in the
server's request log and (for some pages) in the access log. An RRN-shaped value in
any query parameter is therefore refused with a redirect to the same page without it
and a pointer to the duplicate check, which takes the number by POST. A logging
filter masks RRN-shaped digit runs in the request logs of werkzeug and gunicorn, and
in the app's own log, because the refused request line itself is logged by the server.
"""
import logging
import re
from urllib.parse import urlencode

from flask import flash, make_response, redirect, request
from flask_babel import gettext as _

# 6 + 7 digits, optionally split by a hyphen or space (also URL-encoded), not part of a longer number.
RRN_SHAPED = re.compile(r"(?<![0-9])[0-9]{6}(?:-|\s|\+|%2[dD]|%20)?[0-9]{7}(?![0-9])")
MASK = "[RRN removed]"
LOGGERS = ("werkzeug", "gunicorn.access", "gunicorn.error")


def looks_like_rrn(value: str | None) -> bool:
    return bool(value) and RRN_SHAPED.search(value) is not None


class RedactRRN(logging.Filter):
    """Masks RRN-shaped numbers in a log record's final message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record: leave it to the handler
            return True
        if RRN_SHAPED.search(message):
            record.msg = RRN_SHAPED.sub(MASK, message)
            record.args = None
        return True


def _refuse_rrn_in_query():
    """Redirect to the same page without the RRN-shaped parameters, with a pointer to the duplicate check."""
    bad = [key for key, value in request.args.items(multi=True) if looks_like_rrn(value) or looks_like_rrn(key)]
    if not bad:
        return None
    kept = [(k, v) for k, v in request.args.items(multi=True) if k not in bad]
    flash(_("A resident registration number cannot be used as a search term, so it was neither "
            "searched nor recorded. To find out whether a person is already registered, use "
            "\"Check for duplicates\" on the new household form."), "error")
    target = request.path + ("?" + urlencode(kept) if kept else "")
    if request.headers.get("HX-Request") == "true":
        # A full page (not a swap that XHR would follow silently), so the message is seen.
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)


def init_app(app) -> None:
    app.before_request(_refuse_rrn_in_query)
    redactor = RedactRRN()
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactRRN) for f in logger.filters):
            logger.addFilter(redactor)
    if not any(isinstance(f, RedactRRN) for f in app.logger.filters):
        app.logger.addFilter(redactor)
