"""Minutes and action items. Saving minutes checks the version the writer started from.

Two note-takers on two tablets: the second save that started from an older version
changes nothing and gets the other's text back to merge (StaleMinutes); nobody's
words are overwritten silently.
"""
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import update

from ..extensions import db
from ..models import ActionItem, AgendaItem, User
from ..timeutil import utcnow
from .services import ConferenceRefused, require_editable, require_writer


class StaleMinutes(ConferenceRefused):
    """Someone saved these minutes after the writer loaded them; `item` holds their text."""

    def __init__(self, item: AgendaItem):
        super().__init__(_("Someone else saved these minutes while you were writing. Their text is shown "
                           "below; your text is kept in the box. Merge the two and save again."))
        self.item = item


def save_discussion(item: AgendaItem, user, text: str, version: int | None) -> AgendaItem:
    """Save the minutes of one agenda case if nobody saved since `version` (a conditional UPDATE)."""
    require_writer(user)
    require_editable(item.conference)
    text = (text or "").strip() or None
    changed = db.session.execute(
        update(AgendaItem).where(AgendaItem.id == item.id, AgendaItem.version == version)
        .values(discussion=text, version=AgendaItem.version + 1, edited_by_id=user.id, edited_at=utcnow())
        .execution_options(synchronize_session=False)).rowcount
    db.session.refresh(item)
    if changed != 1:
        raise StaleMinutes(item)
    return item


def add_action(conference, user, *, what: str, assignee_org_id: int, assignee: User | None = None,
               due_on: date | None = None, item: AgendaItem | None = None) -> ActionItem:
    """An action for an organisation (or one of its people); it becomes their task once the minutes are confirmed."""
    require_writer(user)
    require_editable(conference)
    if assignee_org_id not in conference.org_ids:
        raise ConferenceRefused(_("Choose one of the organisations taking part in the conference."))
    if assignee is not None and assignee.org_id != assignee_org_id:
        raise ConferenceRefused(_("The person must work at the chosen organisation."))
    if not (what or "").strip():
        raise ConferenceRefused(_("Say what is to be done."))
    action = ActionItem(conference=conference, item=item, assignee_org_id=assignee_org_id,
                        assignee_user_id=assignee.id if assignee else None, what=what.strip(), due_on=due_on,
                        created_by_id=user.id)
    db.session.add(action)
    db.session.flush()
    return action


def remove_action(action: ActionItem, user) -> None:
    require_writer(user)
    require_editable(action.conference)
    db.session.delete(action)
    db.session.flush()


def is_assignee(action: ActionItem, user) -> bool:
    if action.assignee_user_id is not None:
        return action.assignee_user_id == user.id
    return action.assignee_org_id == user.org_id


def mark_done(action: ActionItem, user) -> ActionItem:
    """Tick an action off; done once (a second tick changes nothing)."""
    require_writer(user)
    if not is_assignee(action, user):
        raise ConferenceRefused(_("Only the person or organisation it is assigned to can tick it off."))
    if action.done_at is None:
        action.done_at, action.done_by_id = utcnow(), user.id
        db.session.flush()
    return action
