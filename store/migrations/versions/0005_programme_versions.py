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

# SQLite keeps the unnamed unique constraint of 0001 without a name: give it one to drop it.
_NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def _content_hash_constraint() -> str:
    if op.get_bind().dialect.name == "sqlite":
        return "uq_programme_content_hash"
    inspector = sa.inspect(op.get_bind())
    found = [
        u["name"]
        for u in inspector.get_unique_constraints("programme")
        if u["column_names"] == ["content_hash"]
    ]
    return found[0] if found else "programme_content_hash_key"


def upgrade() -> None:
    name = _content_hash_constraint()
    with op.batch_alter_table("programme", naming_convention=_NAMES) as batch_op:
        batch_op.drop_constraint(name, type_="unique")
        batch_op.add_column(sa.Column("identity", sa.String(length=255), nullable=True))
        batch_op.add_column(
            sa.Column("version", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.create_unique_constraint("uq_programme_identity", ["identity"])
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
    with op.batch_alter_table("programme") as batch_op:
        batch_op.drop_constraint("uq_programme_identity", type_="unique")
        batch_op.drop_column("version")
        batch_op.drop_column("identity")
        batch_op.create_unique_constraint("uq_programme_content_hash", ["content_hash"])
