"""`newsdossier serve`: the dossier as a local web app over its DuckDB file (read-only)."""
from .app import create_app

__all__ = ["create_app"]
