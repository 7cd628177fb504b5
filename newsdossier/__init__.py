"""newsdossier: read coverage of one story from many outlets and build a sourced dossier."""
import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
