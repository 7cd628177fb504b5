"""GATE (issue 13): cross-document event coreference of the dossier on the ECB+ test topics.

    .venv/bin/python -m benchmarks.ecbplus_events [FOLDER] [--workers N]

The 210 test articles of `../shared/eval/ecbplus/ecbplus.jsonl` (topics 36-45) are written as one
folder of `<id>.txt` files, built as ONE dossier with the CLI and exported; the shared scorer
`../shared/scorers/score_coref.py EXPORT ecbplus.jsonl --gold-format ecbplus --what events --split
test` judges the export (B3 on the gold event mentions the dossier's evidence covers; coverage; the
head-word baseline on the same mentions). FOLDER keeps the build (reused when present).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import EVAL, SHARED

GOLD = EVAL / "ecbplus" / "ecbplus.jsonl"
SCORER = SHARED / "scorers" / "score_coref.py"


def build(work: Path, workers: int) -> Path:
    export = work / "ecbplus.json"
    if export.exists():
        return export
    src = work / "articles"
    src.mkdir(exist_ok=True)
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        article = json.loads(line)
        if article["split"] == "test":
            (src / f"{article['id']}.txt").write_text(article["text"], encoding="utf-8")
    exe = Path(sys.executable).with_name("newsdossier")
    db = work / "ecbplus.duckdb"
    subprocess.run([str(exe), "build", str(src), "--db", str(db), "--quiet", "--workers", str(workers)], check=True)
    subprocess.run([str(exe), "export", "--db", str(db), "--out", str(export)], check=True, stdout=subprocess.DEVNULL)
    return export


def score(export: Path) -> dict:
    """The scorer's table (printed) and its closing JSON line."""
    out = subprocess.run([sys.executable, str(SCORER), str(export), str(GOLD), "--gold-format", "ecbplus",
                          "--what", "events", "--split", "test"], check=True, capture_output=True, text=True).stdout
    print(out.rstrip())
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str]) -> int:
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 1
    folders = [a for a in argv if not a.startswith("--") and not a.isdigit()]
    print(f"command: .venv/bin/python -m benchmarks.ecbplus_events {' '.join(argv)}".rstrip())
    if folders:
        work = Path(folders[0])
        work.mkdir(parents=True, exist_ok=True)
        r = score(build(work, workers))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            r = score(build(Path(tmp), workers))
    b3, base = r["covered"]["b3"], r["baselines"]["last_word"]["b3"]
    print(f"summary: coverage {r['coverage']:.1%}; covered B3 P {b3['p']:.3f} R {b3['r']:.3f} F1 {b3['f1']:.3f}"
          f" (gate P >= 0.90); head-word baseline B3 P {base['p']:.3f} R {base['r']:.3f} F1 {base['f1']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
