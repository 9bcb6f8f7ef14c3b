from alembic import op

revision = "4d5e6f"
down_revision = "1a2b3c"


def upgrade():
    op.execute("UPDATE items SET id = id")


def downgrade():
    pass
