import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsdossier.cli import app

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCO = SHARED / "corpus" / "sco"


def run_cli(*args: str):
    """Run the CLI in-process (models stay loaded between calls); returns the click Result."""
    return CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)


def export_without_timestamp(db: Path, out: Path) -> dict:
    """`newsdossier export` of DB as a dict, without `generated_at`, so two builds can be compared."""
    result = run_cli("export", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    data.pop("generated_at")
    return data


@pytest.fixture(scope="session")
def sco_export(tmp_path_factory) -> dict:
    """The SCO corpus built and exported once per test session, as a user would."""
    assert SCO.is_dir(), f"the shared corpus is missing: {SCO}"
    work = tmp_path_factory.mktemp("sco")
    result = run_cli("build", SCO, "--db", work / "sco.duckdb", "--quiet")
    assert result.exit_code == 0, result.output
    result = run_cli("export", "--db", work / "sco.duckdb", "--out", work / "sco.json")
    assert result.exit_code == 0, result.output
    data = json.loads((work / "sco.json").read_text(encoding="utf-8"))
    data["_db"] = str(work / "sco.duckdb")
    return data
