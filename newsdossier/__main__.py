"""`python -m newsdossier` is the `newsdossier` command."""
from .cli import app

app(prog_name="newsdossier")
