"""`flask reports summarize`: count the indicators per day into report_days (nightly, from cron)."""
import click

from ..extensions import db
from . import bp
from .summary import rebuild


@bp.cli.command("summarize")
@click.option("--full", is_flag=True, help="Count every day again, not only new and changed days.")
def summarize_command(full):
    """Store the indicator counts of the days not stored yet and of the days whose rows changed."""
    done = rebuild(full=full)
    db.session.commit()
    click.echo(f"report days: {done['days']} counted ({'all' if done['full'] else 'new and changed'}), "
               f"{done['rows']} rows, built through {done['built_through']}")
