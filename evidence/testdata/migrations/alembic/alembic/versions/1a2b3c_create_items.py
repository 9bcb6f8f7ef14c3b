"""create items

Revision ID: 1a2b3c
"""
from alembic import op
import sqlalchemy as sa

revision = "1a2b3c"
down_revision = None


def upgrade() -> None:
    op.create_table("items", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    """Drop the table again."""
    op.drop_table("items")
