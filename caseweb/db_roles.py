"""PostgreSQL roles: the owner runs migrations, the app's role may only add to and read the access log.

`flask db-roles grant caseweb_app` (run with CASEWEB_DATABASE_URL naming the owner)
gives the app's role what it needs on every table, then takes UPDATE, DELETE,
TRUNCATE and TRIGGER on the access log away again; the app's role owns nothing, so
it cannot drop or disable the append-only trigger either. Run it again after every
`flask db upgrade` (new tables need grants). `--print` shows the SQL instead.
"""
import re

import click
from sqlalchemy import text

from .extensions import db

ROLE_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def app_role_sql(role: str) -> list[str]:
    """GRANT/REVOKE statements for the app's role (run as the owner)."""
    if not ROLE_RE.match(role):
        raise ValueError(f"not a plain role name: {role!r}")
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON access_logs FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
    ]


def grant_app_role(connection, role: str) -> None:
    for statement in app_role_sql(role):
        if "alembic_version" in statement and not connection.execute(
                text("SELECT to_regclass('public.alembic_version')")).scalar():
            continue
        connection.execute(text(statement))


def init_app(app) -> None:
    @app.cli.group("db-roles")
    def db_roles():
        """PostgreSQL roles (owner and app)."""

    @app.cli.command("db-stats")
    def stats_command():
        """Refresh the query planner's statistics (run daily from cron, and after a bulk import)."""
        with db.engine.begin() as connection:
            connection.exec_driver_sql("PRAGMA optimize" if db.engine.dialect.name == "sqlite" else "ANALYZE")
        click.echo("statistics refreshed")

    @db_roles.command("grant")
    @click.argument("role")
    @click.option("--print", "print_only", is_flag=True, help="Print the SQL instead of running it.")
    def grant_command(role, print_only):
        """Let ROLE (the app's login role) use the tables, but only INSERT and SELECT the access log."""
        if print_only:
            for statement in app_role_sql(role):
                click.echo(statement + ";")
            return
        if db.engine.dialect.name != "postgresql":
            raise click.ClickException("roles exist only on PostgreSQL")
        with db.engine.begin() as connection:
            grant_app_role(connection, role)
        click.echo(f"granted {role}: tables read/write, access_logs INSERT and SELECT only")
