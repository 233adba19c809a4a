"""Command-line tools: `flask --app app demo-data`, `backup`, `translations`."""
import os
import shutil
import sqlite3
import subprocess
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import inspect
from sqlalchemy.engine import make_url

from .extensions import db
from .filemodes import private_dir, private_file


def backup_database(target: Path) -> Path:
    """A consistent copy while the app runs: SQLite's backup API, or pg_dump."""
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    private_dir(target.parent)
    private_file(target)  # 0600 before a byte is written
    if url.get_backend_name() == "sqlite":
        source = sqlite3.connect(url.database)
        dest = sqlite3.connect(target)
        try:
            with dest:
                source.backup(dest)
        finally:
            dest.close()
            source.close()
        return target
    if url.get_backend_name() == "postgresql":
        pg_dump = shutil.which("pg_dump")
        if not pg_dump:
            raise click.ClickException("pg_dump not found on PATH")
        args = [pg_dump, "--format=custom", "--no-owner", f"--file={target}",
                "--host", url.host or "localhost", "--port", str(url.port or 5432),
                "--username", url.username or "postgres", url.database]
        env = dict(os.environ, PGPASSWORD=url.password) if url.password else None
        subprocess.run(args, check=True, env=env, umask=0o077)
        return target
    raise click.ClickException(f"no backup for {url.get_backend_name()}")


def database_is_empty() -> bool:
    """True before the demo is loaded: no organisation yet."""
    from .models import Organization
    if not inspect(db.session.connection()).has_table("organizations"):
        return True
    return db.session.query(Organization.id).first() is None


def init_app(app) -> None:
    from . import retention
    retention.init_app(app)

    @app.cli.command("backup")
    @click.option("--to", "to", type=click.Path(path_type=Path), default=None,
                  help="Output file (default CASEWEB_BACKUP_FOLDER/caseweb-<time>.backup)")
    def backup_command(to):
        """Make a consistent copy of the database while the app runs."""
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        to = to or Path(app.config["BACKUP_FOLDER"]) / f"caseweb-{stamp}.backup"
        click.echo(f"backup written: {backup_database(to)}")

    @app.cli.command("demo-data")
    @click.option("--if-empty", is_flag=True, help="Only load into an empty database.")
    @click.option("--households", default=300, show_default=True)
    def demo_data_command(if_empty, households):
        """Load the fictional demo district."""
        from .demo import load_demo
        if if_empty and not database_is_empty():
            click.echo("demo data: database already has data, left as is")
            return
        counts = load_demo(households=households)
        click.echo("demo data loaded: " + ", ".join(f"{k} {v}" for k, v in counts.items()))

    @app.cli.group("translations")
    def translations():
        """Translation catalogues."""

    @translations.command("compile")
    def compile_command():
        """Compile every .po catalogue into .mo."""
        from .i18n import compile_catalogs
        click.echo(f"compiled {compile_catalogs(force=True)} catalogues")
