import os


class Config:
    DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///inventory.db")
    # A plain switch, not a feature-flag system.
    NEW_STOCK_VIEW = os.environ.get("NEW_STOCK_VIEW") == "1"
