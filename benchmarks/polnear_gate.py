"""PolNeAR attributions through `build` + `export`, scored by `../shared/scorers/score_polnear.py`
as it is, beside textacy 0.13's `direct_quotations` on the same texts with the same scorer.

    .venv/bin/python -m benchmarks.polnear_gate                       # dev (the gate), textacy beside
    .venv/bin/python -m benchmarks.polnear_gate --split train --limit 150   # the train slice held out of training
    .venv/bin/python -m benchmarks.polnear_gate --sweep 0.2,0.3,0.4   # thresholds of the learned step, on dev

The scorer takes the first annotator's file of each text. A prediction matches a gold attribution
when their content spans overlap by at least half of the gold content's length (one-to-one,
greedy); the speaker is right when the speaker span overlaps the gold Source or the name shares
its last word with it. Two sets: direct (a quotation mark within two characters of the content)
and all. Every act counts (say, think, find); the figures by act score the export's statements of
one act alone (their precision: how many match a gold attribution).

`--sweep` parses once and runs the quote extractor in process at each threshold of the learned
attributions (the model's own threshold is what `build` uses; `newsdossier/train_quotes.py`
records the one chosen), scoring the SCO documents' unmatched statements beside.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks._shared import EVAL, SCO, shared_scorer

POLNEAR = EVAL / "polnear"


def cleaned_documents(argv: list[str]) -> tuple[str, list]:
    """The cleaned documents of a PolNeAR split (`--split`, default dev; `--limit N` texts), as a
    build cleans them, with the split's name: the cost benchmarks time what comes after."""
    from newsdossier import pipeline
    from newsdossier.records import DocumentAnalysis, RawDocument

    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    split = argv[argv.index("--split") + 1] if "--split" in argv else "dev"
    docs = []
    for path in sorted((POLNEAR / split / "text").glob("*.txt"))[:limit]:
        a = pipeline._clean(RawDocument(source=path.name, data=path.read_bytes(), kind="text"))
        if isinstance(a, DocumentAnalysis) and a.error is None:
            docs.append(a.document)
    return split, docs


def part_dir(split: str, limit: int | None, workdir: Path) -> Path:
    """The split's folder, or a folder of its first `limit` texts and their annotations (links)."""
    part = POLNEAR / split
    if limit is None:
        return part
    slice_dir = workdir / f"{split}-{limit}"
    (slice_dir / "text").mkdir(parents=True)
    (slice_dir / "attributions").mkdir()
    for path in sorted((part / "text").glob("*.txt"))[:limit]:
        (slice_dir / "text" / path.name).symlink_to(path)
        for ann in (part / "attributions").glob(f"{path.stem}_*.ann"):
            (slice_dir / "attributions" / ann.name).symlink_to(ann)
    return slice_dir


def build_export(texts: Path, workdir: Path) -> dict:
    """`newsdossier build` over the folder of texts, then `export`, as a user would."""
    exe = Path(sys.executable).with_name("newsdossier")
    db, out = workdir / "p.duckdb", workdir / "p.json"
    subprocess.run([str(exe), "build", str(texts), "--db", str(db), "--quiet"], check=True)
    subprocess.run([str(exe), "export", "--db", str(db), "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(out.read_text(encoding="utf-8"))


def score(export: dict, part: Path) -> dict:
    return shared_scorer("score_polnear.py", export, str(part))[0]


def by_act(export: dict, part: Path) -> dict:
    """Per act: how many statements, and the shared scorer's precision and speaker accuracy on them alone."""
    out = {}
    for act in ("say", "think", "find"):
        quotes = [q for q in export["quotes"] if q.get("act", "say") == act]
        if quotes:
            out[act] = {"predicted": len(quotes), **score(dict(export, quotes=quotes), part)["all"]}
    return out


def textacy_export(part: Path) -> dict:
    """textacy 0.13 `direct_quotations` over each text, as an export the scorer reads; a document
    it gives up on (an odd number of quotation marks) counts as no predictions."""
    from textacy.extract.triples import direct_quotations

    from newsdossier.nlp import load_nlp

    nlp = load_nlp()
    documents, quotes = [], []
    for path in sorted((part / "text").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        documents.append({"id": path.stem, "source": path.name})
        try:
            triples = list(direct_quotations(nlp(text)))
        except Exception:
            triples = []
        for triple in triples:
            content, speaker = triple.content, triple.speaker
            s, e = content[0].idx, content[-1].idx + len(content[-1].text)
            inner = text[s:e]  # the content without its quotation marks, as the spec says
            s, e = s + len(inner) - len(inner.lstrip("\"“”'‘’ ")), e - (len(inner) - len(inner.rstrip("\"“”'‘’ ")))
            quotes.append({"doc": path.stem, "content": [s, e], "kind": "direct", "act": "say", "speaker": {
                "name": " ".join(t.text for t in speaker) if speaker else None,
                "span": [speaker[0].idx, speaker[-1].idx + len(speaker[-1].text)] if speaker else None}})
    return {"documents": documents, "quotes": quotes}


def in_process_exports(part: Path, thresholds: list[float]) -> dict[float, dict]:
    """Exports of the per-document quotes (speakers named as their document names them) at each
    threshold of the learned step; the texts are cleaned and parsed once."""
    from newsdossier.clean import clean_document
    from newsdossier.extract import _quote_model
    from newsdossier.extract import quotes as quotes_module
    from newsdossier.extract.entities import find_mentions
    from newsdossier.extract.quotes import find_quotes
    from newsdossier.nlp import parse_many
    from newsdossier.records import RawDocument

    paths = sorted((part / "text").glob("*.txt")) if part.is_dir() and (part / "text").is_dir() else sorted(part.glob("*.txt"))
    docs = [clean_document(RawDocument(source=p.name, data=p.read_bytes(), kind="text")) for p in paths]
    parsed = [(d, sdoc, find_mentions(d.id, sdoc)) for d, sdoc in zip(docs, parse_many([(d.text, d.body) for d in docs]))]
    vocab, w, b, _ = _quote_model.load_model()
    exports = {}
    original = quotes_module.load_model
    try:
        for t in thresholds:
            quotes_module.load_model = lambda t=t: (vocab, w, b, t)
            quotes = []
            for d, sdoc, mentions in parsed:
                for q in find_quotes(d.id, d.text, sdoc, mentions, d.body):
                    quotes.append({"doc": d.id, "content": list(q.content), "pieces": [list(p) for p in q.pieces],
                                   "kind": q.kind, "act": q.act,
                                   "speaker": {"name": q.speaker_name, "span": list(q.speaker_span) if q.speaker_span else None}})
            exports[t] = {"documents": [{"id": d.id, "source": d.source, "text": d.text, "body": d.body} for d, _, _ in parsed],
                          "quotes": quotes}
    finally:
        quotes_module.load_model = original
    return exports


def sweep(thresholds: list[float]) -> None:
    dev = in_process_exports(POLNEAR / "dev", thresholds)
    sco = in_process_exports(SCO, thresholds)
    print(f"{'threshold':>9} {'direct F1':>9} {'speaker':>8} {'all F1':>7} {'speaker':>8} {'SCO unmatched say':>18}")
    for t in thresholds:
        r = score(dev[t], POLNEAR / "dev")
        s, _ = shared_scorer("score_dossier.py", sco[t], str(SCO / "gold.dev.json"), "--docs", "000,001,002")
        print(f"{t:9.2f} {r['direct']['f1']:9.3f} {r['direct']['speaker_accuracy']:8.3f} {r['all']['f1']:7.3f}"
              f" {r['all']['speaker_accuracy']:8.3f} {s['quotes_unmatched_predictions']:18d}")


def main(argv: list[str]) -> int:
    print(f"command: .venv/bin/python -m benchmarks.polnear_gate {' '.join(argv)}".rstrip())
    if "--sweep" in argv:
        sweep([float(x) for x in argv[argv.index("--sweep") + 1].split(",")])
        return 0
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else None
    split = argv[argv.index("--split") + 1] if "--split" in argv else "dev"
    with tempfile.TemporaryDirectory() as tmp:
        part = part_dir(split, limit, Path(tmp))
        export = build_export(part / "text", Path(tmp))
        results = {"newsdossier": score(export, part), "textacy 0.13 direct_quotations": score(textacy_export(part), part)}
        acts = by_act(export, part)
    n = len(list((part / "text").glob("*.txt"))) if limit is None else limit
    print(f"PolNeAR {split}{f' (first {limit} texts)' if limit else ''}, {n} texts, first annotator,"
          " ../shared/scorers/score_polnear.py")
    print(f"{'system':32} {'set':7} {'P':>6} {'R':>6} {'F1':>6} {'speaker':>8} {'gold':>5} {'pred':>5}")
    for system, res in results.items():
        for subset in ("direct", "all"):
            r = res[subset]
            print(f"{system:32} {subset:7} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}"
                  f" {r['speaker_accuracy']:8.3f} {r['gold']:5d} {r['predicted']:5d}")
    print("newsdossier by act (each act's statements scored alone: precision = share matching a gold attribution)")
    for act, r in acts.items():
        print(f"  {act:6} {r['predicted']:5d} statements, precision {r['precision']:.3f}, speaker {r['speaker_accuracy']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
