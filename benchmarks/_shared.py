"""Where the shared evaluation data lives: ../shared beside the repository, or $NEWSDOSSIER_SHARED."""
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDOSSIER_SHARED", REPO.parent / "shared")).resolve()
EVAL = SHARED / "eval"
SCO = SHARED / "corpus" / "sco"
