"""newsdossier: read coverage of one story from many outlets and build a sourced dossier.

    import newsdossier
    newsdossier.fetch(["https://…"], out="story.warc.gz")              # polite, resumable
    newsdossier.build(["story.warc.gz", "more/"], db="story.duckdb")   # what `newsdossier build` does
    d = newsdossier.open("story.duckdb")                               # read-only
    d.quotes(speaker="…", outlet="…", since="2024-01-01")              # a pyarrow table

Importing the package loads no model (they load when a build first needs them).
"""
import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def build(paths, db, workers: int = 1, **options):
    """Build `paths` (files, folders, web archives) into the database `db`; see `api.build`."""
    from .api import build as run

    return run(paths, db, workers=workers, **options)


def fetch(urls=(), out="story.warc.gz", **options):
    """Archive pages, feeds' items and sitemaps' pages into a WARC; see `api.fetch`."""
    from .api import fetch as run

    return run(urls, out, **options)


def open(db):  # noqa: A001 - `newsdossier.open(db)`, as the file it opens
    """The dossier in database `db`, opened read-only: an `api.Dossier`."""
    from .api import Dossier

    return Dossier(db)
