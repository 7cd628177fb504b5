"""Syndication: precision and recall of `duplicate_of` links on a labelled set of reprints.

    .venv/bin/python -m benchmarks.syndication             # the whole set
    .venv/bin/python -m benchmarks.syndication --originals 60

The set (built at run time from ../shared, seeded, nothing written):
- distinct articles: NAEB's article bodies (`articleBody`, 212 sites) and, as hard negatives,
  the articles of BASIL (3 outlets per event) and Giveme5W1H (up to 8 outlets per event): the
  same event told by different outlets is not a duplicate;
- reprints: a share of those articles (a third of the NAEB ones, one per BASIL event, one per
  Giveme5W1H event) printed again by one or two other outlets with the typical changes: a new
  headline and byline, the ending trimmed (to 55–95% of the paragraphs), boilerplate added
  (a republication note, newsletter and share lines, a copyright line), quotation marks made
  curly, "U.S." written "US", two paragraphs joined, and a day or two later.

Every text goes through the real plain-text cleaner (`clean.text.body_spans`) and then
`fuse.duplicates.find_duplicates`, as a build does. A link is right when both documents belong to
the same gold cluster (an article and its reprints). Precision: right links / links; recall:
reprints linked into their cluster / reprints. The set is cut in two halves by original (even and
odd positions); the detector's settings were chosen on the even half.
"""
from __future__ import annotations

import json
import random
import re
import sys
import time
from dataclasses import dataclass

from benchmarks._shared import EVAL
from newsdossier.clean.text import body_spans
from newsdossier.fuse.duplicates import find_duplicates

BOILERPLATE_TOP = ["Advertisement", "Share this article", "Listen to this story", "Most read"]
BOILERPLATE_END = [
    "This story was originally published by {orig}. It is republished here with permission.",
    "Sign up for our newsletter to get the latest news delivered to your inbox.",
    "Share on Facebook | Share on Twitter | Email",
    "© {year} {outlet}. All rights reserved.",
    "Read more: the day's top stories",
    "Comments are closed.",
]
OUTLETS = ["The Daily Ledger", "Metro Wire", "Valley News Online", "The Courier", "Global Desk", "Evening Post",
           "City Herald", "Northern Star"]


# Source articles that are themselves one article printed by two outlets (read and confirmed): one
# gold cluster, keyed by the prefix of their ids.
SAME_ARTICLE = {"g5w1h-18-3819549c": "g5w1h-5-101ee22f"}


@dataclass
class Item:
    id: str
    text: str
    published: str
    cluster: str  # the gold cluster: the original's id
    half: int  # 0 even, 1 odd (by original)
    reprint: bool = False


def originals():
    """(id, title, text, date, outlet) of every distinct article, NAEB then BASIL then Giveme5W1H."""
    naeb = json.loads((EVAL / "naeb" / "articles.json").read_text(encoding="utf-8"))
    for key in sorted(naeb):
        a = naeb[key]
        if len(a["articleBody"].split()) >= 80:
            date = a["date"] if re.match(r"\d{4}-\d\d-\d\d$", a.get("date") or "") else "2023-06-01"
            yield f"naeb-{key}", a["title"] or "", a["articleBody"], date, a["site"], None
    for name, path in (("basil", EVAL / "basil" / "basil.jsonl"),
                       ("g5w1h", EVAL / "giveme5w1h-gold" / "giveme5w1h_gold.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):  # a few BASIL ids repeat
            r = json.loads(line)
            date = (r.get("date") or "")[:10]
            date = date if re.match(r"\d{4}-\d\d-\d\d$", date) else "2016-06-01"
            yield f"{name}-{n}-{r['id'][:8]}", r.get("title") or "", r["text"], date, r["outlet"], r["event_id"]


def reprint(rng: random.Random, title: str, text: str, orig_outlet: str, date: str) -> tuple[str, str]:
    """The article as another outlet prints it: (text, date)."""
    paras = [p.strip() for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    keep = max(3, round(len(paras) * rng.uniform(0.55, 0.95)))
    paras = paras[:keep]
    if len(paras) > 4 and rng.random() < 0.5:  # two paragraphs joined
        i = rng.randrange(1, len(paras) - 1)
        paras[i:i + 2] = [paras[i] + " " + paras[i + 1]]
    body = "\n\n".join(paras)
    if rng.random() < 0.6:
        body = re.sub(r'"([^"\n]*)"', "“\\1”", body)
    body = body.replace("U.S.", "US")
    outlet = rng.choice(OUTLETS)
    words = title.split()
    headline = " ".join(words[: max(4, len(words) - rng.randint(0, 3))]) + rng.choice(["", " — report", ": what we know"])
    head = [headline.strip() or "News", f"By {rng.choice(['Staff', 'Wire reports', 'News desk'])}", date]
    if rng.random() < 0.5:
        head.insert(0, rng.choice(BOILERPLATE_TOP))
    tail = [line.format(orig=orig_outlet, outlet=outlet, year=date[:4])
            for line in rng.sample(BOILERPLATE_END, rng.randint(2, 4))]
    day = int(date[8:10])
    later = f"{date[:8]}{min(28, day + rng.randint(0, 2)):02d}"
    return "\n".join(head) + "\n\n" + body + "\n\n" + "\n".join(tail) + "\n", later


def make_set(seed: int = 5, limit: int | None = None) -> list[Item]:
    rng = random.Random(seed)
    items: list[Item] = []
    seen_events: set = set()
    for n, (doc_id, title, text, date, outlet, event) in enumerate(originals()):
        if limit and n >= limit:
            break
        half = n % 2
        items.append(Item(doc_id, text, date, SAME_ARTICLE.get(doc_id, doc_id), half))
        if event is None:
            chosen = rng.random() < 1 / 3
        else:  # one reprinted article per event: its siblings stay distinct same-event articles
            chosen = event not in seen_events
            seen_events.add(event)
        if chosen:
            for k in range(1 if rng.random() < 0.7 else 2):
                copy, when = reprint(rng, title, text, outlet, date)
                items.append(Item(f"{doc_id}-r{k}", copy, when, SAME_ARTICLE.get(doc_id, doc_id), half, reprint=True))
    return items


def score(items: list[Item], links: dict[str, str], half: int | None = None) -> dict:
    cluster = {i.id: i.cluster for i in items}
    chosen = [i for i in items if half is None or i.half == half]
    ids = {i.id for i in chosen}
    made = {d: o for d, o in links.items() if d in ids}
    right = sum(cluster[d] == cluster[o] for d, o in made.items())
    reprints = [i for i in chosen if i.reprint]
    found = sum(1 for i in reprints if i.id in links and cluster[links[i.id]] == i.cluster
                or any(cluster[d] == i.cluster and o == i.id for d, o in links.items()))
    return {"links": len(made), "right": right, "reprints": len(reprints), "found": found,
            "precision": right / len(made) if made else 1.0, "recall": found / len(reprints) if reprints else 1.0}


def run(items: list[Item]) -> tuple[dict, float]:
    docs = []
    for i in items:
        docs.append((i.id, i.text, body_spans(i.text), i.published, i.id))
    t0 = time.perf_counter()
    links = find_duplicates(docs)
    return links, time.perf_counter() - t0


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--originals") + 1]) if "--originals" in argv else None
    items = make_set(limit=limit)
    links, seconds = run(items)
    n_orig = sum(not i.reprint for i in items)
    print(f"{len(items)} documents: {n_orig} distinct articles, {len(items) - n_orig} reprints "
          f"(duplicate detection {seconds:.1f} s)")
    for name, half in (("even half (settings chosen here)", 0), ("odd half (held out)", 1), ("all", None)):
        s = score(items, links, half)
        print(f"  {name:<34} P {s['precision']:.3f} ({s['right']}/{s['links']})  "
              f"R {s['recall']:.3f} ({s['found']}/{s['reprints']})")
    cluster = {i.id: i.cluster for i in items}
    for d, o in sorted(links.items()):
        if cluster[d] != cluster[o]:
            print(f"  wrong link: {d} -> {o}")
    linked = set(links) | set(links.values())
    missed = [i.id for i in items if i.reprint and i.id not in linked]
    for m in missed[:20]:
        print(f"  missed: {m}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
