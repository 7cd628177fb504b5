"""Score a newsdossier export against the SCO dev gold (documents 000–002).

    .venv/bin/python -m benchmarks.sco_gold               # builds the corpus in a temp dir, then scores
    .venv/bin/python -m benchmarks.sco_gold demo/sco.json # scores an existing export

Judged as ../shared/corpus/sco/README.md says: a line is kept when at least half of its non-blank
characters lie inside body spans; title/author/outlet/date per the gold (null gold: the dossier
must not invent one). Quotes (statements) and statement groups are scored by
`../shared/scorers/score_dossier.py`, run as it is: a prediction matches a gold quote when its
content, or the extent of its verbatim pieces, covers at least half of the gold span and is at most
four times as long; unmatched predictions count only statements (act `say`).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import SCO, shared_scorer


def load_gold() -> dict:
    return json.loads((SCO / "gold.dev.json").read_text(encoding="utf-8"))


def build_export(workdir: Path) -> dict:
    """Build the SCO corpus with the CLI, as a user would, and return the export."""
    db, out = workdir / "sco.duckdb", workdir / "sco.json"
    exe = Path(sys.executable).with_name("newsdossier")
    subprocess.run([str(exe), "build", str(SCO), "--db", str(db), "--quiet"], check=True)
    subprocess.run([str(exe), "export", "--db", str(db), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def load_or_build_export(paths: list[str]) -> dict:
    """The export at paths[0], or a fresh build of the SCO corpus when no path is given."""
    if paths:
        return json.loads(Path(paths[0]).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        return build_export(Path(tmp))


def _stem(source: str) -> str:
    return Path(source.split("#")[0]).stem


def kept_lines(text: str, spans) -> set[int]:
    """1-based numbers of lines with at least half of their non-blank characters inside spans."""
    inside = bytearray(len(text))
    for s, e in spans:
        inside[s:e] = b"\x01" * (e - s)
    kept, pos = set(), 0
    for no, line in enumerate(text.split("\n"), 1):
        idx = [pos + i for i, ch in enumerate(line) if not ch.isspace()]
        if idx and 2 * sum(inside[i] for i in idx) >= len(idx):
            kept.add(no)
        pos += len(line) + 1
    return kept


def _norm(value) -> str:
    return " ".join(str(value or "").casefold().split())


def score_lines(doc: dict, gold_doc: dict) -> dict:
    kept = kept_lines(doc["text"], doc["body"])
    missed = [n for n in gold_doc["body_lines"] if n not in kept]
    leaked = [n for n in gold_doc["junk_lines"] if n in kept]
    return {"body_total": len(gold_doc["body_lines"]), "body_missed": missed,
            "junk_total": len(gold_doc["junk_lines"]), "junk_leaked": leaked}


def _date_ok(doc: dict, gold_doc: dict) -> bool:
    window = gold_doc.get("published")
    published, rng = doc.get("published"), doc.get("published_range")
    if window is None:
        inferred = gold_doc.get("published_if_inferred")
        guess = published or (rng[0] if rng else None)
        return guess is None or bool(inferred and inferred[0] <= guess[:10] <= inferred[1])
    if published:
        return window[0] <= published[:10] <= window[1] and len(published) == 10
    return bool(rng) and window[0] <= rng[0][:10] <= window[1]


def score_metadata(doc: dict, gold_doc: dict) -> dict:
    return {
        "title": _norm(doc.get("title")) == _norm(gold_doc.get("title")),
        "author": _norm(doc.get("author")) == _norm(gold_doc.get("author")),
        "outlet": _norm(doc.get("outlet")) == _norm(gold_doc.get("outlet")),
        "date": _date_ok(doc, gold_doc),
    }


def score(export: dict, gold: dict) -> dict:
    docs = {_stem(d["source"]): d for d in export["documents"]}
    gold_docs = {g["doc"]: g for g in gold["documents"]}
    lines, metadata = {}, {}
    for name, g in gold_docs.items():
        d = docs.get(name)
        if d is None:
            lines[name] = {"missing": True}
            continue
        lines[name] = score_lines(d, g)
        metadata[name] = score_metadata(d, g)
    # quotes and statement groups: the shared scorer, as it is
    shared, printed = shared_scorer("score_dossier.py", export, str(SCO / "gold.dev.json"),
                                    "--docs", ",".join(sorted(gold_docs)))
    body_total = sum(v.get("body_total", 0) for v in lines.values())
    body_missed = sum(len(v.get("body_missed", [])) for v in lines.values())
    junk_total = sum(v.get("junk_total", 0) for v in lines.values())
    junk_leaked = sum(len(v.get("junk_leaked", [])) for v in lines.values())
    return {
        "body_kept": (body_total - body_missed) / body_total if body_total else 0.0,
        "junk_removed": (junk_total - junk_leaked) / junk_total if junk_total else 0.0,
        "lines": lines,
        "metadata": metadata,
        "metadata_all_right": all(all(m.values()) for m in metadata.values()) and len(metadata) == len(gold_docs),
        "quotes_gold": shared["quotes_found"][1],
        "quotes_found": shared["quotes_found"][0],
        "quotes_right_speaker": shared["quote_speaker_right"][0],
        "quotes_unmatched_say": shared["quotes_unmatched_predictions"],
        "groups_gold": shared["quote_groups_found"][1],
        "groups_found": shared["quote_groups_found"][0],
        "groups_mixing_speakers": shared["quote_groups_mixing_speakers"],
        "groups_wrongly_merged": shared["quote_groups_wrongly_merged"],
        "quote_misses": [line.strip() for line in printed.splitlines() if line.strip().startswith(("- quote", "- speaker"))],
    }


def main(argv: list[str]) -> int:
    gold = load_gold()
    export = load_or_build_export(argv)
    result = score(export, gold)
    print(f"command: .venv/bin/python -m benchmarks.sco_gold {' '.join(argv)}".rstrip())
    print(f"body lines kept      {result['body_kept']:.1%}")
    print(f"junk lines removed   {result['junk_removed']:.1%}")
    for name, v in result["lines"].items():
        if v.get("body_missed") or v.get("junk_leaked"):
            print(f"  {name[:3]}: body missed {v.get('body_missed')}, junk leaked {v.get('junk_leaked')}")
    for name, m in result["metadata"].items():
        print(f"metadata {name[:3]}      " + " ".join(f"{k}={'ok' if ok else 'WRONG'}" for k, ok in m.items()))
    q = result
    print("quotes and statement groups, by ../shared/scorers/score_dossier.py:")
    print(f"quotes found         {q['quotes_found']}/{q['quotes_gold']}")
    print(f"  right speaker      {q['quotes_right_speaker']}/{q['quotes_gold']}")
    print(f"  unmatched `say`    {q['quotes_unmatched_say']} (predictions in the gold documents matching no gold quote)")
    print(f"quote groups found   {q['groups_found']}/{q['groups_gold']} whole; {q['groups_mixing_speakers']} mixing"
          f" speakers, {q['groups_wrongly_merged']} merging different statements")
    for miss in q["quote_misses"]:
        print("  ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
