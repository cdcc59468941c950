"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "department",
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("to", sa.JSON(), nullable=False),
        sa.Column("cc", sa.JSON(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("html", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("attachments", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=8), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_state"), ["state"], unique=False)

    op.create_table(
        "period",
        sa.Column("key", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "programme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("source_name", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=True),
        sa.Column("place", sa.String(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issued_text", sa.String(), nullable=True),
        sa.Column("signer_title", sa.String(), nullable=True),
        sa.Column("signer_name", sa.String(), nullable=True),
        sa.Column("recipients", sa.JSON(), nullable=False),
        sa.Column("periods", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("content_hash"),
    )
    op.create_table(
        "work_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("programme_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("section", sa.String(length=8), nullable=False),
        sa.Column("bullet", sa.Integer(), nullable=False),
        sa.Column("part", sa.Integer(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("lead", sa.String(length=16), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("part_of", sa.Integer(), nullable=True),
        sa.Column("carried_from", sa.Integer(), nullable=True),
        sa.Column("origin", sa.String(length=8), nullable=False),
        sa.Column("carry_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["carried_from"],
            ["work_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["lead"],
            ["department.code"],
        ),
        sa.ForeignKeyConstraint(
            ["part_of"],
            ["work_item.id"],
        ),
        sa.ForeignKeyConstraint(
            ["period"],
            ["period.key"],
        ),
        sa.ForeignKeyConstraint(
            ["programme_id"],
            ["programme.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("carried_from", name="uq_work_item_carried_from"),
        sa.UniqueConstraint("programme_id", "position", name="uq_work_item_position"),
    )
    with op.batch_alter_table("work_item", schema=None) as batch_op:
        batch_op.create_index("ix_work_item_period_lead", ["period", "lead"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_work_item_programme_id"), ["programme_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_work_item_status"), ["status"], unique=False)

    op.create_table(
        "item_support",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("dept", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dept"],
            ["department.code"],
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["work_item.id"],
        ),
        sa.PrimaryKeyConstraint("item_id", "dept"),
    )
    with op.batch_alter_table("item_support", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_item_support_dept"), ["dept"], unique=False)

    op.create_table(
        "status_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("old_status", sa.String(length=16), nullable=True),
        sa.Column("new_status", sa.String(length=16), nullable=False),
        sa.Column("old_progress", sa.Integer(), nullable=True),
        sa.Column("new_progress", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("by", sa.String(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["work_item.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_status_update_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_status_update_item_id"), ["item_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("status_update", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_status_update_item_id"))
        batch_op.drop_index(batch_op.f("ix_status_update_at"))

    op.drop_table("status_update")
    with op.batch_alter_table("item_support", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_item_support_dept"))

    op.drop_table("item_support")
    with op.batch_alter_table("work_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_item_status"))
        batch_op.drop_index(batch_op.f("ix_work_item_programme_id"))
        batch_op.drop_index("ix_work_item_period_lead")

    op.drop_table("work_item")
    op.drop_table("programme")
    op.drop_table("period")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_state"))

    op.drop_table("outbox")
    op.drop_table("department")
