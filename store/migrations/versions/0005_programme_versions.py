"""programme versions: a programme named by issuer, title and periods; its imports; links

Revision ID: 0005
Revises: 0002
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

# Columns and an index only: rebuilding "programme" on SQLite would need its foreign keys
# off, which a migration in a transaction cannot switch.


def upgrade() -> None:
    op.add_column("programme", sa.Column("identity", sa.String(length=255), nullable=True))
    op.add_column(
        "programme", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    op.create_index("uq_programme_identity", "programme", ["identity"], unique=True)
    op.create_table(
        "programme_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("mark", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("programme_id", "number", name="uq_programme_version"),
    )
    op.create_index(
        "ix_programme_version_programme_id", "programme_version", ["programme_id"], unique=False
    )
    op.create_table(
        "programme_link",
        sa.Column("programme_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["programme_id"], ["programme.id"]),
        sa.ForeignKeyConstraint(["item_id"], ["work_item.id"]),
        sa.PrimaryKeyConstraint("programme_id", "item_id"),
    )
    # Programmes imported before: one version each, as imported.
    op.execute(
        "INSERT INTO programme_version (programme_id, number, content_hash, source_name, title,"
        " issued_on, imported_at, counts, changes, mark)"
        " SELECT id, 1, content_hash, source_name, title, issued_on, imported_at, '{}', '{}', 0"
        " FROM programme"
    )


def downgrade() -> None:
    op.drop_table("programme_link")
    op.drop_index("ix_programme_version_programme_id", table_name="programme_version")
    op.drop_table("programme_version")
    op.drop_index("uq_programme_identity", table_name="programme")
    op.drop_column("programme", "version")
    op.drop_column("programme", "identity")
