"""Cross-document entities on ECB+, scored with the shared coreference scorer as it is.

    .venv/bin/python -m benchmarks.ecbplus_entities [--split test|dev|train] [--keep DIR]

Writes each article of the split as `<id>.txt` into one folder, builds them as ONE dossier with
the CLI (`build` + `export`, as a user would), then runs
`../shared/scorers/score_coref.py EXPORT ecbplus.jsonl --gold-format ecbplus --what entities
--split SPLIT --named` and prints its table. Tune on train and dev; report test (the split of
`../shared/eval/ecbplus/README.md`). `--keep DIR` keeps the export (`DIR/export.json`) for
`--what events` or for reading errors.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import EVAL, SHARED

ECBPLUS = EVAL / "ecbplus" / "ecbplus.jsonl"
SCORER = SHARED / "scorers" / "score_coref.py"


def articles(split: str) -> list[dict]:
    with open(ECBPLUS, encoding="utf-8") as f:
        return [a for a in map(json.loads, f) if a["split"] == split]


def build_export(split: str, workdir: Path) -> Path:
    """The split's articles built as one dossier; returns the JSON export's path."""
    corpus = workdir / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for article in articles(split):
        (corpus / f"{article['id']}.txt").write_text(article["text"], encoding="utf-8")
    db, export = workdir / "ecbplus.duckdb", workdir / "export.json"
    db.unlink(missing_ok=True)
    cli = Path(sys.executable).with_name("newsdossier")
    subprocess.run([str(cli), "build", str(corpus), "--db", str(db)], check=True)
    subprocess.run([str(cli), "export", "--db", str(db), "--format", "json", "--out", str(export)], check=True)
    return export


def score(export: Path, split: str, what: str = "entities", named: bool = True) -> dict:
    """The scorer's table printed; its closing JSON line returned."""
    cmd = [sys.executable, str(SCORER), str(export), str(ECBPLUS), "--gold-format", "ecbplus",
           "--what", what, "--split", split] + (["--named"] if named else [])
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    print(" ".join(cmd[1:]).replace(str(SHARED), "../shared"))
    print(out)
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="test", choices=("train", "dev", "test"))
    parser.add_argument("--keep", type=Path, help="keep the build and export in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        export = build_export(args.split, workdir)
        result = score(export, args.split)
    covered, base = result["covered"], result["baselines"]
    print(f"ECB+ {args.split}, named: coverage {result['coverage']:.3f}; CoNLL F1 covered "
          f"{covered['conll']:.3f} (last word {base['last_word']['conll']:.3f}, exact string "
          f"{base['exact_string']['conll']:.3f}); end-to-end {result['end_to_end']['conll']:.3f}; "
          f"wrong-person merges {result['wrong_person_merges']}")


if __name__ == "__main__":
    main()
