"""접속기록: who did what to whose data. Append-only, enforced by the database."""
from datetime import datetime

from sqlalchemy import DDL, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..timeutil import UTCDateTime, utcnow


class AccessLog(db.Model):
    __tablename__ = "access_logs"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    org_id: Mapped[int | None] = mapped_column(Integer)
    ip: Mapped[str | None] = mapped_column(String(45))
    action: Mapped[str] = mapped_column(String(60), index=True)
    # Plain integers, not foreign keys: the log outlives what it names.
    household_id: Mapped[int | None] = mapped_column(Integer, index=True)
    case_id: Mapped[int | None] = mapped_column(Integer)
    target: Mapped[str | None] = mapped_column(String(120))
    reason: Mapped[str | None] = mapped_column(Text)
    # HMAC of this row's content and the previous row's chain (audit_chain.py): a
    # changed, removed or inserted row breaks every link after it.
    chain: Mapped[str | None] = mapped_column(String(64))

    user = relationship("User")


# Triggers so that not even a stray UPDATE/DELETE in SQL can rewrite history.
APPEND_ONLY_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS access_logs_no_update BEFORE UPDATE ON access_logs "
    "BEGIN SELECT RAISE(ABORT, 'access_logs is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS access_logs_no_delete BEFORE DELETE ON access_logs "
    "BEGIN SELECT RAISE(ABORT, 'access_logs is append-only'); END",
]
# A REPLACE on an existing id deletes that row first; recursive_triggers makes the
# delete fire the trigger above, and this refuses the insert itself as a second wall.
NO_REPLACE_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS access_logs_no_replace BEFORE INSERT ON access_logs "
    "WHEN EXISTS (SELECT 1 FROM access_logs WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'access_logs is append-only'); END",
]
APPEND_ONLY_POSTGRES = [
    "CREATE OR REPLACE FUNCTION access_logs_append_only() RETURNS trigger AS $$ "
    "BEGIN RAISE EXCEPTION 'access_logs is append-only'; END; $$ LANGUAGE plpgsql",
    "CREATE TRIGGER access_logs_no_change BEFORE UPDATE OR DELETE ON access_logs "
    "FOR EACH ROW EXECUTE FUNCTION access_logs_append_only()",
]

for _sql in APPEND_ONLY_SQLITE + NO_REPLACE_SQLITE:
    event.listen(AccessLog.__table__, "after_create", DDL(_sql).execute_if(dialect="sqlite"))
for _sql in APPEND_ONLY_POSTGRES:
    event.listen(AccessLog.__table__, "after_create", DDL(_sql).execute_if(dialect="postgresql"))
