"""DEVELOPMENT AID, not the gate: issue 3's scorer (benchmarks.polnear_gate) on the in-process
code path, with the parses cached so that a change to quote extraction re-scores in seconds,
and the errors listed by category.

    .venv/bin/python -m benchmarks.polnear_errors [--split train] [--limit N] [--show CATEGORY] [--n 20]

The cache (cleaned body, spaCy Doc, entity mentions per text) lives in the system's temporary
folder, keyed by split and limit; nothing is written into the repository. Categories:
false positives (our quote matches no gold) split by our kind and by whether they overlap a
gold span at all (a boundary error) or not; misses split by the gold form (direct / mixed /
indirect, split around its cue or not) and by whether some prediction overlaps them.
"""
from __future__ import annotations

import pickle
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.polnear_gate import is_direct, load_gold, match, merge_split, score, speaker_right

_MARKS = re.compile(r"[\"“”«»]|''|``")


def _cache_path(split: str, limit) -> Path:
    return Path(tempfile.gettempdir()) / f"newsdossier-polnear-{split}-{limit or 'all'}.pkl"


def parsed(split: str, limit) -> dict:
    """{name: (document id, text, body, Doc, mentions)} for the texts of the slice."""
    path = _cache_path(split, limit)
    from newsdossier.nlp import load_nlp

    nlp = load_nlp()
    if path.exists():
        from spacy.tokens import Doc

        raw = pickle.loads(path.read_bytes())
        return {n: (i, t, b, Doc(nlp.vocab).from_bytes(d), m) for n, (i, t, b, d, m) in raw.items()}
    from newsdossier.clean import clean_document
    from newsdossier.extract.entities import find_mentions
    from newsdossier.nlp import parse_many
    from newsdossier.records import RawDocument

    gold = load_gold(limit, split)
    docs = [clean_document(RawDocument(source=n, data=g["text"].encode("utf-8"), kind="text")) for n, g in gold.items()]
    out = {}
    for d, sdoc in zip(docs, parse_many([(d.text, d.body) for d in docs])):
        out[d.source] = (d.id, d.text, d.body, sdoc, find_mentions(d.id, sdoc))
    path.write_bytes(pickle.dumps({n: (i, t, b, s.to_bytes(), m) for n, (i, t, b, s, m) in out.items()}))
    return out


def predictions(cache: dict) -> dict[str, list[dict]]:
    from newsdossier.extract.quotes import find_quotes

    preds = {}
    for name, (doc_id, text, body, sdoc, mentions) in cache.items():
        preds[name] = [
            {"content": tuple(q.content), "speaker_span": q.speaker_span, "speaker_name": q.speaker_name, "kind": q.kind}
            for q in find_quotes(doc_id, text, sdoc, mentions, body)
        ]
    return preds


def gold_form(text: str, g: dict) -> str:
    s, e = g["content"]
    chunk = text[s:e]
    inner = _MARKS.findall(text[max(0, s - 2) : e + 2])
    if not inner:
        return "indirect"
    around = bool(_MARKS.search(text[max(0, s - 2) : s + 1])) and bool(_MARKS.search(text[max(0, e - 1) : e + 2]))
    split = len(_MARKS.findall(chunk)) >= 2 and around
    return "direct-split" if split else ("direct" if around else "mixed")


def main(argv: list[str]) -> int:
    split = argv[argv.index("--split") + 1] if "--split" in argv else "train"
    limit = int(argv[argv.index("--limit") + 1]) if "--limit" in argv else 150
    show = argv[argv.index("--show") + 1] if "--show" in argv else None
    n_show = int(argv[argv.index("--n") + 1]) if "--n" in argv else 15
    gold = load_gold(limit, split)
    cache = parsed(split, limit)
    preds = predictions(cache)
    res = score(gold, preds)
    merged = score(gold, {n: merge_split(gold[n]["text"], ps) for n, ps in preds.items()})
    for label, rs in (("", res), (" split pieces merged (diagnostic)", merged)):
        for subset, r in rs.items():
            print(f"{split} {limit} {subset:7} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f} "
                  f"speaker {r['speaker']:.3f}  gold {r['gold']} pred {r['predicted']}{label}")
    cats: Counter = Counter()
    examples: dict[str, list[str]] = {}
    for subset in ("direct", "all"):
        for name, g in gold.items():
            text = g["text"]
            golds = [a for a in g["attributions"] if subset == "all" or is_direct(text, a["content"])]
            ps = [p for p in preds.get(name, []) if subset == "all" or is_direct(text, p["content"])]
            pairs = match(ps, golds)
            mg = {id(a) for a, _ in pairs}
            mp = {id(p) for _, p in pairs}
            for a, p in pairs:
                if a["source"] and not speaker_right(a, p):
                    key = f"{subset} speaker-wrong"
                    cats[key] += 1
                    examples.setdefault(key, []).append(
                        f"{name} gold {a['source_text']!r} pred {p['speaker_name']!r}: {text[a['content'][0]:a['content'][1]][:100]!r}")
            for p in ps:
                if id(p) in mp:
                    continue
                ov = [a for a in golds if min(a["content"][1], p["content"][1]) > max(a["content"][0], p["content"][0])]
                key = f"{subset} FP {p['kind']} {'overlap' if ov else 'none'}"
                cats[key] += 1
                ex = f"{name} {text[p['content'][0]:p['content'][1]][:160]!r} spk={p['speaker_name']!r}"
                if ov:
                    a = ov[0]
                    ex += f"\n      gold {text[a['content'][0]:a['content'][1]][:160]!r}"
                examples.setdefault(key, []).append(ex)
            for a in golds:
                if id(a) in mg:
                    continue
                ov = [p for p in ps if min(a["content"][1], p["content"][1]) > max(a["content"][0], p["content"][0])]
                key = f"{subset} MISS {gold_form(text, a)} {'overlap' if ov else 'none'}"
                cats[key] += 1
                s, e = a["content"]
                ctx = text[max(0, s - 60):s] + "[[" + text[s:e][:200] + "]]" + text[e:e + 40]
                ex = f"{name} src={a['source_text']!r} {ctx!r}"
                for p in ov[:1]:
                    ex += f"\n      pred {text[p['content'][0]:p['content'][1]][:160]!r}"
                examples.setdefault(key, []).append(ex)
    for key, n in sorted(cats.items()):
        print(f"  {key:40} {n}")
    if show:
        for key, exs in examples.items():
            if show in key:
                print(f"== {key}")
                for ex in exs[:n_show]:
                    print("   ", ex)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
