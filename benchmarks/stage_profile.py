"""Where a build's per-document time goes, stage by stage, beside the spaCy parse, in one run.

    .venv/bin/python -m benchmarks.stage_profile [N]     # N PolNeAR texts (default 100)

Each stage of `pipeline.analyse_documents` runs on the same documents as a build runs it (cleaning,
the parse of the body, then each extractor on the parsed document), timed on its own; the share is
the stage's time over the parse's. Models are loaded before timing.
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict

from benchmarks.throughput import polnear_texts


def main(argv: list[str]) -> int:
    from newsdossier.clean import clean_document
    from newsdossier.embed import load_embedder
    from newsdossier.extract.claims import find_claims
    from newsdossier.extract.entities import find_mentions
    from newsdossier.extract.events import find_events
    from newsdossier.extract.loaded import find_loaded
    from newsdossier.extract.quotes import find_quotes
    from newsdossier.nlp import load_nlp, parse_many
    from newsdossier.records import RawDocument

    limit = int(argv[0]) if argv else 100
    files = polnear_texts(limit)
    load_nlp()
    load_embedder()
    seconds: dict[str, float] = defaultdict(float)

    def timed(stage: str, call):
        start = time.perf_counter()
        value = call()
        seconds[stage] += time.perf_counter() - start
        return value

    # warm up every stage on one document (first-call costs: language model, lexicons)
    for warm in (True, False):
        for path in files[:1] if warm else files:
            raw = RawDocument(source=path.name, data=path.read_bytes(), kind="text")
            d = timed("clean (decode, body, metadata, language)", lambda: clean_document(raw))
            if not d.body or not d.analysable:
                continue
            sdoc = timed("spaCy parse of the body", lambda: next(iter(parse_many([(d.text, d.body)]))))
            mentions = timed("entities (recogniser's spans, names resolved)", lambda: find_mentions(d.id, sdoc))
            quotes = timed("quotes", lambda: find_quotes(d.id, d.text, sdoc, mentions, d.body))
            events = timed("events (with the type model)", lambda: find_events(
                d.id, d.text, sdoc, mentions, d.published, d.published_range, quotes=quotes, title=d.title))
            timed("claims", lambda: find_claims(d.id, d.text, sdoc, mentions, quotes, events, d.body, d.published,
                                                d.published_range))
            timed("loaded wording", lambda: find_loaded(d.id, d.text, sdoc, quotes, d.body))
        if warm:
            seconds.clear()
    parse = seconds["spaCy parse of the body"]
    print(f"command: .venv/bin/python -m benchmarks.stage_profile {limit}")
    print(f"{'stage':<48} {'seconds':>8} {'÷ parse':>8}")
    for stage, value in seconds.items():
        print(f"{stage:<48} {value:8.1f} {value / parse:8.2f}")
    rest = sum(seconds.values()) - parse
    print(f"{'every stage but the parse':<48} {rest:8.1f} {rest / parse:8.2f}")
    print(f"build ÷ parse bound (parse ÷ all the stages): {parse / sum(seconds.values()):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
