"""Resource search covers description and eligibility

Revision ID: c4e8a1f05d27
Revises: b7c1d2e3f4a5
Create Date: 2026-12-03 17:20:00

`resources.search_norm` becomes TEXT (a description has no length limit) and is
rebuilt for every entry from name, provider, description and eligibility, with
its bigram rows. Downgrade shortens it back to name and provider.
"""
import re
import unicodedata

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e8a1f05d27'
down_revision = 'b7c1d2e3f4a5'
branch_labels = None
depends_on = None

resources = sa.table("resources", sa.column("id", sa.Integer), sa.column("name", sa.String),
                     sa.column("provider_id", sa.Integer), sa.column("description", sa.Text),
                     sa.column("eligibility", sa.Text), sa.column("search_norm", sa.Text))
providers = sa.table("resource_providers", sa.column("id", sa.Integer), sa.column("name", sa.String))
grams = sa.table("resource_grams", sa.column("gram", sa.String), sa.column("resource_id", sa.Integer))


def _normalise(text):
    # caseweb.resources.directory.normalise as of this revision
    return re.sub(r"[\s\W_]+", "", unicodedata.normalize("NFC", text or "")).lower()


def _rebuild(parts):
    bind = op.get_bind()
    rows = bind.execute(sa.select(resources.c.id, resources.c.name, providers.c.name.label("provider"),
                                  resources.c.description, resources.c.eligibility)
                        .join(providers, providers.c.id == resources.c.provider_id)).all()
    for row in rows:
        norm = " ".join(_normalise(getattr(row, p)) for p in parts)
        bind.execute(resources.update().where(resources.c.id == row.id).values(search_norm=norm))
        bind.execute(grams.delete().where(grams.c.resource_id == row.id))
        found = sorted({norm[i:i + 2] for i in range(len(norm) - 1)})
        if found:
            bind.execute(grams.insert(), [{"gram": g, "resource_id": row.id} for g in found])


def upgrade():
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.alter_column('search_norm', existing_type=sa.String(length=300), type_=sa.Text(),
                              existing_nullable=False)
    _rebuild(("name", "provider", "description", "eligibility"))


def downgrade():
    _rebuild(("name", "provider"))
    op.execute(resources.update().values(search_norm=sa.func.substr(resources.c.search_norm, 1, 300)))
    with op.batch_alter_table('resources', schema=None) as batch_op:
        batch_op.alter_column('search_norm', existing_type=sa.Text(), type_=sa.String(length=300),
                              existing_nullable=False)
