"""Score a newsdossier/1 export against the SCO dev gold (documents 000–002).

    .venv/bin/python -m benchmarks.sco_gold               # builds the corpus in a temp dir, then scores
    .venv/bin/python -m benchmarks.sco_gold demo/sco.json # scores an existing export

Judged as ../shared/corpus/sco/README.md says: a line is kept when at least half of its non-blank
characters lie inside body spans; title/author/outlet/date per the gold (null gold: the dossier
must not invent one); a predicted quote matches a gold quote when it covers at least half of the
gold span and is at most four times as long, each prediction matching at most one gold quote.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import REPO, SCO


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


def match_quotes(predicted: list[dict], gold: list[dict]) -> list[tuple[int, dict | None]]:
    """For each gold quote (by index), the predicted quote matched to it, or None."""
    used = set()
    result = []
    for gi, g in enumerate(gold):
        best, best_overlap = None, 0
        glen = g["end"] - g["start"]
        for pi, p in enumerate(predicted):
            if pi in used or p["_doc_stem"] != g["doc"]:
                continue
            s, e = p["content"]
            overlap = max(0, min(e, g["end"]) - max(s, g["start"]))
            if overlap * 2 >= glen and (e - s) <= 4 * glen and overlap > best_overlap:
                best, best_overlap = pi, overlap
        if best is not None:
            used.add(best)
        result.append((gi, predicted[best] if best is not None else None))
    return result


def speaker_ok(pred: dict, g: dict) -> bool:
    names = {_norm(g["speaker"])} | {_norm(a) for a in g.get("aliases", [])}
    return _norm(pred["speaker"]["name"]) in names


def score_groups(export: dict, gold: dict, matches) -> dict:
    """Gold quote groups found whole, and predicted groups that mix gold groups or speakers."""
    group_of = {i: p["group"] if p else None for i, p in matches}
    found = 0
    for g in gold["quote_groups"]:
        ids = {group_of[m] for m in g["members"]}
        found += len(ids) == 1 and None not in ids
    gold_group_of = {m: gi for gi, g in enumerate(gold["quote_groups"]) for m in g["members"]}
    members_by_group: dict[str, list[int]] = {}
    for i, gid in group_of.items():
        if gid:
            members_by_group.setdefault(gid, []).append(i)
    speakers = {q["id"]: q["speaker"]["name"] for q in export["quotes"]}
    quotes_by_group: dict[str, set] = {}
    for q in export["quotes"]:
        if q["group"]:
            quotes_by_group.setdefault(q["group"], set()).add(speakers[q["id"]])
    mixed = []
    for gid, members in members_by_group.items():
        gold_groups = {gold_group_of.get(m, ("alone", m)) for m in members}
        gold_speakers = {gold["quotes"][m]["speaker"] for m in members}
        if len(gold_groups) > 1 or len(gold_speakers) > 1 or len(quotes_by_group.get(gid, ())) > 1:
            mixed.append(gid)
    return {"groups_gold": len(gold["quote_groups"]), "groups_found": found,
            "groups_predicted": len(export["quote_groups"]), "groups_mixed": mixed}


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
    id_to_stem = {d["id"]: _stem(d["source"]) for d in export["documents"]}
    predicted = [dict(q, _doc_stem=id_to_stem.get(q["doc"])) for q in export["quotes"]]
    predicted = [q for q in predicted if q["_doc_stem"] in gold_docs]
    matches = match_quotes(predicted, gold["quotes"])
    found = sum(1 for _, p in matches if p)
    right = sum(1 for gi, p in matches if p and speaker_ok(p, gold["quotes"][gi]))
    kind_right = sum(1 for gi, p in matches if p and p["kind"] == gold["quotes"][gi]["kind"])
    matched_ids = {p["id"] for _, p in matches if p}
    groups = score_groups(export, gold, matches)
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
        **groups,
        "quotes_gold": len(gold["quotes"]),
        "quotes_found": found,
        "quotes_right_speaker": right,
        "quotes_right_kind": kind_right,
        "quotes_predicted": len(predicted),
        "quotes_unmatched": [
            (q["_doc_stem"][:3], q["kind"], q["speaker"]["name"], q["content"]) for q in predicted if q["id"] not in matched_ids
        ],
        "quote_misses": [
            (g["doc"][:3], g["kind"], g["speaker"], g["text"][:70],
             None if p is None else p["speaker"]["name"])
            for (gi, p), g in zip(matches, gold["quotes"]) if p is None or not speaker_ok(p, g)
        ],
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
    print(f"quotes found         {q['quotes_found']}/{q['quotes_gold']}")
    print(f"  right speaker      {q['quotes_right_speaker']}/{q['quotes_gold']} ({q['quotes_right_speaker'] / q['quotes_gold']:.0%})")
    print(f"  right kind         {q['quotes_right_kind']}/{q['quotes_gold']}")
    print(f"  predicted          {q['quotes_predicted']} ({len(q['quotes_unmatched'])} match no gold quote)")
    print(f"quote groups found   {q['groups_found']}/{q['groups_gold']} whole; {q['groups_predicted']} predicted,"
          f" {len(q['groups_mixed'])} mixing gold groups or speakers")
    for miss in q["quote_misses"]:
        print("  miss:", miss)
    for extra in q["quotes_unmatched"]:
        print("  extra:", extra)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
