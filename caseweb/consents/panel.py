"""The household page's consent panel: prepared by the views that show it, rendered by the template."""
from . import services
from .forms import RevokeForm


def consent_panel(household) -> dict:
    """Each consent with its status, and the revoke form; the caller has loaded `household` through authz."""
    return {"consents": [(c, services.status_of(c)) for c in services.consents_for(household)],
            "revoke_form": RevokeForm(formdata=None)}
