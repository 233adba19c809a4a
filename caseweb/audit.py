"""Access-log writes. Every read or write of a household's data calls log_access.

In a write request the row joins the view's transaction (one commit writes the
change and its log row, or neither). In a read request the row waits in `g` and is
committed in a short write transaction of its own after the view and before the
response leaves (after_request): the page is sent only once its log row is durable,
and the read itself never takes the write lock. Concurrent read requests share that
write (group commit): the first to arrive writes every row queued while the previous
batch was being written, the others wait for it; one lock and one fsync a batch.
"""
import threading
from flask import current_app, g, request
from flask_login import current_user

from . import audit_chain
from .extensions import db
from .models import AccessLog
from .timeutil import utcnow
from .transactions import is_read_request, write_transaction


def client_ip() -> str | None:
    return request.remote_addr if request else None


def log_access(action: str, *, household_id: int | None = None, case_id: int | None = None,
               target: str | None = None, reason: str | None = None, user=None) -> AccessLog:
    """Record an access: in the view's transaction, or (read requests) before the response is sent."""
    user = user or (current_user if current_user and current_user.is_authenticated else None)
    row = AccessLog(
        at=utcnow(),
        user_id=user.id if user else None,
        org_id=user.org_id if user else None,
        ip=client_ip(),
        action=action,
        household_id=household_id,
        case_id=case_id,
        target=target,
        reason=reason,
    )
    if is_read_request() and g.get("_log_before_response"):
        g.setdefault("pending_access_log", []).append(row)
    else:
        db.session.add(row)
    return row


class _Batch:
    def __init__(self):
        self.rows, self.done, self.error = [], False, None


class GroupCommit:
    """Leader/follower batching of log rows across the threads of one process."""

    def __init__(self):
        self._cond = threading.Condition()
        self._open = _Batch()
        self._writing = False
        self.batches = 0  # for tests and the benchmark

    def submit(self, rows: list) -> None:
        """Return once `rows` are committed (raise if their batch failed)."""
        with self._cond:
            batch = self._open
            batch.rows.extend(rows)
            while not batch.done and self._writing:
                self._cond.wait()
            if batch.done:
                if batch.error is not None:
                    raise batch.error
                return
            self._writing, self._open = True, _Batch()  # lead this batch; later rows gather in the next
        try:
            with write_transaction():
                db.session.add_all(batch.rows)
            self.batches += 1
        except BaseException as exc:
            batch.error = exc
            raise
        finally:
            with self._cond:
                self._writing, batch.done = False, True
                self._cond.notify_all()


def write_pending() -> int:
    """Commit the read request's log rows now (called before its response is sent)."""
    rows = g.pop("pending_access_log", None)
    if not rows:
        return 0
    current_app.extensions["caseweb_access_log"].submit(rows)
    return len(rows)


def init_app(app) -> None:
    app.extensions["caseweb_access_log"] = GroupCommit()

    def _collect_read_logs():
        g._log_before_response = True  # after_request will run and write them

    app.before_request_funcs.setdefault(None, []).insert(0, _collect_read_logs)  # before any other hook

    @app.after_request
    def _write_access_log(response):
        write_pending()
        return response

    import click

    @app.cli.group("audit")
    def audit():
        """The access log."""

    @audit.command("verify")
    def verify_command():
        """Recompute the access log's hash chain; exit 1 at the first row that does not fit."""
        checked, bad = audit_chain.verify(db.session)
        if bad is None:
            head = db.session.scalar(db.select(AccessLog.chain).order_by(AccessLog.id.desc()).limit(1))
            # Keep the head elsewhere (a ticket, a printout): a chain cannot show rows cut off its end.
            click.echo(f"access log intact: {checked} rows, head {head or audit_chain.GENESIS}")
            return
        click.echo(f"access log broken at row id {bad.id} (at {bad.at}, action {bad.action}): "
                   f"{checked} rows before it are intact; this row or the one before it was "
                   "changed, removed or inserted.", err=True)
        raise SystemExit(1)
