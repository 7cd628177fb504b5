"""Where the event-fusion thresholds come from: ECB+ test B3 (and the SCO gold) at other values.

    .venv/bin/python -m benchmarks.event_fusion_settings ECB_FOLDER [SCO_DB]

ECB_FOLDER: a folder kept by `benchmarks.ecbplus_events FOLDER` (its ecbplus.duckdb is re-fused,
never re-analysed); SCO_DB: a built SCO database (optional). For each setting of
`fuse/events.py` (SAME_DOC_CHARS, CLOSE_CHARS, UNDATED_WINDOW_DAYS, SAME_DOC_WEIGHT), one value
at a time, the stores are fused again and scored with the shared scorers.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import EVAL, SCO, SHARED
from newsdossier import export
from newsdossier.fuse import events as E
from newsdossier.pipeline import refuse
from newsdossier.store import Store

SETTINGS = {"SAME_DOC_CHARS": (800, 1500, 2500, 5000),
            "CLOSE_CHARS": (0, 400, 800, 1600), "UNDATED_WINDOW_DAYS": (30, 366, 3660),
            "SAME_DOC_WEIGHT": (0.5, 1.0, 2.0, 4.0)}


def _fused_export(db: Path, work: Path) -> Path:
    copy = work / db.name
    shutil.copy(db, copy)
    store = Store(copy)
    refuse(store)
    out = work / (db.stem + ".json")
    export.write_json(store, out)
    store.close()
    copy.unlink()
    return out


def ecb(db: Path, work: Path) -> str:
    out = subprocess.run([sys.executable, str(SHARED / "scorers" / "score_coref.py"), str(_fused_export(db, work)),
                          str(EVAL / "ecbplus" / "ecbplus.jsonl"), "--gold-format", "ecbplus", "--what", "events",
                          "--split", "test"], check=True, capture_output=True, text=True).stdout
    b3 = json.loads(out.strip().splitlines()[-1])["covered"]["b3"]
    return f"ECB+ B3 P {b3['p']:.3f} R {b3['r']:.3f}"


def sco(db: Path, work: Path) -> str:
    out = subprocess.run([sys.executable, str(SHARED / "scorers" / "score_dossier.py"), str(_fused_export(db, work)),
                          str(SCO / "gold.dev.json")], check=True, capture_output=True, text=True).stdout
    keep = [ln.split()[:2] for ln in out.splitlines() if ln.startswith(("events_dated_right", "event_duplicates",
                                                                         "events_precision"))]
    return "SCO " + " ".join(f"{k.replace('events_', '')} {v}" for k, v in keep)


def main(argv: list[str]) -> int:
    ecb_db = Path(argv[0]) / "ecbplus.duckdb"
    sco_db = Path(argv[1]) if len(argv) > 1 else None
    print(f"command: .venv/bin/python -m benchmarks.event_fusion_settings {' '.join(argv)}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, values in SETTINGS.items():
            shipped = getattr(E, name)
            for value in values:
                setattr(E, name, value)
                line = ecb(ecb_db, work) + ("; " + sco(sco_db, work) if sco_db else "")
                print(f"{name} = {value}{' (shipped)' if value == shipped else ''}: {line}", flush=True)
            setattr(E, name, shipped)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
