"""Quality gates on full evaluation sets: each figure of BENCHMARKS.md that an issue's GATE or
RECORD reached, pinned at the reached figure minus a stated margin, on the same whole set and
scored as its benchmark scores it. A missing data set fails here, it never skips.

Reached figures and margins are listed in BENCHMARKS.md ("Floors in `make test`"). The SCO gold
gates live beside the features they guard (test_quality_sco.py, test_events.py, test_claims.py),
the naive-pairs floor in test_clean_text.py.
"""
from __future__ import annotations

import json
import warnings

import pytest

from benchmarks import basil_loaded, naeb_metadata, syndication
from benchmarks._html_pages import load as load_pages
from benchmarks.html_body import SYSTEMS as BODY_SYSTEMS
from benchmarks.shingle_metric import corpus_scores

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def naeb():
    """NAEB's 421 pages, each cleaned once (as both benchmarks clean it) for the body and the
    metadata gates: (page, its gold record, text, body spans)."""
    from newsdossier.clean.html import extract

    gold = json.loads((naeb_metadata.NAEB / "articles.json").read_text())
    return [(page, gold[page.id], *extract(page.html, page.url or None)) for page in load_pages("naeb")]


def joined_body(text: str, body) -> str:
    return "\n".join(text[s:e] for s, e in body)  # a page's predicted body, as benchmarks.html_body joins it


# ---- issue 2, GATE 3: HTML body F1 (benchmarks.html_body) -----------------------------------------
def test_scrapinghub_body_f1_on_all_181_pages():
    """Reached 0.978 (gate 0.970); floor 0.973 = reached - 0.005."""
    ours = BODY_SYSTEMS["ours"]
    scores = corpus_scores((ours(p), p.gold) for p in load_pages("scrapinghub"))
    assert scores["pages"] == 181, scores
    assert scores["f1"] >= 0.973, scores


def test_naeb_body_f1_on_all_421_pages(naeb):
    """Reached 0.943 (gate 0.940); floor 0.940 = reached - 0.003, the gate itself."""
    scores = corpus_scores((joined_body(text, body), page.gold) for page, _, text, body in naeb)
    assert scores["pages"] == 421, scores
    assert scores["f1"] >= 0.940, scores


# ---- issue 2, RECORD 4: NAEB metadata (benchmarks.naeb_metadata) ----------------------------------
def test_naeb_metadata_on_all_421_pages(naeb):
    """Reached title 0.981, author strict 0.865, lenient 0.867, date 0.878; floors reached - 0.01.
    Scored with the benchmark's own comparisons, its snapshot day as the latest date."""
    from newsdossier.clean.metadata import html_metadata

    warnings.filterwarnings("ignore")
    hits = {"title": 0, "author_strict": 0, "author_lenient": 0, "date": 0}
    dated = 0
    for page, gold, text, body in naeb:
        md = html_metadata(page.html, text, body, url=gold["url"], today=naeb_metadata.TODAY)
        hits["title"] += naeb_metadata.title_ok(md.title, gold["title"])
        hits["author_strict"] += naeb_metadata.author_ok(md.author, gold["authors"], strict=True)
        hits["author_lenient"] += naeb_metadata.author_ok(md.author, gold["authors"], strict=False)
        if gold["date"] and gold["date"] != "NaT":
            dated += 1
            hits["date"] += naeb_metadata.date_ok(md.published, gold["date"])
    assert len(naeb) == 421 and dated == 419, (len(naeb), dated)
    figures = {k: v / (dated if k == "date" else len(naeb)) for k, v in hits.items()}
    floors = {"title": 0.971, "author_strict": 0.855, "author_lenient": 0.857, "date": 0.868}
    assert all(figures[k] >= floors[k] for k in floors), figures


# ---- issue 5, RECORD 2: loaded wording on BASIL (benchmarks.basil_loaded) -------------------------
@pytest.fixture(scope="module")
def basil():
    return basil_loaded.run(informational=False)


def test_basil_loaded_wording_on_all_100_events(basil):
    """Reached P 0.176, R 0.224, F1 0.197 on all 300 articles, held-out half F1 0.185; floors
    reached - 0.01. It must beat the VADER baseline of the same run (F1 0.045) fourfold."""
    assert basil["events"] == 100
    p, r, f, _ = basil["ours"]["all"]
    assert p >= 0.166 and r >= 0.214 and f >= 0.187, basil["ours"]
    assert basil["ours"]["held-out"][2] >= 0.175, basil["ours"]
    assert f > 4 * basil["vader"]["all"][2], (basil["ours"], basil["vader"])


# ---- issue 5, RECORD 3: syndication (benchmarks.syndication) --------------------------------------
def test_syndication_links_on_the_whole_set():
    """Reached P 1.000 (327/327), R 0.988 (326/330), held-out half R 0.977; aim 0.95 / 0.95.
    Floors: P 0.99, R 0.975 (reached - 0.013: four more misses), held-out R 0.95 (the aim)."""
    items = syndication.make_set()
    links, _ = syndication.run(items)
    whole, held_out = syndication.score(items, links), syndication.score(items, links, half=1)
    assert whole["reprints"] == 330, whole
    assert whole["precision"] >= 0.99 and whole["recall"] >= 0.975, whole
    assert held_out["recall"] >= 0.95, held_out
