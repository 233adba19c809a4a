"""Precomputed indicator days (report_days, report_months, report_state, report_dirty) and date indexes for counting by day

Revision ID: c4d5e6f7a8b9
Revises: d5f2b7a3c918
Create Date: 2026-12-03 17:40:00
"""
from alembic import op
import sqlalchemy as sa

from caseweb.timeutil import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'c4d5e6f7a8b9'
down_revision = 'd5f2b7a3c918'
branch_labels = None
depends_on = None

DATE_INDEXES = [("cases", "intake_on"), ("cases", "selected_on"), ("cases", "closed_on"), ("cases", "completed_on"),
                ("linkages", "linked_on"), ("transitions", "requested_at"), ("transitions", "answered_at")]


def upgrade():
    op.create_table(
        "report_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=80), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("day", "org_id", "figure", "detail", name=op.f("pk_report_days")),
    )
    op.create_index("ix_report_days_org", "report_days", ["org_id", "day", "figure", "detail", "n"])
    op.create_table(
        "report_months",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.String(length=80), nullable=False),
        sa.Column("n", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("month", "org_id", "figure", "detail", name=op.f("pk_report_months")),
    )
    op.create_index("ix_report_months_org", "report_months", ["org_id", "month", "figure", "detail", "n"])
    op.create_table(
        "report_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("built_through", sa.Date(), nullable=False),
        sa.Column("settings", sa.String(length=200), nullable=False),
        sa.Column("built_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_state")),
    )
    op.create_table(
        "report_dirty",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_dirty")),
    )
    op.create_index(op.f("ix_report_dirty_day"), "report_dirty", ["day"])
    for table, column in DATE_INDEXES:
        op.create_index(op.f(f"ix_{table}_{column}"), table, [column])


def downgrade():
    for table, column in DATE_INDEXES:
        op.drop_index(op.f(f"ix_{table}_{column}"), table_name=table)
    op.drop_index(op.f("ix_report_dirty_day"), table_name="report_dirty")
    op.drop_table("report_dirty")
    op.drop_table("report_state")
    op.drop_index("ix_report_months_org", table_name="report_months")
    op.drop_table("report_months")
    op.drop_index("ix_report_days_org", table_name="report_days")
    op.drop_table("report_days")
