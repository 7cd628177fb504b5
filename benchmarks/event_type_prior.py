"""Where the trigger-word weights of the event typing come from (issue 13 record).

    .venv/bin/python -m benchmarks.event_type_prior [STORIES]

Sentences the event-type model never saw: the SECOND sentence of each synthetic PLOVER story of
the training part (the model learnt from headlines and first sentences; the held-out fifth is not
touched), labelled with its story's type (noisy: a second sentence may tell something else). Each
goes through spaCy and the event extractor with the model switched off, so each event mention
keeps its trigger word's type; the model's probabilities for the sentence (alone, and after the
story's headline) are then combined with the trigger's types at several weights, as
`extract/events.py` does, and the share of mentions given the story's type is printed.
"""
from __future__ import annotations

import sys
from unittest import mock

from newsdossier import train_events as T
from newsdossier.extract import events as X
from newsdossier.extract.entities import find_mentions
from newsdossier.extract.event_types import model_text, type_probabilities
from newsdossier.nlp import parse_body

PRIORS = (1.0, 2.0, 4.0, 8.0, 16.0, 1000.0)


def second_sentence(text: str) -> str:
    parts = T._SENTENCE_END.split(" ".join(text.split()), maxsplit=2)
    return parts[1][:400] if len(parts) > 1 else ""


def main(argv: list[str]) -> int:
    limit = int(argv[0]) if argv else 1200
    stories = [s for s in T.load_stories() if s["label"] in T.TYPES and not T.held_out(s["title"])]
    stories = [s for s in stories if second_sentence(s["text"])][:limit]
    rows = []  # (label, trigger types, sentence text, headline)
    with mock.patch.object(X, "type_probabilities", lambda texts: [{} for _ in texts]):
        for s in stories:
            text = second_sentence(s["text"])
            sdoc = parse_body(text, [(0, len(text))])
            for m in X.find_events("d", text, sdoc, find_mentions("d", sdoc)):
                if m.type in X.ONE_OFF_TYPES or m.type is None:
                    continue
                tok = sdoc.char_span(*m.trigger, alignment_mode="expand").root
                lemma = tok.lemma_.lower() if tok.pos_ == "VERB" else tok.lemma_.lower().removesuffix("s")
                rows.append((s["label"], {m.type, *X.AMBIGUOUS.get(lemma, ())}, text, T.clean_title(s["title"]),
                             text[m.span[0]:m.span[1]]))
    alone = type_probabilities([model_text(r[2]) for r in rows])
    clause = type_probabilities([model_text(r[4]) for r in rows])
    headed = type_probabilities([model_text(r[2], r[3]) for r in rows])
    print(f"command: .venv/bin/python -m benchmarks.event_type_prior {' '.join(argv)}".rstrip())
    print(f"{len(stories)} training stories, {len(rows)} event mentions with a PLOVER trigger in their second sentence")
    lexicon = sum(next(iter(sorted(own))) == label if len(own) == 1 else False for label, own, *_ in rows)
    print(f"trigger word alone (unambiguous words right, ambiguous ones counted wrong): {lexicon / len(rows):.1%}")
    for prior in PRIORS:
        a, h, c = (sum(X.choose_type(p, own, prior) == label for p, (label, own, *_) in zip(probs, rows))
                   for probs in (alone, headed, clause))
        print(f"trigger weight {prior:g}: sentence alone {a / len(rows):.1%}; the mention's clause {c / len(rows):.1%};"
              f" sentence after the headline {h / len(rows):.1%} (the headline was seen in training)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
