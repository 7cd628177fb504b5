"""How often "its" refers to the organisation named last before it in its sentence, on ECB+.

    .venv/bin/python -m benchmarks.its_antecedent

The claims extractor gives a founding that names no founder the organisation named last before a
possessive "its" in the same sentence (`extract/claims.py` `_possessor`, "…, despite its recent
establishment (founded in 2001)"). ECB+ (`../shared/eval/ecbplus`) marks "its" as an entity mention
in a coreference chain; the rule is right when the organisation it picks (spaCy's ORG mentions,
as the extractor sees them) overlaps an earlier mention of the same chain. RECORD (issue 17).
"""
from __future__ import annotations

import json
import sys

from benchmarks._shared import EVAL


def main() -> int:
    from newsdossier.extract.entities import find_mentions
    from newsdossier.nlp import parse_body

    rows = [json.loads(line) for line in (EVAL / "ecbplus" / "ecbplus.jsonl").read_text(encoding="utf-8").splitlines()]
    total = fired = right = 0
    for r in rows:
        its = [m for m in r["mentions"] if m["text"].lower() == "its" and not m["chain"].startswith("Singleton")]
        if not its:
            continue
        mentions = find_mentions(r["id"], parse_body(r["text"], [(0, len(r["text"]))]))
        for m in its:
            total += 1
            chain = [c for c in r["mentions"] if c["chain"] == m["chain"] and c["start"] < m["start"]]
            sentence_start = r["text"].rfind("\n", 0, m["start"]) + 1
            before = [e for e in mentions if sentence_start <= e.start and e.end <= m["start"] and e.label == "ORG"]
            if before:
                fired += 1
                e = before[-1]
                right += any(min(e.end, c["end"]) > max(e.start, c["start"]) for c in chain)
    print(f"'its' in a coreference chain: {total}; an organisation named before it in its sentence: {fired}; "
          f"that organisation is the antecedent: {right} ({right / max(fired, 1):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
