"""의뢰·이관·배정: inbox and outbox, answers, the case panel, the consent gate."""
from flask import Blueprint

bp = Blueprint("referrals", __name__, url_prefix="/referrals")

from . import case_views, cli, team_views, tiles, views  # noqa: E402,F401
