"""Loaded wording: words that carry the writer's judgement rather than fact ("slammed the
so-called reforms", "the regime", "an absolutely ugly shape"), each with its span.

Three general sources, none tied to a story:
- short word lists of the kinds that studies of biased news language name: labels that judge
  a person or a government, verbs that characterise how someone spoke or acted ("slammed",
  "boasted"), stance and intensity adverbs ("clearly", "brazenly"), scare labels ("so-called");
- the subjectivity lexicon of pattern (shipped with TextBlob): adjectives and adverbs that are
  both subjective and polar;
- VADER's valence lexicon, for strongly valenced words.

Quoted words are the speaker's, not the outlet's: tokens inside quotation marks or inside a
direct or mixed quote are skipped, and so are names and junk (only body tokens are parsed).
The thresholds were set on half of BASIL's events and measured on the other half
(benchmarks/basil_loaded.py).
"""
from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from ..records import LoadedTerm

# thresholds (set on BASIL's even events, see the module docstring)
SUBJECTIVITY = 0.75  # pattern: adjectives/adverbs at least this subjective ...
POLARITY = 0.7  # ... and at least this polar
VALENCE = 3.0  # VADER: |valence| at least this (scale -4..4)

# Labels that pass judgement on whom or what they name.
LABELS = frozenset("""
regime junta cronies crony henchman henchmen thug thugs goon goons stooge stooges puppet puppets mouthpiece
propaganda propagandist apologist apologists shill shills lackey lackeys minion minions zealot zealots fanatic
fanatics demagogue demagogues tyrant tyrants despot despots strongman warmonger warmongers hoax sham farce
charade fiasco debacle boondoggle stunt ploy gimmick rant rants tirade tirades diatribe screed meltdown tantrum
uproar firestorm frenzy bombshell shenanigans hypocrisy hypocrite hypocrites smear smears cabal mob horde hordes
saber-rattling brinkmanship onslaught rampage carnage spree power-grab scaremongering fearmongering
hysteria witch-hunt whitewash cover-up lapdog crackpot crackpots loon loons nutjob extremist extremists radicals
agitator agitators ideologue ideologues elitist elitists cult kleptocracy kleptocrat oligarch oligarchs
""".split())

# Verbs that characterise how someone spoke or acted, beyond what was said or done.
VERBS = frozenset("""
slam blast lambaste lambast excoriate berate scold rant rail assail bash savage trash skewer hammer pummel
tout boast brag crow gloat gush fawn whine moan grumble gripe bemoan fume rage seethe sneer scoff mock ridicule
deride taunt smear peddle spew parrot dodge evade stonewall backtrack flip-flop waffle cave capitulate kowtow
pander grovel bully strong-arm meddle scheme collude railroad torpedo sabotage gut cripple derail hijack exploit
weaponize stoke inflame cling grab plunder loot squander splurge ram rush slash balk lash tear snub shun
concede admit complain lament decry
""".split())

# Stance and intensity adverbs: the writer's certainty or attitude, not a fact.
ADVERBS = frozenset("""
clearly obviously apparently supposedly truly simply merely finally frankly absolutely utterly
totally extremely incredibly remarkably astonishingly shockingly stunningly wildly deeply sharply fiercely
bitterly harshly angrily furiously vigorously aggressively brazenly blatantly flagrantly shamelessly recklessly
desperately conveniently ironically notoriously infamously predictably unsurprisingly curiously tellingly
arguably undoubtedly surely forcefully soundly hastily belatedly grudgingly stubbornly defiantly
""".split())

# Adjectives of judgement that the general lexicons miss or score mildly. Not here: "crawling" and the
# label "encroachment", once written for one sentence, occur in none of BASIL's 300 articles, so
# nothing shows they earn a place; "ugly" is found by the subjectivity lexicon (pattern: polarity
# -0.7, subjectivity 1.0), the general rule.
ADJECTIVES = frozenset("""
so-called self-styled self-proclaimed would-be notorious infamous disgraced embattled beleaguered
hapless shadowy murky extreme far-left far-right hardline hard-line draconian drastic staggering whopping
dramatic stunning shocking outrageous absurd ridiculous bizarre baseless bogus phony fake creeping
brazen blatant flagrant cynical divisive inflammatory incendiary vitriolic bombastic combative belligerent
defiant hawkish reckless irresponsible disastrous catastrophic devastating dire alarming troubling disturbing
chilling toxic corrupt rogue illegitimate provocative radical fringe rabid vicious nasty mean-spirited
heavy-handed high-handed ham-fisted tone-deaf unhinged erratic sweeping unprecedented fiery scathing
""".split())

# Words valence lexicons score strongly that news uses for plain facts (events, institutions).
FACTUAL = frozenset("""
war wars kill killed killing killings die died dead death deaths attack attacks attacked crisis support supported
help helped protect protection security secure care united free freedom justice interest interests agree agreed
win won lose lost problem problems victim victims prison charged arrest arrested police violence terrorist
terrorists terrorism terror bomb bombing shooting shot murder murdered crime crimes criminal fraud injured injury
hurt fire fired disaster emergency threat threats threatened fight fighting fought conflict accident accidents
abuse abused assault assaulted rape raped suicide cancer disease illness sick hospital poverty poor rich
unemployment unemployed debt tax taxes ban banned banning please thanks thank like well best better good great
safe safety peace peaceful benefit benefits rescue rescued pray prayer hope hoped honor honored award awarded
celebrate celebrated welcome welcomed legal illegal guilty innocent court sue sued lawsuit accuse accused
protest protests protesters strike strikes penalty fine fined warning warned critic critics criticism
criticize criticized oppose opposed opposition opponent opponents scandal
""".split())

_QUOTE_PAIRS = re.compile(r"“[^”\n]{1,600}”|\"[^\"\n]{1,600}\"|‘[^’\n]{2,200}’(?!\w)")
_CONTENT_POS = {"ADJ", "ADV", "VERB", "NOUN", "INTJ"}  # names are never loaded


def _package_dir(name: str):
    spec = importlib.util.find_spec(name)  # found, not imported: TextBlob's import pulls in NLTK
    return Path(spec.submodule_search_locations[0]) if spec and spec.submodule_search_locations else None


@lru_cache(maxsize=1)
def subjectivity_lexicon() -> dict[str, tuple[float, float]]:
    """pattern's lexicon (from TextBlob): word → (mean polarity, mean subjectivity) over its senses."""
    folder = _package_dir("textblob")
    path = folder / "en" / "en-sentiment.xml" if folder else None
    if not path or not path.exists():
        return {}
    senses: dict[str, list] = {}
    for w in ET.parse(path).getroot().iter("word"):
        senses.setdefault(w.get("form").lower(), []).append((float(w.get("polarity")), float(w.get("subjectivity"))))
    return {k: (sum(p for p, _ in v) / len(v), sum(s for _, s in v) / len(v)) for k, v in senses.items()}


@lru_cache(maxsize=1)
def valence_lexicon() -> dict[str, float]:
    """VADER's lexicon: word → mean valence (-4..4)."""
    folder = _package_dir("vaderSentiment")
    path = folder / "vader_lexicon.txt" if folder else None
    if not path or not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].replace("-", "").isalpha():
            out[parts[0].lower()] = float(parts[1])
    return out


def quoted_spans(text: str, body, quotes=()) -> list[tuple[int, int]]:
    """Character spans that are someone else's words: text between quotation marks in the body,
    and the verbatim pieces of direct and mixed quotes (a statement's attribution and a mixed
    quote's reported clause are the outlet's words)."""
    spans = []
    for start, end in body:
        spans += [(m.start(), m.end()) for m in _QUOTE_PAIRS.finditer(text, start, end)]
    for q in quotes:
        if getattr(q, "kind", None) in ("direct", "mixed"):
            spans.extend(tuple(p) for p in (getattr(q, "pieces", None) or [q.content]))
    return sorted(spans)


def _inside(pos: int, end: int, spans) -> bool:
    return any(a <= pos and end <= b for a, b in spans)


def why_loaded(token, thresholds=None) -> str | None:
    """The reason a token is loaded wording (a source name), or None."""
    subj_min, pol_min, val_min = thresholds or (SUBJECTIVITY, POLARITY, VALENCE)
    if token.pos_ not in _CONTENT_POS or token.ent_type_ or not token.is_alpha and "-" not in token.text:
        return None
    lower, lemma = token.lower_, token.lemma_.lower()
    if token.pos_ == "NOUN" and (lower in LABELS or lemma in LABELS):
        return "label"
    if token.pos_ == "VERB" and lemma in VERBS:
        return "verb"
    if token.pos_ == "ADV" and lower in ADVERBS:
        return "adverb"
    if token.pos_ in ("ADJ", "VERB") and lower in ADJECTIVES:
        return "adjective"
    if lower in FACTUAL or lemma in FACTUAL:
        return None
    if token.pos_ in ("ADJ", "ADV"):
        pol, subj = subjectivity_lexicon().get(lower, (0.0, 0.0))
        if subj >= subj_min and abs(pol) >= pol_min:
            return "subjective"
    valence = valence_lexicon()
    val = valence.get(lower, valence.get(lemma, 0.0))
    if abs(val) >= val_min:
        return "valence"
    return None


def _hyphenated(sdoc, i: int):
    """'so' '-' 'called' written without spaces: the compound word and the index of its last token."""
    if i + 2 < len(sdoc) and sdoc[i + 1].text == "-" and not sdoc[i].whitespace_ and not sdoc[i + 1].whitespace_:
        return f"{sdoc[i].lower_}-{sdoc[i + 2].lower_}", i + 2
    return None, i


def find_loaded(doc_id: str, text: str, sdoc, quotes, body, thresholds=None) -> list[LoadedTerm]:
    """Loaded terms of one document, in text order. A loaded modifier joins the loaded word right
    after it ("absolutely ugly", "utterly reckless") into one term."""
    quoted = quoted_spans(text, body, quotes)
    terms: list[LoadedTerm] = []
    joinable = False  # the last term ends with a modifier, so a loaded word right after it joins it
    i = 0
    while i < len(sdoc):
        token = sdoc[i]
        compound, last = _hyphenated(sdoc, i)
        if compound and compound in LABELS | VERBS | ADJECTIVES:
            why, end_token = "adjective" if compound in ADJECTIVES else "label", sdoc[last]
        else:
            why, end_token, last = (None if token.is_space else why_loaded(token, thresholds)), token, i
        start, end = token.idx, end_token.idx + len(end_token)
        i = last + 1
        if not why or _inside(start, end, quoted):
            joinable = False
            continue
        prev = terms[-1] if terms else None
        if prev and joinable and not text[prev.span[1]:start].strip() and not token.is_sent_start:
            prev.span = (prev.span[0], end)
            prev.term = text[prev.span[0]:end]
        else:
            terms.append(LoadedTerm(doc=doc_id, span=(start, end), term=text[start:end], why=why))
        joinable = end_token.pos_ in ("ADJ", "ADV") or why == "adjective"
    return terms
