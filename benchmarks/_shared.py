"""Where the shared evaluation data lives: ../shared beside the repository, or $NEWSDOSSIER_SHARED."""
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSDOSSIER_SHARED", REPO.parent / "shared")).resolve()
EVAL = SHARED / "eval"
SCO = SHARED / "corpus" / "sco"
SCORERS = SHARED / "scorers"


def shared_scorer(name: str, export: dict, *args: str) -> tuple[dict, str]:
    """Run `../shared/scorers/NAME` as it is on an export (written to a temporary file): (the
    figures it writes with --json, or its printed JSON for score_polnear.py; everything it printed)."""
    import json
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.json"
        path.write_text(json.dumps(export, ensure_ascii=False), encoding="utf-8")
        extra = ["--json", str(Path(tmp) / "figures.json")] if name == "score_dossier.py" else []
        run = subprocess.run([sys.executable, str(SCORERS / name), str(path), *args, *extra],
                             capture_output=True, text=True, check=True)
        if extra:
            figures = json.loads((Path(tmp) / "figures.json").read_text(encoding="utf-8"))
        else:  # score_polnear.py prints its figures as JSON, then a summary line
            figures = json.loads(run.stdout[: run.stdout.rindex("summary:")])
    return figures, run.stdout
