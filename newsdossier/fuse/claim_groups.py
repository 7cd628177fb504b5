"""Which quantity claims state the same fact: one measured thing, of one subject, across documents.

Each claim carries its frame from extraction (extract/claim_frame.py): `measured` (the head word, then
the restricting words, each with the preposition that attaches it: "tariff", "on steel"), the
words as written (`measured_text`, for sentence embeddings) and whether the head is a verb. Two
claims are linked when

- **the same value is stated** (within rounding and approximation) in two documents, in the same
  kind of unit, with compatible subjects, and the things are not different — a value that is
  distinctive enough (two significant digits, or an amount of money, or 100 or more) is evidence
  by itself; a small or round one also needs the things to share a word or read alike;
- **different values** are stated for a thing that is clearly the same: the same head noun (or
  heads that read alike) sharing a restricting word in the same role, or two such words — enough
  to call it a contradiction or a change, so it needs more than a paraphrase.

Never linked, whatever else: two different named subjects, two restricting words in the same role
that differ ("on steel" / "on aluminium", "at Best Buy" / "at Walt Disney World", unless they read
as the same word), and two different values stated by one document for one time (one outlet does
not contradict itself: those are two facts). Groups grow by the strongest links first and a link is
taken only if every pair of the two groups it joins passes these checks, so a chain of links never
joins what a direct comparison would keep apart.
"""
from __future__ import annotations

import heapq
import re
from typing import Callable, Iterator, Optional

import numpy as np

from ..ids import state_digest

# Word similarities (cosine of MiniLM vectors, `newsdossier/embed.py`). Values set on the six build
# stories of benchmarks/basil_claims_gold.json, where the pairs decided the bounds:
SAME_WORD = 0.8  # two restricting words read as one: "employees"/"workers" 0.85, "forfeiture fund"/
# "asset forfeiture account" 0.81; while "steel"/"aluminium" 0.65, "daughter"/"son" 0.52 stay apart
SAME_HEAD = 0.45  # two counted nouns or heads read as one: "arrests"/"apprehensions" 0.49 (the lowest
# same-fact pair); "landowners"/"senators" and "miles"/"pages" fall far below
READ_ALIKE = 0.5  # two whole measured phrases read alike (paraphrase), for a small or round shared value
DISTINCTIVE = 100  # a value from 100 up (or with two significant digits, or money) is evidence by itself
MAX_DENSE = 4000  # claims of one unit kind compared all against all; above that, only those sharing a
# word or a value (a dossier of many stories: the comparison stays near-linear)
_UNIT_KINDS = {"%": "%", "share": "share"}
_LOOSE_ROLES = {"adj", "obj", "verb"}  # words of these roles describe, they do not tell two things apart
_TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}


def unit_kind(unit: Optional[str]) -> str:
    """Currencies compare with themselves, lengths of time with lengths, counts with counts."""
    if not unit:
        return "count"
    if unit in _UNIT_KINDS or unit.isupper():
        return _UNIT_KINDS.get(unit, unit)
    base = unit.split("/")[0]
    if base in _TIME_UNITS:
        return unit  # lengths of time compare in one unit ("five years" and "46 to 57 months" do not)
    return "count" + ("/" + unit.split("/")[1] if "/" in unit else "")


ROUNDING = 0.05  # at most this share of a round number is rounding: "$700 billion" for $716 billion is
# 2.2% off (one fact), "$200bn" and "$250bn" stay two values

def half_unit(value: str, number: float) -> float:
    """How far a stated number may be from the true one by rounding alone: '43,000' ±500, '5.4
    million' ±50,000, '$700 billion' ±35 billion (5% at most), '20%' ±0.5 (trailing zeros below 100
    are digits)."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", value or "")
    if not m or not number:
        return 0.5
    written = m.group(0).replace(",", "")
    digits = float(written)
    scale = number / digits if digits else 1.0
    if "." in written:
        return 0.5 * 10 ** -len(written.split(".")[1]) * scale
    zeros = len(written) - len(written.rstrip("0"))
    if digits < 100 and abs(scale - 1) < 1e-9:
        return 0.5
    return min(0.5 * 10 ** zeros * scale, ROUNDING * abs(number))


def _words(item) -> tuple[str, dict]:
    """(head, {role: set of words}) of a claim's measured thing."""
    measured = item.get("measured") or [w for w in re.split(r"\s*·\s*", item.get("attribute") or "") if w]
    if not measured:
        return "", {}
    roles: dict[str, set] = {}
    for word in measured[1:]:
        role, _, lemma = word.rpartition(" ")
        roles.setdefault(role, set()).add(lemma)
    return measured[0], roles


def _pool(roles: dict) -> dict:
    """Roles with every preposition as one ("pp")."""
    out: dict[str, set] = {}
    for role, words in roles.items():
        out.setdefault(role if not role or role in _LOOSE_ROLES else "pp", set()).update(words)
    return out


class _Frames(dict):
    """`_words` of each item (by index), made when first read: a growing dossier's grouping reads few."""

    def __init__(self, items: list[dict]):
        super().__init__()
        self.items = items

    def __missing__(self, k: int) -> tuple[str, dict]:
        frame = self[k] = _words(self.items[k])
        return frame


class Linker:
    """Pairwise tests over the quantity claims of a dossier (indices into `items`)."""

    def __init__(self, items: list[dict], embed: Optional[Callable]):
        self.items = items
        self.frames = _Frames(items)
        self.embed = embed
        self.vectors: dict = {}
        self.embedded: set = set()  # items whose words have vectors

    def ready(self, ks) -> None:
        """Give the words of these items their vectors (a growing dossier's grouping reads few items:
        each word is embedded when an item that has it is first compared)."""
        todo = [k for k in ks if k not in self.embedded]
        if not todo:
            return
        self.embedded.update(todo)
        words = set()
        for k in todo:
            head, roles = self.frames[k]
            words.update([head, *[x for s in roles.values() for x in s], self.items[k].get("measured_text") or ""])
        words = sorted(words - set(self.vectors) - {""})
        if self.embed is not None and words:
            self.vectors.update(zip(words, np.asarray(self.embed(words), dtype="float32")))

    def alike(self, a: str, b: str) -> float:
        if a == b:
            return 1.0
        va, vb = self.vectors.get(a), self.vectors.get(b)
        return float(va @ vb) if va is not None and vb is not None else 0.0

    def different_things(self, i: int, j: int, pooled: bool = False) -> bool:
        """Restricting words in the same role that differ: two measured things, never one. `pooled`:
        any two prepositions count as one role (an expense "on a cruise" and one "at a boutique")."""
        (head_i, roles_i), (head_j, roles_j) = self.frames[i], self.frames[j]
        if pooled:
            roles_i, roles_j = _pool(roles_i), _pool(roles_j)
        if self.items[i].get("measured_verb") != self.items[j].get("measured_verb"):
            return False  # a verb's phrases and a noun's modifiers are not in the same roles
        if self.items[i].get("measured_verb") and head_i != head_j:
            return False  # two actions: their phrases are not in comparable roles
        if head_i and head_j and head_i != head_j and self.alike(head_i, head_j) < SAME_HEAD:
            # two nouns: two things, unless their phrases name the same one ("a 10 percent levy on
            # aluminum", "a 10% tariff on aluminum"; "a vacation at the Vineyard Holistic Retreat")
            return self.shared(i, j) == 0
        for role in set(roles_i) & set(roles_j) - _LOOSE_ROLES:
            only_i, only_j = roles_i[role] - roles_j[role], roles_j[role] - roles_i[role]
            if only_i and only_j and not roles_i[role] & roles_j[role] and \
                    not any(self.alike(a, b) >= SAME_WORD for a in only_i for b in only_j):
                return True
        return False

    def shared(self, i: int, j: int) -> int:
        """Restricting words shared in the same role (not the loose ones: adjectives, objects, verbs);
        any two prepositions count as one role ("a vacation at the retreat", "$5,687.75 on the retreat")."""
        (_, roles_i), (_, roles_j) = self.frames[i], self.frames[j]
        pi, pj = _pool(roles_i), _pool(roles_j)
        return sum(len(pi[r] & pj[r]) for r in set(pi) & set(pj) - _LOOSE_ROLES)

    def same_head(self, i: int, j: int) -> bool:
        (head_i, _), (head_j, _) = self.frames[i], self.frames[j]
        return bool(head_i) and (head_i == head_j or self.alike(head_i, head_j) >= SAME_HEAD) and \
            not (self.items[i].get("measured_verb") and self.items[j].get("measured_verb") and head_i != head_j)

    def read_alike(self, i: int, j: int) -> bool:
        """A noun in common (a shared verb alone says little), or whole phrases that read alike."""
        nouns_i = {*[w for s in self.frames[i][1].values() for w in s]} | \
            ({self.frames[i][0]} if not self.items[i].get("measured_verb") else set())
        nouns_j = {*[w for s in self.frames[j][1].values() for w in s]} | \
            ({self.frames[j][0]} if not self.items[j].get("measured_verb") else set())
        if (nouns_i & nouns_j) - {""}:
            return True
        return self.alike(self.items[i].get("measured_text") or "", self.items[j].get("measured_text") or "") >= \
            READ_ALIKE


def distinctive(item: dict) -> bool:
    """A value two documents rarely state by chance for two different things: two significant
    digits or more ("$716 billion", "35 days", "1.6 million"), not a round or small one ("$8 billion",
    "two", "$5,000")."""
    m = re.search(r"\d[\d,]*(?:\.\d+)?", item.get("value") or "")
    if not m:
        return False
    digits = m.group(0).replace(",", "").replace(".", "").strip("0")
    return len(digits) >= 2


def candidate_pairs(lists: list[list[int]], focus: Optional[set] = None) -> Iterator[tuple[int, int]]:
    """Pairs worth comparing, each once, from `pairing`'s lists. `focus`: only the pairs with one of
    these. Given one at a time: a large dossier has tens of millions."""
    lists_of: dict[int, list[int]] = {}
    for n, members in enumerate(lists):
        for k in members:
            lists_of.setdefault(k, []).append(n)

    def first_shared(a: int, b: int) -> int:
        la, lb = lists_of[a], lists_of[b]
        return la[0] if len(la) == 1 else lb[0] if len(lb) == 1 else min(set(la) & set(lb))

    for n, members in enumerate(lists):
        for x, a in enumerate(members):
            if focus is not None and a not in focus:
                continue
            for b in (members[x + 1:] if focus is None else members):
                if b == a or focus is not None and b in focus and b < a:
                    continue  # a pair of two in focus is given from its first
                if first_shared(a, b) == n:
                    yield (a, b) if a < b else (b, a)


def pairing(items: list[dict]) -> tuple[list[list[int]], list]:
    """Lists of items (ascending) whose every pair is worth comparing — all of one unit kind in a
    small dossier, else those sharing a word or a value (a word every claim has tells nothing) —
    and their shape: what decides them beyond the items themselves (per unit kind, whether it is
    compared all against all, else the words too common to tell anything)."""
    lists, shape = [], []
    for kind, members in sorted(_by_kind(items).items()):
        if len(members) <= MAX_DENSE:
            lists.append(members)
            shape.append([kind])
            continue
        index = _word_index(items, members)
        lists += [ks for ks in index.values() if len(ks) <= MAX_DENSE]
        shape.append([kind, sorted(k for k, ks in index.items() if len(ks) > MAX_DENSE)])
    return lists, shape


def _by_kind(items: list[dict]) -> dict[str, list[int]]:
    by_kind: dict[str, list[int]] = {}
    for k, c in enumerate(items):
        by_kind.setdefault(unit_kind(c.get("unit")), []).append(k)
    return by_kind


def _word_index(items: list[dict], members: list[int]) -> dict[str, list[int]]:
    index: dict[str, list[int]] = {}
    for k in members:
        head, roles = _words(items[k])
        for key in {head, *[w for s in roles.values() for w in s], f"#{round(items[k].get('number') or 0, 3)}"}:
            if key:
                index.setdefault(key, []).append(k)
    return index


def _subjects_compatible(a: Optional[str], b: Optional[str]) -> bool:
    """The same named subject, or one of them unnamed ("Trump" and "Donald Trump" are one name)."""
    if not a or not b or a == b:
        return True
    wa, wb = _name_words(a), _name_words(b)
    return wa <= wb or wb <= wa


def _name_words(name: str) -> set:
    return set(re.findall(r"[a-z0-9]+", name.lower())) - {"the", "a", "an"}


def _ambiguous(items: list[dict], linker: Linker, agree: Callable, among: Optional[set] = None) -> set:
    """Claims whose document states another value for a thing that reads the same, at the same time
    ("outraising the professor $5.4 million to $200,000"): without a subject to tell them apart,
    neither can stand for the document against another outlet's different value. `among`: only
    these claims (whole documents)."""
    by_doc: dict[str, list[int]] = {}
    for k, c in enumerate(items):
        if among is None or k in among:
            by_doc.setdefault(c["doc"], []).append(k)
    found = set()
    for ks in by_doc.values():
        for n, i in enumerate(ks):
            for j in ks[n + 1:]:
                a, b = items[i], items[j]
                if unit_kind(a.get("unit")) != unit_kind(b.get("unit")) or agree(a, b) or times_disjoint(a, b):
                    continue
                if a.get("subject_key") and b.get("subject_key") and a["subject_key"] != b["subject_key"]:
                    continue
                plain = not linker.frames[i][1] and not linker.frames[j][1]
                if linker.same_head(i, j) and (plain or linker.shared(i, j)) and \
                        not linker.different_things(i, j, pooled=True):
                    found.update((i, j))
    return found


def _close(a: dict, b: dict) -> bool:
    """Values near each other, not merely compatible: "up to $250,000" allows $5,300, but does not
    state it. Within the loosest approximation (15%, fuse/claims.py LOOSE)."""
    x, y = a["number"], b["number"]
    return abs(x - y) <= 0.15 * max(abs(x), abs(y))


def times_disjoint(a: dict, b: dict) -> bool:
    """Two times each stated in its sentence that do not overlap ("in 2000", "last year")."""
    if a.get("as_of_basis") != "own" or b.get("as_of_basis") != "own" or not a.get("as_of") or not b.get("as_of"):
        return False
    sa, ea = (a["as_of"].split("/") + [a["as_of"]])[:2]
    sb, eb = (b["as_of"].split("/") + [b["as_of"]])[:2]
    return ea < sb[:len(ea)] or eb < sa[:len(eb)]


class Grouping:
    """What quantity grouping keeps between fusions of a growing dossier, by claim: its fingerprint
    (everything grouping reads of it), whether its document makes it ambiguous and its group
    (`cluster`, named by its smallest claim); the links themselves (strength, claim, claim); and
    the `pairing` shape.

    Documents added later bring new claims, and may change old ones (a subject that now means
    another entity): those are compared with every candidate again; every other link stays. The
    groups that held a changed or removed claim are grown again from their claims, and so is every
    group a new or changed claim reaches (`_merge`); every other group stays: the groups a grouping
    of every claim gives.

    The links are held here (`links`), or read when needed from `stored` (a store's
    `claim_links_touching`), so that a large dossier's links are not all read on every fusion: only
    those of the groups an added claim reaches."""

    def __init__(self, shape=None, rows=(), links=(), stored=None):
        self.shape = shape
        self.prints, self.ambiguous, self.clusters = {}, {}, {}
        for claim, fingerprint, ambiguous, cluster in rows:
            self.prints[claim], self.ambiguous[claim], self.clusters[claim] = fingerprint, ambiguous, cluster
        self.links = list(links)
        self.stored = stored
        self.stale_links: Optional[set] = None  # after a run: claims whose stored links went (None: all)
        self.new_links: list = []  # after a run: the links to store

    def rows(self) -> list[tuple]:
        return sorted((c, self.prints[c], self.ambiguous[c], self.clusters[c]) for c in self.prints)


class _Links:
    """The links `_merge` reads, by item: those touching some items, and those inside old groups.
    Links are (strength, i, j), i and j item positions; each pair is linked at most once. The old
    links are all in memory (`kept`), or read from `stored` an item's links at once, and only for
    the items `_merge` reaches: the new links' ends and the members of the old groups it follows."""

    def __init__(self, new: list, old: list, kept: Optional[list] = None, stored=None,
                 keys: Optional[list] = None, stale: frozenset = frozenset()):
        self.new, self.old, self.kept = new, old, kept
        self.stored, self.keys, self.stale = stored, keys, stale
        self.of_item: dict[int, list] = {}  # every link of an item, for the items read so far
        self._members: Optional[dict] = None  # old group label → its items
        self._position: Optional[dict] = None  # claim key → item

    def all(self) -> list:
        return self.new + (self.kept or [])

    def touching(self, items) -> list:
        self._read([k for k in items if k not in self.of_item])
        return sorted({link for k in items for link in self.of_item.get(k, ())})

    def within(self, labels) -> dict:
        """Old group label → the links inside it (its members all as they were: none is stale)."""
        if self._members is None:
            self._members = {}
            for k, label in enumerate(self.old):
                if label is not None:
                    self._members.setdefault(label, []).append(k)
        self._read([k for label in labels for k in self._members.get(label, ()) if k not in self.of_item])
        return {label: sorted({link for k in self._members.get(label, ()) for link in self.of_item.get(k, ())
                               if self.old[link[1]] == label == self.old[link[2]]}) for label in labels}

    def _read(self, items: list) -> None:
        if self.kept is not None:  # every link in memory: indexed by item when first asked for
            if not self.of_item:  # (never when every item is grown: a first grouping asks for `all`)
                for link in self.all():
                    self.of_item.setdefault(link[1], []).append(link)
                    self.of_item.setdefault(link[2], []).append(link)
            return
        if not items:
            return
        wanted = set(items)
        for k in wanted:
            self.of_item[k] = []
        if self._position is None:
            self._position = {key: k for k, key in enumerate(self.keys)}
        position, stale = self._position, self.stale
        rows = self.stored.claim_links_touching(sorted(self.keys[k] for k in wanted))
        found = [(w, position[a], position[b]) for w, a, b in rows if a not in stale and b not in stale]
        for link in found + [link for link in self.new if link[1] in wanted or link[2] in wanted]:
            for k in link[1:]:
                if k in wanted:
                    self.of_item[k].append(link)


def fingerprint(item: dict) -> str:
    return state_digest(item)


def group(items: list[dict], embed: Optional[Callable], agree: Callable[[dict, dict], bool],
          grouping: Optional[Grouping] = None) -> list:
    """A group label for each quantity claim (`items`: claim records with `id`, `subject_key`,
    `measured`, `measured_text`, `measured_verb`, `value`, `number`, `approx`, `as_of`,
    `as_of_basis`, `doc`). With `grouping` (the last fusion's), only what new or changed claims
    touch is compared and grouped again; it is brought up to date."""
    linker = Linker(items, embed)
    prints = [fingerprint(c) for c in items]
    lists, shape = pairing(items)
    keys = _keys(items)
    state = grouping if grouping is not None else Grouping()
    reset = state.shape != shape
    if reset:  # other pairs are compared (or the first grouping): everything again
        state.__init__()
    everything = set(range(len(items)))
    # the documents whose claims changed: a claim's ambiguity depends on its document's other claims
    docs = {c["doc"] for c, key, p in zip(items, keys, prints) if state.prints.get(key) != p}
    dirty = {k for k, c in enumerate(items) if c["doc"] in docs}
    gone = set(state.prints) - set(keys)
    linker.ready(dirty)
    ambiguous = _ambiguous(items, linker, agree, dirty) | {k for k in everything - dirty if state.ambiguous[keys[k]]}
    stale = {keys[k] for k in dirty} | gone
    focus = None if dirty == everything else dirty
    if focus is not None:  # the claims the changed ones are compared with
        linker.ready({k for ks in lists if not focus.isdisjoint(ks) for k in ks})
    new = _links(items, linker, ambiguous, agree, candidate_pairs(lists, focus))
    # a group that held a changed or removed claim is grown again from its claims
    broken = {state.clusters[i] for i in stale if i in state.clusters}
    old = [None if k in dirty or state.clusters[keys[k]] in broken else state.clusters[keys[k]]
           for k in range(len(items))]
    if state.stored is not None and not reset:
        links = _Links(new, old, stored=state.stored, keys=keys, stale=frozenset(stale))
    else:
        position = {key: k for k, key in enumerate(keys)}
        kept = [(w, position[a], position[b]) for w, a, b in state.links if a not in stale and b not in stale]
        links = _Links(new, old, kept=kept)
    roots, grown = _merge(items, linker, agree, links, old)
    named: dict = {}  # a group is named by its smallest claim
    for k in grown:
        named[roots[k]] = min(named.get(roots[k], keys[k]), keys[k])
    for i in gone:
        del state.prints[i], state.ambiguous[i], state.clusters[i]
    for k in dirty:
        state.prints[keys[k]], state.ambiguous[keys[k]] = prints[k], k in ambiguous
    for k in grown:
        state.clusters[keys[k]] = named[roots[k]]
    state.stale_links = None if reset else stale
    state.links = [] if links.kept is None else [(w, keys[i], keys[j]) for w, i, j in links.all()]
    state.new_links = [(w, keys[i], keys[j]) for w, i, j in new]
    state.shape = shape
    return [state.clusters[i] for i in keys]


def _keys(items: list[dict]) -> list[str]:
    """Each claim's id, and how many claims before it carry the same id (one document may state a
    value twice in one span)."""
    seen: dict[str, int] = {}
    keys = []
    for c in items:
        n = seen[c["id"]] = seen.get(c["id"], -1) + 1
        keys.append(c["id"] if n == 0 else f"{c['id']}#{n}")
    return keys


def _links(items: list[dict], linker: Linker, ambiguous: set, agree: Callable, pairs) -> list[tuple]:
    """(strength, i, j) of every pair that states one fact (see the module's docstring)."""
    links = []
    for i, j in pairs:
        a, b = items[i], items[j]
        if not _subjects_compatible(a.get("subject_key"), b.get("subject_key")) or linker.different_things(i, j):
            continue
        shared = linker.shared(i, j)
        likeness = linker.alike(a.get("measured_text") or "", b.get("measured_text") or "")
        if agree(a, b) and _close(a, b):
            # "repay the $84,000": a definite amount is the one the document stated before
            anaphora = a["doc"] == b["doc"] and (a.get("definite") or b.get("definite"))
            if a["doc"] == b["doc"] and not anaphora or a["doc"] != b["doc"] and not (distinctive(a) and distinctive(b)):
                if not linker.read_alike(i, j):
                    continue
            links.append((2 + shared + likeness, i, j))
            continue
        if i in ambiguous or j in ambiguous:
            continue  # its document gives this thing two values: which one another outlet contradicts is unknown
        if a["doc"] == b["doc"]:
            # one document, two values: two facts at one time; at two stated times, a change when the
            # same noun measures both ("520,000 arrests last year, … the 1.6 million arrests in 2000")
            if times_disjoint(a, b) and linker.same_head(i, j) and not a.get("measured_verb") and \
                    not b.get("measured_verb"):
                links.append((1 + likeness / 10, i, j))
            continue
        # different values: a contradiction or a change, so the thing must clearly be the same —
        # an action's amount also needs its one named subject ("raised $200,000" is whose?)
        if a.get("measured_verb") or b.get("measured_verb"):
            if not (a.get("subject_key") and a.get("subject_key") == b.get("subject_key")):
                continue
        plain = not linker.frames[i][1] and not linker.frames[j][1]
        named = a.get("subject_key") and a.get("subject_key") == b.get("subject_key")
        if linker.same_head(i, j) and (shared or plain and named) or shared >= 2:
            links.append((1 + shared / 10 + likeness / 10, i, j))
    return links


def _may_join(a: dict, b: dict, i: int, j: int, linker: Linker, agree: Callable) -> bool:
    """Whether two claims may be in one group."""
    if not _subjects_compatible(a.get("subject_key"), b.get("subject_key")) or linker.different_things(i, j):
        return False
    if a["doc"] == b["doc"] and (not agree(a, b) and not times_disjoint(a, b) or
                                 agree(a, b) and not linker.read_alike(i, j) and
                                 not (a.get("definite") or b.get("definite"))):
        return False  # one document: two values at one time, or one value for two things
    return True


def _merge(items: list[dict], linker: Linker, agree: Callable, links: _Links,
           old: Optional[list] = None) -> tuple[list[int], set]:
    """Groups grown by the strongest links first (strength, then the claims' order), a link taken
    only when every pair of the two groups it joins passes the checks. Returns the root of each
    item's group, and the items whose group was grown here.

    `old`: each item's group in the last grouping, made the same way from the same links (None: an
    item whose group must be grown anew: new, changed, or in a group that lost a claim). An item
    whose group is as it was at a link's turn needs no check: the last grouping took that link if,
    and only if, the two ends ended in one group (a link refused is never taken later, since
    groups only grow). So only the links of grown groups are checked; an old group is followed
    link by link from when a grown one first reaches it, and is grown itself from the moment it
    differs from what it was (it took a link refused before, or refused one taken before). The
    groups no grown group reaches stay as they were, unread: their links are never asked for."""
    n = len(items)
    old = old or [None] * n
    parent = list(range(n))
    members = {k: [k] for k in range(n)}
    grown = {k for k in range(n) if old[k] is None}

    def turn(link: tuple) -> tuple:
        strength, i, j = link
        return -strength, i, j

    queue = [(turn(link), link) for link in (links.all() if len(grown) == n else links.touching(grown))]
    heapq.heapify(queue)
    queued = {link for _, link in queue}
    followed: set = set()  # old groups followed link by link
    inside: dict = {}  # old group → its links, read a batch of groups at a time
    now: tuple = ()

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    refused: dict[int, set] = {}  # a group → a claim of each group it was refused with: refused for good

    def join(x: int, y: int) -> int:
        parent[y] = x
        members[x] += members.pop(y)
        if y in refused:
            refused.setdefault(x, set()).update(refused.pop(y))
        return x

    def queue_link(link: tuple) -> None:
        if link not in queued:
            queued.add(link)
            heapq.heappush(queue, (turn(link), link))

    def grow(root: int) -> None:
        """From now on this group differs from the last grouping's: its members' later links are checked."""
        fresh = [k for k in members[root] if k not in grown]
        grown.update(fresh)
        for link in links.touching(fresh) if fresh else ():
            if link not in queued and turn(link) > now:
                queue_link(link)

    def follow(label: str) -> None:
        """An old group first reached: its history until now as it was, its later links in line."""
        followed.add(label)
        if label not in inside:  # with it, every old group the queue reaches so far
            wanted = {old[k] for _, (_, i, j) in queue for k in (i, j) if k not in grown}
            inside.update(links.within(wanted - followed - set(inside) | {label}))
        for link in sorted(inside.pop(label), key=turn):
            if turn(link) < now:
                _, i, j = link
                x, y = find(i), find(j)
                if x != y:
                    join(x, y)
            else:
                queue_link(link)

    def compatible(x: int, y: int) -> bool:
        """Every pair of the two groups passes the checks. A pair that fails stays in the two
        groups whatever they take in later, so a refusal is kept."""
        before = min((refused.get(x, set()), y), (refused.get(y, set()), x), key=lambda r: len(r[0]))
        if any(find(k) == before[1] for k in before[0]):
            return False
        linker.ready(members[x] + members[y])
        for i in members[x]:
            for j in members[y]:
                if not _may_join(items[i], items[j], i, j, linker, agree):
                    refused.setdefault(x, set()).add(y)
                    refused.setdefault(y, set()).add(x)
                    return False
        return True

    while queue:
        now, (_, i, j) = heapq.heappop(queue)
        for k in (i, j):
            if k not in grown and old[k] not in followed:
                follow(old[k])
        x, y = find(i), find(j)
        if x == y:
            continue
        if i not in grown and j not in grown:  # two groups as they were: as decided then
            if old[i] == old[j]:
                join(x, y)
            continue
        if compatible(x, y):
            grow(join(x, y))
            continue
        for k, root in ((i, x), (j, y)):
            if k not in grown and old[i] == old[j]:
                grow(root)  # the last grouping took this link: this group is no longer what it was
    return [find(k) for k in range(n)], grown
