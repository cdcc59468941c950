"""direction: extension requests, reassignments, directives, contributions; what each
history entry records and in which role; an item's due date before its extensions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Columns and new tables only (see 0005: no table is rebuilt on SQLite).


def upgrade() -> None:
    op.add_column("work_item", sa.Column("original_due", sa.Date(), nullable=True))
    op.add_column(
        "status_update",
        sa.Column("action", sa.String(length=24), nullable=False, server_default="update"),
    )
    op.add_column("status_update", sa.Column("role", sa.String(length=16), nullable=True))
    op.add_column("status_update", sa.Column("old_value", sa.String(), nullable=True))
    op.add_column("status_update", sa.Column("new_value", sa.String(), nullable=True))
    op.create_table(
        "extension_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("dept", sa.String(length=16), nullable=False),
        sa.Column("old_due", sa.Date(), nullable=False),
        sa.Column("new_due", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("requested_by", sa.String(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(), nullable=True),
        sa.Column("decision_channel", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(["item_id"], ["work_item.id"]),
        sa.ForeignKeyConstraint(["dept"], ["department.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_extension_request_item_id", "extension_request", ["item_id"])
    op.create_index("ix_extension_request_state", "extension_request", ["state"])
    # One pending request per item, whoever asks at the same moment.
    op.create_index(
        "uq_extension_request_pending", "extension_request", ["item_id"], unique=True,
        sqlite_where=sa.text("state = 'pending'"), postgresql_where=sa.text("state = 'pending'"),
    )
    op.create_table(
        "reassignment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("old_lead", sa.String(length=16), nullable=False),
        sa.Column("new_lead", sa.String(length=16), nullable=False),
        sa.Column("old_support", sa.JSON(), nullable=False),
        sa.Column("new_support", sa.JSON(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["work_item.id"]),
        sa.ForeignKeyConstraint(["new_lead"], ["department.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reassignment_item_id", "reassignment", ["item_id"])
    for name, extra in (("directive", []), ("contribution", ["dept"])):
        op.create_table(
            name,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("item_id", sa.Integer(), nullable=False),
            *(sa.Column(column, sa.String(length=16), nullable=False) for column in extra),
            sa.Column("text", sa.String(), nullable=False),
            sa.Column("by", sa.String(), nullable=False),
            sa.Column("channel", sa.String(length=8), nullable=False),
            sa.Column("at", sa.DateTime(timezone=True), nullable=False),
            sa.ForeignKeyConstraint(["item_id"], ["work_item.id"]),
            *(sa.ForeignKeyConstraint([c], ["department.code"]) for c in extra),
            sa.PrimaryKeyConstraint("id"),
        )
        op.create_index(f"ix_{name}_item_id", name, ["item_id"])


def downgrade() -> None:
    for name in ("contribution", "directive", "reassignment"):
        op.drop_index(f"ix_{name}_item_id", table_name=name)
        op.drop_table(name)
    for index in ("uq_extension_request_pending", "ix_extension_request_state",
                  "ix_extension_request_item_id"):  # fmt: skip
        op.drop_index(index, table_name="extension_request")
    op.drop_table("extension_request")
    for column in ("new_value", "old_value", "role", "action"):
        op.drop_column("status_update", column)
    op.drop_column("work_item", "original_due")
