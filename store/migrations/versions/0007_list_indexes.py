"""list indexes: the overdue lists by period and due date, what was finished in a week,
carried-over items, and an item's first change since a moment

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# Indexes only (no table is rebuilt on SQLite); the same are declared on the models.
INDEXES = (
    ("ix_work_item_period_due", "work_item", ["period", "due"]),
    ("ix_work_item_done_on", "work_item", ["done_on"]),
    ("ix_work_item_origin", "work_item", ["origin"]),
    ("ix_status_update_item_at", "status_update", ["item_id", "at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
