"""The store: SQLite by default, any SQLAlchemy URL (PostgreSQL) with the same code."""

from .db import Store, open_store
from .schema import MIGRATIONS

__all__ = ["MIGRATIONS", "Store", "open_store"]
