"""htmx helpers: detect fragment requests, render a page or one block of it, carry flashes along."""
from flask import Response, g, make_response, render_template, request, session
from jinja2_fragments.flask import render_block

# An htmx answer that makes the browser load another page leaves its flash for that page.
NAVIGATING = ("HX-Redirect", "HX-Location", "HX-Refresh")


def is_htmx() -> bool:
    """A real htmx swap: not a boosted navigation, not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context) -> Response:
    """The whole page, or only `block` of the same template for an htmx request."""
    if block and is_htmx():
        body = render_block(template, block, **context)
    else:
        body = render_template(template, **context)
    response = make_response(body, status)
    response.headers.add("Vary", "HX-Request")
    return response


def redirect_to(url: str) -> Response:
    """POST/redirect/GET that also works for htmx (HX-Redirect instead of 302)."""
    from flask import redirect
    if is_htmx():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = url
        return response
    return redirect(url)


def _count_flashes() -> None:
    g.flashes_before = len(session.get("_flashes", ()))


def flash_out_of_band(response: Response) -> Response:
    """An htmx fragment carries the messages flashed while making it, swapped into #flash.

    Left in the session they would appear on whatever page the user opens next. Only this
    request's messages are taken: an earlier one still waits for the page it was meant for.
    """
    if not is_htmx() or any(h in response.headers for h in NAVIGATING) or response.direct_passthrough:
        return response
    before = g.get("flashes_before", 0)
    flashes = session.get("_flashes", [])
    if len(flashes) <= before or response.mimetype != "text/html":
        return response
    mine = flashes[before:]
    session["_flashes"] = flashes[:before]
    if not session["_flashes"]:
        session.pop("_flashes")
    response.set_data(response.get_data() + render_template("_partials/_flash_oob.html", messages=mine)
                      .encode("utf-8"))
    return response


def init_app(app) -> None:
    app.before_request(_count_flashes)
    app.after_request(flash_out_of_band)

    @app.context_processor
    def _htmx_context():
        return {"is_htmx": is_htmx}


