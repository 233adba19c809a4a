"""htmx helpers: detect fragment requests, render a page or one block of it."""
from flask import Response, make_response, request
from jinja2_fragments.flask import render_block


def is_htmx() -> bool:
    """A real htmx swap: not a boosted navigation, not a history restore."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-Boosted") != "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def render(template: str, block: str | None = None, status: int = 200, **context) -> Response:
    """The whole page, or only `block` of the same template for an htmx request."""
    from flask import render_template
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


def init_app(app) -> None:
    @app.context_processor
    def _htmx_context():
        return {"is_htmx": is_htmx}


