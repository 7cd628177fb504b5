"""GATE (issue 13): event types on the held-out synthetic PLOVER stories, through build + export.

    .venv/bin/python -m benchmarks.plover_build [FOLDER] [--workers N] [--limit N]

The held-out fifth of `../shared/eval/plover-synthetic` (every story of a fifth of the headlines,
`newsdossier.train_events.held_out`: the shipped model never saw them) is written as one JSONL input,
one story a line (`text`, `title` with the data set's placeholders as plain words, `url`), built
with the CLI and exported. A story's first event is the event whose evidence starts earliest in it;
it is right when its type is the story's label. Baseline in the same run: TF-IDF over word 1-2-grams
and logistic regression (scikit-learn) on headline + first sentence, trained on the other four
fifths. FOLDER keeps the build (reused when present).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from newsdossier import train_events as T


def stories() -> tuple[list[dict], list[dict]]:
    train, test = [], []
    for s in T.load_stories():
        if s["label"] in T.TYPES and T.first_sentence(s["text"]):
            (test if T.held_out(s["title"]) else train).append(s)
    return train, test


def baseline(train: list[dict], test: list[dict]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    def text(s):
        return T.clean_title(s["title"]) + ". " + T.first_sentence(s["text"])

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    x = vectorizer.fit_transform([text(s) for s in train])
    model = LogisticRegression(max_iter=2000, C=10.0).fit(x, [s["label"] for s in train])
    pred = model.predict(vectorizer.transform([text(s) for s in test]))
    return sum(p == s["label"] for p, s in zip(pred, test)) / len(test)


def build(test: list[dict], work: Path, workers: int) -> dict:
    export = work / "plover.json"
    if export.exists():
        return json.loads(export.read_text(encoding="utf-8"))
    src = work / "plover.jsonl"
    with src.open("w", encoding="utf-8") as out:
        for n, s in enumerate(test):
            out.write(json.dumps({"text": s["text"], "title": T.clean_title(s["title"]),
                                  "url": f"https://plover.example/{n:04d}"}) + "\n")
    exe = Path(sys.executable).with_name("newsdossier")
    db = work / "plover.duckdb"
    subprocess.run([str(exe), "build", str(src), "--db", str(db), "--quiet", "--workers", str(workers)], check=True)
    subprocess.run([str(exe), "export", "--db", str(db), "--out", str(export)], check=True, stdout=subprocess.DEVNULL)
    return json.loads(export.read_text(encoding="utf-8"))


def first_event_types(export: dict) -> dict[str, str]:
    """url → type of the event whose evidence starts earliest in that document."""
    url_of = {d["id"]: d.get("url") or d["source"] for d in export["documents"]}
    first: dict[str, tuple] = {}
    for e in export["events"]:
        for ev in e["evidence"]:
            key = (ev["start"], ev["end"], e["type"])
            if ev["doc"] not in first or key < first[ev["doc"]]:
                first[ev["doc"]] = key
    return {url_of[d]: key[2] for d, key in first.items()}


def score(export: dict, test: list[dict]) -> dict:
    types = first_event_types(export)
    got = [types.get(f"https://plover.example/{n:04d}") for n in range(len(test))]
    with_event = sum(t is not None for t in got)
    right = sum(t == s["label"] for t, s in zip(got, test))
    return {"stories": len(test), "with_event": with_event, "first_type_right": right,
            "with_event_share": with_event / len(test), "first_type_accuracy": right / len(test)}


def main(argv: list[str]) -> int:
    workers = int(argv[argv.index("--workers") + 1]) if "--workers" in argv else 2
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 0
    folders = [a for a in argv if not a.startswith("--") and not a.isdigit()]
    train, test = stories()
    test = test[:limit or None]
    base = baseline(train, test)
    if folders:
        work = Path(folders[0])
        work.mkdir(parents=True, exist_ok=True)
        r = score(build(test, work, workers), test)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            r = score(build(test, Path(tmp), workers), test)
    r["baseline_tfidf_lr"] = base
    r["margin"] = r["first_type_accuracy"] - base
    print(f"command: .venv/bin/python -m benchmarks.plover_build {' '.join(argv)}".rstrip())
    print(f"held-out stories: {r['stories']} (training stories for the baseline: {len(train)})")
    print(f"stories with at least one event: {r['with_event']} ({r['with_event_share']:.1%}; gate >= 95%)")
    print(f"first event of the right type:   {r['first_type_right']} ({r['first_type_accuracy']:.1%}; gate >= 65%)")
    print(f"TF-IDF 1-2-grams + logistic regression, headline + first sentence: {base:.1%}"
          f" (margin {r['margin']:+.1%}; gate >= +10 points)")
    print(json.dumps(r))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
