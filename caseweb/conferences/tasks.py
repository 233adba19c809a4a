"""내 업무: open action items of confirmed minutes, as tasks on the assignee's dashboard."""
from ..tiles import section_provider
from . import queries


@section_provider
def conference_actions(user) -> list[dict]:
    if not user.has_role("supervisor", "worker", "viewer"):
        return []
    return [{"template": "conferences/_my_actions.html", "actions": queries.my_open_actions(user)}]
