"""`flask referrals expire`: close requests nobody answered in time."""
import click

from ..extensions import db
from . import bp, services


@bp.cli.command("expire")
def expire_command():
    """Expire referrals and transfers unanswered after REFERRAL_EXPIRY_DAYS."""
    count = services.expire_overdue()
    db.session.commit()
    click.echo(f"expired: {count}")
