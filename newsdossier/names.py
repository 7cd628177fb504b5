"""Names: the one place that tidies, compares and classifies the names of people, organisations
and countries. Every stage that handles a name (entity mentions, speakers, event participants,
claim subjects, bylines) goes through here, so "Mr. Trump", "Trump’s" and "TRUMP" are compared
the same way everywhere.

World knowledge comes from maintained packages, never from one story: titles and name parts from
`nameparser`, company suffixes from `cleanco`, countries and demonyms from `countryinfo`, the
usual gender of a first name from `gender-guesser`.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

# --------------------------------------------------------------------------- tidying

_POSSESSIVE = re.compile(r"(?:['’‘]s|(?<=s)['’])$")
_TRAILING_PAREN = re.compile(r"\s*\(\s*[^()]*$")  # "Foo Organization (FO" → "Foo Organization"
_EDGE_PUNCT = " ,.;:-—–―‒‐\"“”'‘’()[]{}*_/|#•·"
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
# Honorifics that say the bearer's gender (m/f); other titles say nothing of it.
HONORIFIC_GENDER = {"mr": "m", "mister": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f",
                    "madam": "f", "madame": "f", "mme": "f", "dame": "f", "lady": "f"}
# Words that qualify a title without being one ("former President", "acting Secretary").
_TITLE_QUALIFIERS = frozenset({"former", "then", "late", "acting", "interim", "incoming", "outgoing",
                               "deputy", "vice", "assistant", "associate", "senior", "junior", "chief",
                               "first", "second", "co", "ex", "sen", "rep", "gov", "gen", "lt", "col",
                               "sgt", "capt", "cmdr", "adm", "supt", "insp", "det", "atty", "mx"})
# Newswire's titles before a name that nameparser's list lacks ("Coroner Gary Hargrove").
_MORE_TITLES = frozenset({"coroner", "prosecutor", "spokesman", "spokeswoman", "spokesperson", "chairman",
                          "chairwoman", "inspector", "trooper", "justice"})
# Suffixes of a person's name that tell a son from his father ("Sr." names the father, who is
# usually written without it).
GENERATION_SUFFIXES = frozenset({"jr", "ii", "iii", "iv"})


def tidy(text: str) -> str:
    """One line, single spaces, no surrounding punctuation: how a name is written for a reader. An
    abbreviation keeps its last period ("U.S.", "Washington, D.C.", "Acme Corp.")."""
    return _strip_edges(" ".join(text.split()))


def _strip_edges(text: str) -> str:
    name = text.strip(_EDGE_PUNCT)
    end = len(text) - len(text.lstrip(_EDGE_PUNCT)) + len(name)
    if text[end:end + 1] == "." and _ABBREVIATION_END.search(name):
        name += "."
    return name


_ABBREVIATION_END = re.compile(r"(?:\b[A-Za-z]\.)+[A-Za-z]$|\b(?:Corp|Inc|Co|Ltd|Bros)$")


def strip_possessive(name: str) -> str:
    return _strip_edges(_POSSESSIVE.sub("", name))


@lru_cache(maxsize=1)
def _titles() -> frozenset:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.titles) | frozenset(HONORIFIC_GENDER) | _TITLE_QUALIFIERS | _MORE_TITLES


def is_title(word: str) -> bool:
    """A word that titles a name ("President", "Dr.", "Sen.", "Mrs", "coach", "former")."""
    return word.lower().strip(".,") in _titles()


def split_title(name: str) -> tuple[list[str], str]:
    """("President Donald J. Trump") → (["President"], "Donald J. Trump"): leading title words off a
    person's name, as long as a name word stays ("King" alone stays a name). A title or a short
    upper-case abbreviation inside ("Colts QB Andrew Luck", "Brooklyn Councilman Jumaane
    Williams") ends what came before it: an organisation or place the title belongs to."""
    words = name.split()
    for k in range(len(words) - 3, 0, -1):
        after = [w for w in words[k + 1:] if fold(w) not in GENERATION_SUFFIXES | {"sr"}]
        if (is_title(words[k]) or words[k].isupper() and 2 <= len(words[k]) <= 3 and words[k].isalpha()) \
                and len(after) >= 2 and all(w[:1].isupper() for w in after):
            words = words[k + 1:]
            break
    k = 0
    while k < len(words) - 1 and is_title(words[k]):
        k += 1
    return words[:k], " ".join(words[k:])


def clean_name(surface: str, label: str) -> str:
    """The name inside an entity mention's words: no line breaks, titles (people), articles
    (others), possessive tails, dangling brackets, degrees, scores, or words the recogniser ran
    on into ("President Trump’s" → "Trump", "Saints’ Super Bowl" → "Saints", "Colts 17" → "Colts",
    "Without Felt" → "Felt", "Chiefs went on" → "Chiefs")."""
    name = tidy(tidy(surface).split(":")[0])  # "Bettie Page: Life and Legend"
    name = _TRAILING_PAREN.sub("", name)
    name = _RUN_ON.split(name)[0]  # "Jaguars at Jacksonville Municipal Stadium"
    if label in ("PERSON", "ORG", "NORP"):
        name = re.split(r"['’‘]s\s+|(?<=s)['’]\s+", name)[0]  # "X’s visit": the possessor is the name
    name = _DEGREES.sub("", name)
    name = strip_possessive(name)
    words = name.split()
    while len(words) > 1 and (words[-1][0].islower() or _SCORE.match(words[-1])):
        words.pop()
    while len(words) > 1 and _leading_junk(words[0]):
        words.pop(0)
    name = _ARTICLE.sub("", " ".join(words))
    if label == "PERSON":
        name = split_title(name)[1]
        nationality = name.split()[0] if len(name.split()) > 2 else ""
        if demonym_country(nationality):  # "American Hasim Rahman"
            name = name[len(nationality):]
    return tidy(name)


# Lower-case words a name may hold inside ("Gulf of Aden", "Charles de Gaulle"); any other one
# means the recogniser ran on past the name.
_RUN_ON = re.compile(r"\s+(?=(?:at|in|on|to|with|from|after|before|over|under|as|by|vs|versus|into|near|against)\s)")
_HEADLINE_VERB = re.compile(r"(?:\s+(?:Says|Said|Tells|Told|Warns|Claims|Insists|Adds|Vows))+$")


def without_headline_verb(name: str) -> str:
    """A name the recogniser stretched over a headline's verb ("X Says") without the verb."""
    return _HEADLINE_VERB.sub("", name) or name


_DEGREES = re.compile(r",?\s+(?:M\.?D|Ph\.?D|M\.?B\.?A|Esq|R\.?N|J\.?D|D\.?D\.?S)\.?(?:,.*)?$")
_SCORE = re.compile(r"^[\d.,:\-–]+$")


@lru_cache(maxsize=1)
def _stop_words() -> frozenset:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def _leading_junk(word: str) -> bool:
    """A first word no name starts with: a function word ("Without Felt", "Across Athens"),
    unless it is also a first name ("Will Smith")."""
    low = word.lower()
    return low in _stop_words() and low != "the" and _gender_detector().get_gender(word) in ("unknown", "andy")


def _name_token_ok(tok: str) -> bool:
    """A word that can stand in a person's name as a byline writes it."""
    if tok in NAME_PARTICLES:
        return True
    if re.fullmatch(r"[A-Z]{2,3}", tok):  # run-together initials ("JR", "EJ")
        return True
    if re.fullmatch(r"[A-Z]\.(?:[A-Z]\.)*", tok):  # initials
        return True
    if not tok[0].isupper() or not tok[0].isalpha():
        return False
    if not all(c.isalpha() or c in "'’-." for c in tok):
        return False
    if tok.endswith(".") and len(tok) > 3 and tok not in ("Jr.", "Sr."):
        return False
    core = tok.replace("’", "'")
    if core.isupper() and len(core) > 2:
        return True  # an upper-cased name ("JANE DOE"); checked as a whole by the caller
    # Internal capitals only in the usual places: McX, MacX, O'X, X-Y, d'X.
    inner = core[1:]
    for i, c in enumerate(inner, start=1):
        if c.isupper():
            prev = core[i - 1]
            if prev in "'-":
                continue
            if core[:i] in ("Mc", "Mac", "Fitz", "De", "Di", "La", "Le", "Van", "Du"):
                continue
            return False
    return True


def as_person_name(s: str, not_name_words=frozenset()) -> Optional[str]:
    """``s`` as a person's name (normalised spacing) when it looks like one, as a byline writes it
    ("Jane Doe", "JANE DOE" → "Jane Doe", "J.R. Smith Jr."); None otherwise, and when one of its
    words is in `not_name_words` (page furniture, job titles)."""
    s = re.sub(r"\s+", " ", s.strip().strip("|·•,;:–—-*_ ")).strip()
    s = re.sub(r"\s*\.$", "", s) if not re.search(r"\b[A-Z]\.$", s) else s
    if not s or len(s) > 60 or re.search(r"[\d@#/\\<>=+{}\[\]()\"“”!?]", s):
        return None
    toks = s.split(" ")
    real = [t for t in toks if t not in NAME_PARTICLES]
    if not (2 <= len(real) <= 4) or len(toks) > 6:
        return None
    if toks[0] in NAME_PARTICLES or toks[-1] in NAME_PARTICLES:
        return None
    if len(real) >= 3 and re.fullmatch(r"(?:II|III|IV|Jr\.?|Sr\.?)", real[-1]):
        real = real[:-1]
    if not all(_name_token_ok(t) or re.fullmatch(r"II|III|IV", t) for t in toks):
        return None
    if any(t.lower().strip(".") in not_name_words for t in real):
        return None
    if all(len(t.rstrip(".")) <= 1 for t in real):
        return None
    if all(t.isupper() for t in real) and all(len(t) <= 3 for t in real):
        return None
    if all(t.isupper() for t in real if len(t) > 3) and any(len(t) > 3 for t in real):
        if not any(len(t) > 2 for t in real):
            return None
        s = " ".join(t if t.lower() in NAME_PARTICLES else t.capitalize() for t in toks)
    return s


# --------------------------------------------------------------------------- comparing

def fold(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a name (spelling kept)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    folded = re.sub(r"['’‘`.]", "", folded)
    folded = re.sub(r"[^\w&]+", " ", folded)
    return " ".join(folded.split())


@lru_cache(maxsize=65536)  # fusion keys every mention's names, and a corpus repeats its names endlessly
def name_key(name: str) -> str:
    """The key two spellings of one name share: folded, British/American -ise/-ize alike, and a
    country's usual short forms ("U.S.", "USA") on its name."""
    folded = fold(name)
    folded = re.sub(r"isation\b", "ization", folded)
    folded = re.sub(r"\b(mt|ft)\b", lambda m: _PLACE_ABBREVIATIONS[m.group(1)], folded)
    country = country_name(name)
    return fold(country) if country else folded


_PLACE_ABBREVIATIONS = {"mt": "mount", "ft": "fort"}


# Words that name what kind of place a name is ("the Mediterranean Sea", "Qeshm Island").
_PLACE_CLASS_WORDS = frozenset({"sea", "ocean", "river", "lake", "island", "islands", "mountains", "desert",
                                "bay", "strait", "straits", "peninsula", "valley", "glacier", "canyon", "channel"})


def is_place_class_word(name: str) -> bool:
    """A word that says what kind of place ("Sea", "Gulf", "Coast"), no place's name alone."""
    return fold(name) in _PLACE_CLASS_WORDS | {"gulf", "coast", "mount", "north", "south", "east", "west"}


def place_without_class_word(name: str) -> Optional[str]:
    """The name of a place without its trailing class word ("Mediterranean Sea" → "mediterranean",
    folded), or None when it has none."""
    words = name_key(name).split()
    if len(words) > 1 and words[-1] in _PLACE_CLASS_WORDS:
        return " ".join(words[:-1])
    return None


def initials(name: str) -> str:
    """"Hewlett-Packard" → "HP", "Advanced Micro Devices" → "AMD" (capitalised words only)."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w]*", name) if w[0].isupper())


def is_acronym(word: str) -> bool:
    bare = word.replace(".", "").replace("&", "")
    return 2 <= len(bare) <= 8 and bare.isalpha() and bare.isupper()


@lru_cache(maxsize=65536)
def org_key(name: str) -> str:
    """An organisation's key without its legal form or a plural's -s, with a country's short
    form spelled out: "Hewlett-Packard Co." and "Hewlett-Packard"; "Academy of Motion Pictures …"
    and "… Picture …"; "U.S. Geological Survey" and "United States Geological Survey"."""
    words = [w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in _org_words(name)]
    return " ".join(words) or fold(name)


@lru_cache(maxsize=65536)
def _org_words(name: str) -> tuple:
    from cleanco import basename

    base = basename(name) or name
    return tuple(_ORG_COUNTRY.sub(lambda m: _ORG_COUNTRY_FORMS[m.group(1)], fold(base)).split())


_ORG_COUNTRY_FORMS = {"u s": "united states", "us": "united states", "usa": "united states", "u s a": "united states",
                      "uk": "united kingdom", "u k": "united kingdom"}
_ORG_COUNTRY = re.compile(r"\b(u s a|u s|usa|us|u k|uk)\b")


def org_spelling_key(name: str) -> str:
    """`org_key` without spaces and hyphens: "SeaMicro", "Sea Micro" and "Sea-Micro" alike."""
    return _POLICE_BODY.sub("police", org_key(name)).replace(" ", "").replace("-", "")


# "Staunton Police Department", "Staunton Police Dept.", "Staunton Police": one police force.
_POLICE_BODY = re.compile(r"\bpolice (?:department|dept|force|service)\b")


def is_short_form(short: str, long: str, places=frozenset()) -> bool:
    """Whether organisation name `short` is a short form of `long`: its last words when what comes
    before them is a place ("Chargers" of "San Diego Chargers", "Red Sox" of "Boston Red Sox";
    not "House" of "White House"), or its first words when "of"/"for" follows ("Academy" of
    "Academy of Motion Picture Arts and Sciences"), when the short form is an acronym ("ATI" of
    "ATI Technologies") or when the rest is a country ("T-Mobile USA"). `places`: the folded names
    of the places the document or corpus names."""
    s, w = org_key(short).split(), org_key(long).split()
    n = len(s)
    if not s or len(w) <= n:
        return False
    if w[-n:] == s:
        before = " ".join(_org_words(long)[:-n])
        return before in places or country_name(before) is not None
    if w[:n] != s or w[n] in ("and", "&"):  # "FBI & DOJ" is two organisations, not the FBI's
        return False
    return w[n] in ("of", "for") or is_acronym(short) or country_name(" ".join(_org_words(long)[n:])) is not None


@dataclass(frozen=True)
class PersonName:
    first: str  # folded; "" when only one name is known
    middle: tuple  # folded middle names or initials
    last: str  # folded
    suffix: str  # folded generation suffix ("jr"), "" when none

    @property
    def full(self) -> bool:
        return bool(self.first and self.last)


@lru_cache(maxsize=65536)
def person_name(name: str) -> PersonName:
    """First, middle, last and generation suffix of a person's name (titles already off)."""
    words = split_title(tidy(name))[1].split()
    suffix = ""
    while len(words) > 1 and fold(words[-1]) in GENERATION_SUFFIXES | {"sr", "md", "phd", "mba", "esq"}:
        if fold(words[-1]) in GENERATION_SUFFIXES and not suffix:
            suffix = fold(words[-1])
        words = words[:-1]
    words = [w.rstrip(",") for w in words]
    if len(words) == 1 or _is_surname_particle(words[0]):  # "Lo Presti", "von der Leyen": no first name
        return PersonName("", (), fold(" ".join(words)), suffix)
    # particles belong to the surname: "Charles de Gaulle", "Ursula von der Leyen"
    from nameparser.config import CONSTANTS

    k = len(words) - 1
    while k > 1 and (words[k - 1].lower() in CONSTANTS.prefixes or _is_surname_particle(words[k - 1])):
        k -= 1
    last = fold(" ".join(words[k:]))
    return PersonName(fold(words[0]), tuple(fold(w) for w in words[1:k]), last, suffix)


# Particles of a name, written in lower case inside it ("Charles de Gaulle", "Gaetano Lo Presti"),
# beside nameparser's own list.
NAME_PARTICLES = frozenset({"lo", "la", "le", "li", "di", "da", "de", "del", "della", "van", "von", "der", "den",
                            "du", "do", "dos", "das", "y", "ter", "ten", "al", "el", "bin", "ibn", "abu", "mac",
                            "st."})


# The particles that open a surname ("De Niro", "Lo Presti", "von der Leyen"); capitalised, a word
# that is also a usual first name ("Al Gore", "Van Morrison") is taken for the first name.
_SURNAME_OPENERS = frozenset({"de", "da", "di", "del", "della", "van", "von", "der", "den", "du", "la", "le", "lo",
                              "ter", "ten", "bin", "ibn", "abu", "al", "el", "dos", "das"})


def _is_surname_particle(word: str) -> bool:
    if word.lower() not in _SURNAME_OPENERS:
        return False
    return word.islower() or first_name_gender(word) is None


@lru_cache(maxsize=1)
def _nicknames():
    from nicknames import NickNamer

    return NickNamer()


@lru_cache(maxsize=65536)
def first_names_match(a: str, b: str) -> bool:
    """The same first name, or one a usual nickname of the other ("Fred" and "Frederick",
    "Katie" and "Kathryn"; folded names)."""
    if a == b:
        return True
    if len(a) < 2 or len(b) < 2:
        return False
    namer = _nicknames()
    return b in namer.nicknames_of(a) or a in namer.nicknames_of(b)


def alike_first_names(a: str, b: str) -> bool:
    """Two first names (folded) a paper may write for one person, beyond the usual nicknames: the
    same initial and gender, and one a short form ("Mo" and "Maurice"), or both alike in spelling
    ("Bettie" and "Betty", "Alexis" and "Alexandros"). Weak: only for the one pair of a surname."""
    if not a or not b or a[0] != b[0] or first_name_gender(a) is None or first_name_gender(a) != first_name_gender(b):
        return False
    from rapidfuzz import fuzz

    return min(len(a), len(b)) <= 2 or a[:4] == b[:4] or fuzz.ratio(a, b) >= 70


def same_person_name(a: str, b: str) -> bool:
    """Two full names that can be one person: the same first and last name and generation, the
    middle names of one compatible with the other's ("Donald J. Trump" ~ "Donald Trump" ~
    "Donald John Trump"; never "Melania Trump", never "Donald Trump Jr.")."""
    pa, pb = person_name(a), person_name(b)
    if not (pa.full and pb.full) or person_key(a) != person_key(b):
        return False
    if pa.first != pb.first:  # "W. Mark Felt" and "Mark Felt": one goes by the middle name
        return True
    ma, mb = pa.middle, pb.middle
    if not ma or not mb:
        return True
    if len(ma) != len(mb):
        return False
    return all(x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)) for x, y in zip(ma, mb))


def person_key(name: str) -> str:
    """The key full names that `same_person_name` may join share: the name a person goes by
    (the middle name after a leading initial: "W. Mark Felt" → Mark), last name, generation."""
    p = person_name(name)
    first = p.middle[0] if len(p.first) == 1 and p.middle and len(p.middle[0]) > 1 else p.first
    return " ".join(x for x in (first, p.last, p.suffix) if x)


# --------------------------------------------------------------------------- gender

@lru_cache(maxsize=1)
def _gender_detector():
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


@lru_cache(maxsize=65536)
def first_name_gender(first: str) -> Optional[str]:
    """"m" or "f" when a first name is usually one or the other, else None."""
    if not first or len(first) < 2 or first.lower() in _stop_words():  # "The" is a Dutch first name
        return None
    guess = _gender_detector().get_gender(first)
    return {"male": "m", "mostly_male": "m", "female": "f", "mostly_female": "f"}.get(guess)


def honorific_gender(words) -> Optional[str]:
    for w in words:
        g = HONORIFIC_GENDER.get(w.lower().strip("."))
        if g:
            return g
    return None


# --------------------------------------------------------------------------- countries

@lru_cache(maxsize=1)
def _countries() -> tuple[dict, dict]:
    """(folded country name or usual alternative → name, folded demonym → name). A demonym that
    several territories share ("French") goes to the most populous one."""
    from countryinfo import all_countries

    names, demonyms, population = {}, {}, {}
    for country in all_countries():
        info = country.info()
        name = _short_country_name(info.get("name") or "")
        if not name:
            continue
        population[name] = info.get("population") or 0
        for alt in [info.get("name")] + list(info.get("altSpellings") or []):
            key = fold(alt or "")
            # two-letter codes ("IN", "ME", "IT") are words too; the well-known ones are below
            if len(key) > 2 and key not in names:
                names[key] = name
        demonym = fold(info.get("demonym") or "")
        if demonym and population[name] >= population.get(demonyms.get(demonym), -1):
            demonyms[demonym] = name
    for alias, name in _USUAL_COUNTRY_FORMS.items():
        names[fold(alias)] = name
    for demonym, name in _USUAL_DEMONYMS.items():
        demonyms[fold(demonym)] = name
    return names, demonyms


def _short_country_name(name: str) -> str:
    return _USUAL_COUNTRY_FORMS.get(name, name)


# The forms newspapers use where the country data has an official or different one.
_USUAL_COUNTRY_FORMS = {
    "United States of America": "United States", "US": "United States", "U.S.": "United States",
    "U.S.A.": "United States", "USA": "United States", "America": "United States",
    "UK": "United Kingdom", "U.K.": "United Kingdom", "Britain": "United Kingdom",
    "Great Britain": "United Kingdom", "Russian Federation": "Russia", "Republic of Korea": "South Korea",
    "Korea (Republic of)": "South Korea", "Korea (Democratic People's Republic of)": "North Korea",
    "Iran (Islamic Republic of)": "Iran", "Syrian Arab Republic": "Syria", "Viet Nam": "Vietnam",
    "PRC": "China", "People's Republic of China": "China",
}
_USUAL_DEMONYMS = {"American": "United States", "British": "United Kingdom", "Briton": "United Kingdom",
                   "North Korean": "North Korea", "South Korean": "South Korea", "Emirati": "United Arab Emirates"}


def country_name(name: str) -> Optional[str]:
    """The usual name of the country `name` names ("U.S." → "United States"), or None."""
    return _countries()[0].get(fold(strip_possessive(name)))


def demonym_country(word: str) -> Optional[str]:
    """The country of a nationality word ("Russian", "Russians", "Chinese") or None."""
    key = fold(strip_possessive(word))
    demonyms = _countries()[1]
    if key in demonyms:
        return demonyms[key]
    if key.endswith("s") and key[:-1] in demonyms:  # "Russians", "Americans"
        return demonyms[key[:-1]]
    return None


def nationality_key(word: str) -> Optional[str]:
    """The country a nationality or country word points to, folded: "Russian", "Russia’s" and
    "Russia" alike (the key a role description and a title are compared on)."""
    country = demonym_country(word) or country_name(word)
    return fold(country) if country else None


# --------------------------------------------------------------------------- descriptions

# Common nouns for one person, with the gender they state ("m", "f" or None). A description
# built on one ("the Oklahoma man", "a Brooklyn mother", a headline's "Teen") is no name.
_PERSON_NOUNS = {
    **dict.fromkeys("man boy father dad son husband brother grandfather grandson uncle nephew "
                    "gentleman guy boyfriend".split(), "m"),
    **dict.fromkeys("woman girl mother mom mum daughter wife sister grandmother granddaughter aunt niece "
                    "lady widow girlfriend actress".split(), "f"),
    **dict.fromkeys("teen teenager youth child toddler baby infant kid student pupil resident native "
                    "citizen driver motorist pedestrian climber hiker skier swimmer diver tourist "
                    "passenger gunman shooter killer murderer suspect victim inmate prisoner convict "
                    "lifer fugitive mobster boss godfather singer actor rapper star celebrity comedian "
                    "model player lineman quarterback athlete boxer veteran soldier officer cop "
                    "trooper deputy pilot doctor nurse surgeon teacher priest pastor worker employee "
                    "executive businessman businesswoman millionaire billionaire".split(), None),
}


def person_noun(word: str) -> tuple[bool, Optional[str]]:
    """Whether a word is a common noun for one person, and the gender it states:
    "man" → (True, "m"), "Teen" → (True, None), "men" → (False, None)."""
    low = word.lower()
    if low in _PERSON_NOUNS:
        return True, _PERSON_NOUNS[low]
    return False, None


def is_description(surface: str) -> bool:
    """A mention that describes a person rather than naming them ("Oklahoma man", "Teen")."""
    words = strip_possessive(tidy(surface)).split()
    return bool(words) and person_noun(words[-1])[0]
