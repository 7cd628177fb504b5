"""Find the article body in scraped plain text: which lines are the article and which are junk.

The input is whatever a scraper returned: usually one block per line, with navigation, share
bars, donation widgets, sign-up forms, "related" lists, author boxes, comment threads and
footers around (and sometimes inside) the article. ``body_spans`` returns character spans of the
original text that are the article (title, standfirst, paragraphs, in-article headings); the text
itself is never modified, so every downstream offset still points into the original document.

The method is rule- and feature-based (no model, no spaCy; pure Python + ``re``) and works line
by line over the untouched text:

1. every non-blank line gets a class from general signals only: length, stopword share, share of
   lowercase words, sentence punctuation, URL/handle/e-mail density, date/byline/name/caption
   shape, generic boilerplate phrasing, repetition inside the document. Hard-wrapped paragraphs
   (fragments of one sentence on touching lines) are classified as one block; a table of contents
   is junk, a table of facts ("| India | 2017 |") is not;
2. a comment thread ("Notify of", "N comments", recurring "X said:" / timestamps), once it starts
   after some article text, ends the article;
3. the main article is the contiguous run of lines with the highest score — prose counts for it,
   junk and short fragments against it, headers such as "Related Articles" strongly against it
   (a maximum-sum segment). It is then stretched over a closing list or table and over a last
   sentence hidden behind a short heading;
4. inside that run, junk lines, bare names and blocks repeated a few lines apart (captions) are
   dropped; in-article headings, short quotes, table rows and embedded-post attributions
   ("— Name (@handle) July 3, 2024") stay. A headline just above the run that shares content
   words with the article's opening is added as the title;
5. furniture run into a kept line (share bars, sign-up widgets, video-player controls, photo
   credits, caption labels and their captions, "… Read more" links, a byline before a dateline) is
   cut out of its span, so one line may give several spans (``inline_spans``).

The weights below were set on the even half of the ScrapingHub naive pairs and checked on the
odd half (``benchmarks/naive_pairs.py`` prints both).
"""
from __future__ import annotations

import re

__all__ = ["body_spans"]

# --------------------------------------------------------------------------------------------
# Line classes
GOOD, NEAR, SHORT, BAD, BARRIER = "good", "near", "short", "bad", "barrier"

# Function words. English first (the product's main language), plus the most frequent function
# words of a few other Latin-script languages so that prose in them is still recognised as prose.
_STOPWORDS = frozenset(
    """
    a about above after again against all also although am an and any are around as at be
    because been before being below between both but by can could did do does doing down during
    each either even ever every few for from further had has have having he her here hers herself
    him himself his how however i if in into is it its itself just least less like many may me
    might more most much must my myself neither no nor not now of off often on once one only or
    other others our ours ourselves out over own per perhaps rather same several she should since
    so some such than that the their theirs them themselves then there these they this those
    though through thus to too toward towards under until up upon us very via was we well were
    what when where whether which while who whom whose why will with within without would yet you
    your yours yourself yourselves says said say according told amid despite among
    el la los las del que en un una por con para se su al lo como pero sus le es mas más fue
    ha sido o entre sobre también este esta ese esa
    o os da do das dos em um uma com para não nao se na no nas nos ao mais foi é sua seu pelo pela
    le les des du une et est dans pour qui sur pas par au aux avec ce cette sont ont été il elle
    der die das und ist nicht ein eine zu den mit von dem des sich auf für im auch es an als wie
    il di che è per una nel della non si gli sono anche alla delle dei
    yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke
    и в не на что с по как это из к а о но за от то же у так его она он для все они был бы
    """.split()
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co|io|gov|edu|uk|info|ru|de)\b(?:/\S*)?", re.I)
_HANDLE = re.compile(r"(?<![\w.])@\w{2,}")
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.-]+\b")
_SENT_END = re.compile(r"[.!?…](?:[\"'”’»)\]]*)(?:\s|$)")

_MONTHS = (
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
_DATE_WORDS = frozenset(
    _MONTHS
    + _WEEKDAYS
    + """am pm a.m p.m m et est edt cst cdt pst pdt gmt utc bst cet cest ist jst msk hrs h
    at on updated published posted modified last today yesterday ago min mins minute minutes hour
    hours day days week weeks month months year years th st nd rd of""".split()
)

# Generic boilerplate phrasing. Each pattern is applied to short lines (a few words up to a
# couple of hundred characters); prose that merely mentions these words is long and is not hit.
_JUNK_SHORT = re.compile(
    r"""
    ^(?:share|shares|share\s+this|share\s+on\b.*|tweet|email|e-mail|print|pin|pinterest|whatsapp|
        facebook|twitter|linkedin|reddit|telegram|flipboard|copy\s+link|link\s+copied|
        comments?|\d+\s+comments?|reply|report|like|follow|follow\s+us\b.*|menu|search(?:\s+\S+){0,2}|home|
        close|open|next|previous|prev|back|more|load\s+more|show\s+more|see\s+more|view\s+more|
        read\s+more.*|continue\s+reading.*|advertisement|advertising|ad|ads|sponsored.*|
        skip\s+to.*|back\s+to\s+top.*|top|caption|image|photo|video|gallery|loading.*|
        log\s*in|sign\s*in|sign\s*up.*|subscribe.*|register.*|login|logout|listen.*|
        (?:\d+\s*)?(?:min(?:ute)?s?\s+read|shares?|views?|likes?|replies|responses)|
        (?:tags?|topics?|categories?|filed\s+under|posted\s+in)(?:\s*:.*|\s*)|(?:tags?|filed\s+under|posted\s+in)\s+\S.*)$
    """,
    re.I | re.X,
)
_JUNK_ANY = re.compile(
    r"""
    leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+a\s+comment|write\s+a\s+comment|
    notify\s+of|view\s+all\s+comments|newest\s+most\s+voted|oldest\s+newest|inline\s+feedbacks|
    comments?\s+powered\s+by|please\s+enter\s+your|enter\s+your\s+(?:e-?mail|name|comment|zip)|
    your\s+email\s+address\s+will\s+not|required\s+fields\s+are\s+marked|
    save\s+my\s+name|captcha|i'?m\s+not\s+a\s+robot|
    sign\s+up\s+(?:for|to|now|here|today)|subscribe\s+(?:to|now|today|for)|
    (?:our|daily|weekly|free)\s+newsletters?\b|newsletter\s+sign|
    by\s+submitting\s+this\s+form|by\s+signing\s+up|by\s+clicking|by\s+registering|
    terms\s+of\s+(?:use|service|sale)|privacy\s+(?:policy|notice|statement|settings)|
    cookie\s+(?:policy|settings|preferences|statement)|\buses?\s+cookies\b|accept\s+(?:all\s+)?cookies|
    all\s+rights\s+reserved|©|\(c\)\s*\d{4}|copyright\s+(?:©|\d{4}|\(c\))|
    click\s+to\s+(?:see|share|email|print|enlarge|view|open)|click\s+here|tap\s+(?:here|to)|
    opens\s+in\s+(?:a\s+)?new\s+window|full-?size\s+image|view\s+(?:full\s+)?(?:image|gallery|photo)|
    last\s+edited\s+\d+\s+\w+\s+ago|\bsupport\s+(?:us\b|our\s+(?:work|journalism|newsroom|site|mission)|independent\s+(?:media|journalism|news))|
    ^\W*support\s+\w+\W*$|^\W*donate\b|\bdonate\s+(?:now|today|here|to\s+us|online)|make\s+a\s+(?:one-?time\s+)?donation|
    \bdonations?\s+(?:button|form|page|widget)|(?:via|on|through|with)\s+(?:patreon|paypal)\W*$|
    become\s+a\s+(?:member|patron|subscriber)|
    already\s+a\s+(?:subscriber|member)|create\s+(?:an\s+|a\s+free\s+)?account|
    ^\W*(?:related|recommended|popular|latest|more|top|trending|featured|similar)\s+
        (?:articles?|stories|posts?|news|reads?|links|videos?|content|topics|coverage|reading|headlines)\b|
    you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested)|^you\s+(?:may|might)\s+(?:like|enjoy)\W*$|^don'?t\s+miss\b|
    ^\W*most\s+(?:popular|read|viewed|shared|commented|emailed)|table\s+of\s+contents|
    continue\s+on\s+(?:the\s+)?app|download\s+(?:the|our)\s+app|get\s+the\s+app|
    ^(?:photo|image|picture|credit|source|video|watch|listen|graphic|illustration)s?\s*:|
    \((?:photo|image|picture|credit|file\s+photo)\b|\bphoto\s*(?:credit|by)\b|getty\s+images|
    \b(?:ap|afp|reuters|epa)\s+photo\b|shutterstock|\bimage\s+\d+\s+of\s+\d+|
    ^(?:about\s+(?:the\s+)?author|about\s+us|contact\s+us|latest\s+stories|latest\s+posts)$|
    \bcredit\s*(?:\.{2,}|…)|\bfile\s+photo\b|^(?:reporting|writing|editing|additional\s+reporting)\s+by\b|
    ^\((?:reporting|writing|editing|additional\s+reporting)\s+by\b|have\s+a\s+(?:news\s+)?tip\b|may\s+be\s+reached\s+at\b|
    \bfollow\s+(?:him|her|them|me|us)\s+on\b|\bshare\s+it\s+with\s+a\s+friend|if\s+you\s+buy\s+something|
    (?:may|might|will)\s+(?:receive|earn|get)\s+(?:a\s+)?(?:small\s+)?(?:commission|share\s+of\s+(?:the\s+)?sales?)|
    thanks?\s+(?:you\s+)?for\s+(?:signing\s+up|subscribing|reading)|keep\s+an\s+eye\s+on\s+your\s+inbox|opt-?in\s+box|
    see\s+all\s+newsletters|if\s+you\s+(?:enjoyed|liked)\s+this\s+(?:article|story|post)|
    ^want\s+more\b.{0,40}\?\s*(?:join|sign|subscribe)|
    ^this\s+(?:article|story|post)\s+(?:was\s+)?(?:originally\s+)?(?:appeared|published|first\s+appeared)|
    ^originally\s+(?:published|appeared)|views\s+expressed\s+(?:in\s+this|here|by\s+the\s+author)|
    ^sort\s+by\b|log\s*in\s+to\s+(?:comment|reply|post)|delivered\s+(?:straight\s+|directly\s+)?to\s+your\s+inbox|
    ^featured\s+image|^(?:story|article)\s+continues\s+below|please\s+(?:consider\s+)?(?:support|donat)|
    become\s+a\s+supporter|^print\s+(?:this\s+)?(?:article|page|story)$|^email\s+(?:this\s+)?(?:article|page|story)$|
    ^(?:author|editor|writer|reporter|journalist|correspondent|contributor|columnist|analyst)s?\b.{0,40}?
        \b(?:specializ|specialis|covering|covers|based\s+in|focus(?:es|ing)\s+on|writes\s+(?:about|on))|^more\s+(?:from|in|on|about)\b|^see\s+also\b|^related\b|^read\s+(?:more|also|next)\b|
    ^also\s+read\b|^recommended\b|^trending\b|^(?:previous|next)\s+(?:article|post|story)\b
    """,
    re.I | re.X | re.M,
)
# Boilerplate that is recognisable even in a long line.
_JUNK_LONG = re.compile(
    r"""\b(?:we|this\s+(?:web)?site|our\s+(?:web)?site)\s+uses?\s+cookies|\bcookies?\s+(?:policy|settings|to\s+(?:improve|give|ensure|provide))|
    all\s+rights\s+reserved|^©|^copyright\b|registered\s+trademarks?\s+of|
    by\s+(?:submitting|registering|signing\s+up|clicking)\b.{0,80}\b(?:agree|accept|consent)|
    privacy\s+policy\s+and\s+terms|terms\s+of\s+(?:use|service)\s+and\s+privacy""",
    re.I | re.X,
)
# Headers that open a non-article section (lists of other stories, comment threads, author
# boxes). Between the article and what follows them the region search pays a high price.
_SECTION_HEADER = re.compile(
    r"""^(?:
        (?:related|recommended|popular|latest|more|top|trending|featured|similar|recent|other)\s*
            (?:articles?|stories|posts?|news|reads?|links|videos?|content|topics|coverage|reading|headlines|items?)?|
        more\s+(?:from|in|on|about|by)(?:\s+[\w&.'’-]+){1,4}|more(?:\s+[A-Z][\w&.'’-]*){1,3}|top\s+rated\s+comments|
        you\s+(?:may|might)\s+also\s+(?:like|enjoy|be\s+interested\s+in)|read\s+(?:more|next|also)|
        also\s+(?:read|on\s+[\w&.'’-]+)|see\s+also|what\s+to\s+read\s+next|editor'?s\s+picks?|most\s+\w+|
        around\s+the\s+(?:web|site)|from\s+(?:the\s+)?(?:web|around\s+the\s+web)|sponsored\s+(?:content|links|stories)|
        about\s+(?:the\s+)?authors?|latest\s+stories|share\s+this(?:\s+article|\s+story)?|
        (?:\d+\s+)?comments?|(?:\d+\s+)?responses?|leave\s+a\s+(?:reply|comment)|join\s+the\s+(?:discussion|conversation)
        )\s*:?\s*$""",
    re.I | re.X,
)
# Section headers that introduce lists of other stories.
_LIST_HEADER = re.compile(
    r"^\W*(?:related|recommended|popular|latest|more|top|trending|featured|similar|recent|other|most|read|also|see|"
    r"you\s+may|you\s+might|what\s+to\s+read|editor|around|from|sponsored)\b",
    re.I,
)
# Strong signs that a comment thread starts: everything after them is comments.
_COMMENT_START = re.compile(
    r"""^[\W_]*(?:top\s+rated\s+comments|reader\s+comments|comments\s+for\s+this\s+(?:thread|article)|notify\s+of|view\s+all\s+comments|newest\s+most\s+voted|oldest\s+newest\s+most\s+voted|
        inline\s+feedbacks|leave\s+a\s+(?:reply|comment)|post\s+a\s+comment|add\s+a\s+comment|
        \d+\s+(?:comments?|responses?|replies)\b.*|(?:blog\s+)?comments?\s+powered\s+by.*|
        join\s+the\s+(?:discussion|conversation).*|show\s+comments|load\s+comments|
        \d+\s+thoughts?\s+on\b.*|\d+\s+responses?\s+to\b.*|one\s+(?:response|thought|comment)\s+(?:to|on)\b.*|
        comments?\s+are\s+closed.*|discussion\s*\(\d+\)|comments?\s*\(\d+\))[\W_]*$""",
    re.I | re.X,
)
_COMMENT_META = re.compile(
    r"""(?:\bsaid|\bsays|\bwrote|\breplied)\s*:\s*$|^(?:reply|report|flag|like|dislike|quote)$|
    ^rating:|^\d+\s+(?:likes?|votes?|points?|upvotes?|replies)$|\b\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|
    ^(?:in\s+)?reply\s+to\b""",
    re.I | re.X,
)
# "By Jane Doe", "Written by Jane Doe, analyst", "Posted by J. Doe on May 3": "by" and a name.
_BYLINE = re.compile(
    r"^(?i:(?:written|posted|published|reported|compiled|edited|story|photos?|words|text|video)\s+)?(?i:by)\s*:?\s+"
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
    r"August|September|October|November|December|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|"
    r"Oct|Nov|Dec)\.?|Contrast|Comparison|Then|Now|Far|Law|Default|Design|Noon|Midnight|Nightfall|Dawn|Early|Late|"
    r"Mid-\w+|End)\b)"
    r"(?:[A-Z][\w.'’-]*|[^\W\d_][\w.'’-]*[A-Z])(?:\s+(?:[A-Z][\w.'’-]*|and|&|de|da|van|von|der|bin|al-\w+))*"
    r"\s*(?:$|[,|/•·–—(-]|\s(?i:on|in|for|at|and|updated|published)\b)"
)
_BIO = re.compile(
    r"^(?:[\w-]+\s+(?:contributor|columnist|correspondent|writer|editor)\s+)?"
    r"[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s+(?:is|was|has\s+been)\s+(?:an?\s+|the\s+)?"
    r"(?:[\w-]+\s+){0,6}(?:reporter|writer|editor|correspondent|journalist|columnist|contributor|author|"
    r"analyst|fellow|producer|blogger|freelancer|host|anchor|photographer)\b"
)
_TWEET_ATTRIB = re.compile(r"^[—–-]\s*[^\n]{0,80}\(@\w+\)")
_ELLIPSIS_END = re.compile(r"(?:\.\.\.|…)\s*[\"”’)\]]*$")
_TABLE_ROW = re.compile(r"^\|.*\|$")
_TOC_ITEM = re.compile(r"^[-*•]?\s*\d{1,2}(?:\.\d{1,2})*[.)]\s+\S")
_TOC_HEADER = re.compile(
    r"^[\W_]*(?:table\s+of\s+contents?|contents|in\s+this\s+(?:article|story|post)|jump\s+to(?:\s+section)?|on\s+this\s+page|quick\s+links)[\W_]*$",
    re.I,
)
# A photo caption ends with its credit: "(AP Photo/Jane Doe)", "Credit: X", "/ AFP".
_CAPTION_END = re.compile(
    r"""(?:\((?:[^()]{0,40}/)?(?:AP|AFP|Reuters|REUTERS|Getty|EPA|Xinhua|TASS|Sputnik|Bloomberg|NASA|File)[^()]{0,60}\)|
    (?:Photo|Image|Picture|Photograph|Credit|Illustration)s?(?:\s+credit)?\s*:\s*[^.]{2,60}|
    /\s*(?:Getty\s+Images|AFP|Reuters|AP|EPA|Shutterstock)[^.]{0,30}|(?:AP|AFP|Reuters|Getty\s+Images)\s*|
    \((?:[A-Z][\w .&-]*/)+[A-Z][\w .&-]*\))\s*$""",
    re.X,
)
_TRAILING_LINK = re.compile(r"(?:\s+(?:pic\.twitter\.com/\S+|https?://\S+|www\.\S+|@\w+))+\s*$")
_ENDS_SENTENCE = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_NONWORD = re.compile(r"^[\W\d_]*$")


class _Line:
    __slots__ = (
        "start", "end", "text", "nchar", "nwords", "stop", "lower", "sents", "kind",
        "ends_sentence", "dup", "dup_near", "flag", "gap",
    )


def _split_lines(text: str) -> list[_Line]:
    """Non-blank lines of ``text`` with their trimmed [start, end) offsets."""
    out: list[_Line] = []
    pos, n = 0, len(text)
    gap = True
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = n
        s, e = pos, nl
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            ln = _Line()
            ln.start, ln.end = s, e
            ln.text = text[s:e]
            ln.gap = gap  # a blank line (or the start of the text) comes before it
            out.append(ln)
            gap = False
        else:
            gap = True
        pos = nl + 1
    return out


def _norm(s: str) -> str:
    return " ".join(_WORD.findall(s.lower()))


def _date_only(text: str, words: list[str]) -> bool:
    """A dateline/timestamp such as "Wed, 07/03/2024 – 18:10" or "November 19, 2019 at 6:34 am"."""
    if len(text) > 90 or not re.search(r"\d", text):
        return False
    rest = [w for w in words if w.lower().rstrip(".") not in _DATE_WORDS]
    return len(rest) <= 1 and (len(rest) == 0 or len(words) >= 3)


def _name_only(text: str, words: list[str]) -> bool:
    """A bare personal name ("Jane Q. Doe"): 2-4 capitalised words and nothing else."""
    if not (2 <= len(words) <= 4) or len(text) > 40:
        return False
    if re.search(r"[^\w\s.'’-]", text):
        return False
    return all(w[0].isupper() and not w.isupper() for w in words) and not any(
        w.lower() in _STOPWORDS for w in words
    )


def _classify(ln: _Line) -> None:
    t = ln.text
    sample = t if len(t) <= 5000 else t[:5000]
    words = _WORD.findall(sample)
    nw = len(words)
    if len(t) > 5000:  # extrapolate word count for huge lines
        nw = int(nw * len(t) / 5000)
    ln.nchar = len(t)
    ln.nwords = nw
    if words:
        ln.stop = sum(1 for w in words if w.lower() in _STOPWORDS) / len(words)
        ln.lower = sum(1 for w in words[1:] if w[0].islower()) / max(1, len(words) - 1)
    else:
        ln.stop = ln.lower = 0.0
    ln.sents = len(_SENT_END.findall(sample))
    tail = _TRAILING_LINK.sub("", t[-120:]) if ("/" in t[-120:] or "@" in t[-120:]) else t[-12:]
    ln.ends_sentence = bool(_ENDS_SENTENCE.search(tail[-12:]))
    ln.flag = ""

    if _TABLE_ROW.match(t):
        ln.kind, ln.flag = SHORT, "table"
        return
    if not words or _NONWORD.match(t):
        if re.search(r"\d", t) and re.fullmatch(r"[\d\s.,:;/%$€£+\-–()]*", t):
            ln.kind, ln.flag = SHORT, "number"
        else:
            ln.kind, ln.flag = BAD, "symbols"
        return
    head = sample[:600]
    urls = len(_URL.findall(head)) + len(_HANDLE.findall(head)) + len(_EMAIL.findall(head))

    if _TWEET_ATTRIB.match(t):
        ln.kind, ln.flag = SHORT, "attrib"
        return
    if len(t) <= 80 and _SECTION_HEADER.match(t):
        ln.kind, ln.flag = BARRIER, "section"
        return
    if len(t) <= 120 and _JUNK_SHORT.match(t):
        ln.kind, ln.flag = BAD, "junkshort"
        return
    if (len(t) <= 160 and _JUNK_ANY.search(t)) or _JUNK_LONG.search(sample[:1500]):
        ln.kind, ln.flag = BAD, "junkany"
        return
    if _CAPTION_END.search(t[-100:]):
        ln.kind, ln.flag = BAD, "caption"
        return
    if len(t) <= 500 and _BIO.match(t):
        ln.kind, ln.flag = BAD, "bio"
        return
    if nw <= 16 and _BYLINE.match(t):
        ln.kind, ln.flag = BAD, "byline"
        return
    if _date_only(t, words):
        ln.kind, ln.flag = BAD, "date"
        return
    if nw and urls and urls * 4 >= nw:
        ln.kind, ln.flag = BAD, "links"
        return

    letters = cased = 0
    if not sample.isascii():
        for w in words[:300]:
            letters += len(w)
            if w[0].isupper() or w[0].islower():
                cased += len(w)
    if letters >= 6 and cased * 2 < letters:
        # Caseless script (CJK, Hangul, Arabic, Thai, ...): no case or stopword signal, so use
        # length and sentence punctuation. Count about two CJK characters as one word.
        dense = sum(1 for c in sample if "\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff")
        nw = max(len(sample.split()), dense // 2 + len(sample.split()))
        ln.nwords = nw
        sents = len(re.findall(r"[.!?。！？](?:[\"'”’」』)]*)(?:\s|$)|[。！？]", sample))
        ln.sents = sents
        if nw >= 20 and sents >= 1:
            ln.kind = GOOD
        elif nw >= 8 and (sents >= 1 or ln.ends_sentence or t[-1] in "。、，"):
            ln.kind = NEAR
        else:
            ln.kind, ln.flag = SHORT, "caseless"
        return

    prose = ln.stop >= 0.2 or ln.lower >= 0.5
    if nw >= 25 and prose and ln.sents >= 1:
        ln.kind = GOOD
    elif nw >= 12 and (ln.stop >= 0.25 or ln.lower >= 0.6) and ln.ends_sentence:
        ln.kind = GOOD
    elif nw >= 8 and prose and ln.ends_sentence:
        ln.kind = NEAR
    elif nw >= 4 and ln.lower >= 0.5 and ln.ends_sentence and not t.endswith(":") and (t[0].isupper() or t[0] in "\"“‘'(["):
        ln.kind = NEAR  # a short complete sentence ("Colombia had lost to Belgium on Monday.")
    else:
        ln.kind = SHORT
        if _name_only(t, words):
            ln.flag = "name"
        elif any(w[0].islower() and w.lower() not in _STOPWORDS for w in words[1:]) or (
            words[0][0].islower() and words[0].lower() not in _STOPWORDS
        ):
            ln.flag = "texty"
    if ln.kind in (GOOD, NEAR) and _ELLIPSIS_END.search(t[-12:]):
        ln.flag = "ellipsis"


# Region-search weights (a good line counts its words).
SHORT_TEXTY = -2.0  # short fragment with ordinary lowercase words
SHORT_OTHER = -6.0  # short label-like line (menus, kickers, names)
NEAR_FACTOR = 0.5  # short but sentence-like line, per word
BAD_BASE = 6.0  # junk line, plus half its words (capped)
BARRIER_COST = 60.0  # header of a non-article section
DUP_FACTOR = 0.3  # good line that occurs again elsewhere in the text, per word
COMMENT_MIN_ARTICLE = 40.0  # article score needed above a comment marker for it to end the text
TAIL_LOOKAHEAD = 4  # lines looked at past the region's end ...
TAIL_TOLERANCE = 6.0  # ... and the loss accepted to reach a sentence there
ELLIPSIS_FACTOR = 0.2  # good line ending in "..." (teasers), per word


def _line_value(ln: _Line) -> float:
    k = ln.kind
    if k == GOOD:
        v = float(ln.nwords)
        if ln.dup:
            v *= DUP_FACTOR
        elif ln.flag == "ellipsis":  # a teaser cut short, or a paragraph trailing off
            v *= ELLIPSIS_FACTOR
        return v
    if k == NEAR:
        return 0.0 if (ln.flag == "ellipsis" or ln.dup) else NEAR_FACTOR * ln.nwords
    if k == SHORT:
        if ln.flag == "attrib":  # "— Name (@handle) date" closing an embedded post
            return 1.0
        if ln.flag == "table":
            return 0.0
        if ln.flag in ("texty", "number", "caseless"):
            return SHORT_TEXTY
        return SHORT_OTHER
    if k == BARRIER:
        return -BARRIER_COST
    return -(BAD_BASE + 0.5 * min(ln.nwords, 60))


def _max_segment(vals: list[float], lo: int, hi: int) -> tuple[int, int, float]:
    best, bi, bj = 0.0, -1, -1
    cur, ci = 0.0, lo
    for j in range(lo, hi):
        if cur <= 0:
            cur, ci = 0.0, j
        cur += vals[j]
        if cur > best:
            best, bi, bj = cur, ci, j
    return bi, bj, best


def _keep_inside(ln: _Line) -> bool:
    k = ln.kind
    if ln.dup_near:  # the same block twice in a few lines: captions, gallery text, widgets
        return False
    if k in (GOOD, NEAR):
        return True
    if k == SHORT:
        if ln.dup:
            return False
        if ln.flag in ("symbols", "name"):
            return False
        return True
    return False


def _titleish(ln: _Line) -> bool:
    if ln.kind != SHORT or ln.flag in ("symbols", "name", "attrib", "table", "number", "toc"):
        return False
    if not (3 <= ln.nwords <= 30) or ln.nchar > 250:
        return False
    return not re.search(r"[.,;:]$", ln.text)


_CONT_END = re.compile(r"(?:[,;(\-–—]|\b(?:the|a|an|of|to|and|or|in|on|for|with|by|at|from|that|as|is|was|his|her|their|its))$")


def _paragraph_mode(lines: list[_Line]) -> bool:
    """True when blank lines separate the paragraphs, so that lines that touch form one block."""
    gaps = sum(1 for ln in lines if ln.gap)
    return gaps >= 3 and gaps * 8 >= len(lines)


def _join_wrapped(lines: list[_Line], para_mode: bool) -> None:
    """Hard-wrapped paragraphs (one sentence running over several lines without a blank line
    between them) are classified as one block, so that their fragments count as prose."""
    n, i = len(lines), 0
    while i < n:
        j = i
        while (
            j + 1 < n
            and not lines[j + 1].gap
            and lines[j].kind not in (BAD, BARRIER)
            and lines[j + 1].kind not in (BAD, BARRIER)
            and lines[j].nchar >= 30
            and lines[j].flag not in ("table", "toc", "attrib")
            and lines[j + 1].flag not in ("table", "attrib")
            and (
                para_mode
                or lines[j + 1].text[0].islower()
                or _CONT_END.search(lines[j].text[-8:]) is not None
            )
        ):
            j += 1
        if j > i:
            block = _Line()
            block.text = " ".join(ln.text for ln in lines[i : j + 1])
            _classify(block)
            if block.kind in (GOOD, NEAR):
                for ln in lines[i : j + 1]:
                    ln.kind, ln.flag = block.kind, "wrapped"
        i = j + 1


def _mark_toc(lines: list[_Line]) -> None:
    """A table of contents: a "Contents" header and the short entries under it, or a run of
    numbered short entries ("- 3. Section title")."""
    n, i = len(lines), 0
    while i < n:
        ln = lines[i]
        if ln.nchar <= 40 and _TOC_HEADER.match(ln.text):
            ln.kind, ln.flag = BAD, "toc"
            j = i + 1
            while (
                j < n
                and lines[j].nchar <= 200
                and lines[j].flag != "table"
                and (lines[j].kind != GOOD or _TOC_ITEM.match(lines[j].text))
            ):
                lines[j].kind, lines[j].flag = BAD, "toc"
                j += 1
            i = j
            continue
        if _TOC_ITEM.match(ln.text) and ln.nchar <= 200:
            j = i
            while (
                j < n
                and lines[j].nchar <= 200
                and _TOC_ITEM.match(lines[j].text)
                and not re.search(r"[.!:;…]$", lines[j].text)
            ):
                j += 1
            if j - i >= 3:
                for k in range(i, j):
                    lines[k].kind, lines[k].flag = BAD, "toc"
                i = j
                continue
        i += 1


def _is_comment_meta(ln: _Line) -> bool:
    return ln.nchar <= 80 and (ln.flag == "date" or bool(_COMMENT_META.search(ln.text)))


_BULLET = re.compile(r"^(?:[-*•·▪►●–]\s+\S|\(?\d{1,2}[.)]\s+\S|\(?[a-z][.)]\s+\S)")


def _list_item(ln: _Line) -> bool:
    return ln.kind in (SHORT, NEAR, GOOD) and ln.flag not in ("toc", "symbols") and (
        ln.flag == "table" or _BULLET.match(ln.text) is not None
    )


def _extend_tail(lines: list[_Line], vals: list[float], b: int, hi: int) -> int:
    """The article's last sentences may sit behind a short heading or fragment that the region
    search would not pay for: take them when nothing junk-like lies in between."""
    while True:
        best, total = b, 0.0
        for j in range(b + 1, min(hi, b + 1 + TAIL_LOOKAHEAD)):
            ln = lines[j]
            if ln.kind in (BAD, BARRIER) or ln.dup or ln.flag in ("name", "symbols", "toc"):
                break
            total += vals[j]
            if ln.kind in (GOOD, NEAR) and total >= -TAIL_TOLERANCE:
                best = j
        if best == b:
            return b
        b = best


def _extend_list(lines: list[_Line], b: int, hi: int) -> int:
    """A list or table that closes the article is part of it: bulleted items, table rows, or the
    short items after a line that announces them with a colon."""
    j = b + 1
    while j < hi and _list_item(lines[j]):
        j += 1
    if j == b + 1 and lines[b].text.endswith(":"):
        while (
            j < hi
            and j - b <= 60
            and lines[j].kind == SHORT
            and lines[j].flag not in ("symbols", "toc")
            and not (lines[j].gap and j > b + 1)
        ):
            j += 1
    return j - 1


def _title_part(ln: _Line) -> bool:
    return ln.kind not in (BAD, BARRIER) and ln.nwords <= 30 and ln.flag not in ("toc", "symbols", "number")


def body_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` (Python str indices, [start, end)) that are the article: title, standfirst,
    paragraphs, in-article headings. Sorted, disjoint, each inside the text, each trimmed of
    surrounding whitespace, never covering a newline-separated junk line. The text is NEVER modified."""
    if not isinstance(text, str) or not text.strip():
        return []
    lines = _split_lines(text)
    if not lines:
        return []
    for ln in lines:
        _classify(ln)
    para_mode = _paragraph_mode(lines)
    _join_wrapped(lines, para_mode)
    _mark_toc(lines)
    counts: dict[str, int] = {}
    norms = []
    for ln in lines:
        key = _norm(ln.text) if ln.nchar <= 2000 else ln.text
        norms.append(key)
        if ln.flag != "toc":
            counts[key] = counts.get(key, 0) + 1
    last_seen: dict[str, int] = {}
    for i, (ln, key) in enumerate(zip(lines, norms)):
        ln.dup = bool(key) and counts.get(key, 0) > 1
        ln.dup_near = False
        if ln.dup and ln.flag != "toc":
            j = last_seen.get(key)
            if j is not None and i - j <= 6:
                ln.dup_near = lines[j].dup_near = True
            last_seen[key] = i

    n = len(lines)
    vals = [_line_value(ln) for ln in lines]

    # A comment thread that starts after the article ends it: the first comment marker with
    # enough article above it (a comment count next to the byline has none) closes the text.
    hi = n
    prose_so_far = 0
    for i, ln in enumerate(lines):
        if ln.kind == GOOD and not ln.dup and ln.flag != "ellipsis":
            prose_so_far += ln.nwords
        if prose_so_far < COMMENT_MIN_ARTICLE or ln.nchar > 80:
            continue
        cut = -1
        if _COMMENT_START.match(ln.text) and not re.match(r"\W*0\s", ln.text):
            cut = i
        elif _is_comment_meta(ln):
            # A thread without a header: short metadata lines (timestamps, "X said:", vote
            # counts) recurring among the next lines.
            if sum(1 for j in range(i, min(n, i + 16)) if _is_comment_meta(lines[j])) >= 3:
                cut = i
                # the commenter's name usually sits just above the first timestamp
                prev = lines[i - 1]
                if prev.kind == SHORT and prev.nwords <= 4 and not prev.ends_sentence:
                    cut = i - 1
        if cut >= 0 and _max_segment(vals, 0, cut)[2] >= COMMENT_MIN_ARTICLE:
            hi = cut
            break

    a, b, best = _max_segment(vals, 0, hi)
    if a < 0:
        return []
    b = _extend_tail(lines, vals, b, hi)
    b = _extend_list(lines, b, hi)
    keep = [False] * n
    for i in range(a, b + 1):
        keep[i] = _keep_inside(lines[i])

    # Title: the nearest headline-like line above the article (skipping junk), if it shares
    # content words with the article's opening.
    head_words: set[str] = set()
    seen = 0
    for i in range(a, b + 1):
        if seen >= 250:
            break
        ws = _WORD.findall(lines[i].text[:2000])
        seen += len(ws)
        head_words.update(w.lower()[:5] for w in ws if len(w) > 2 and w.lower() not in _STOPWORDS)
    budget, i = 12, a - 1
    while i >= 0 and budget > 0:
        ln = lines[i]
        i -= 1
        if ln.flag == "toc":
            continue
        budget -= 1
        if ln.kind in (BAD,) or ln.flag in ("symbols", "name"):
            continue
        if ln.kind == BARRIER:
            if _LIST_HEADER.match(ln.text):  # a list of other stories sits above: stop
                break
            continue
        if _titleish(ln):
            tw = {w.lower()[:5] for w in _WORD.findall(ln.text) if len(w) > 2 and w.lower() not in _STOPWORDS}
            if tw and len(tw & head_words) >= min(2, len(tw)):
                t = i + 1
                keep[t] = True
                if para_mode:  # a headline wrapped over touching lines
                    u = t
                    while u > 0 and not lines[u].gap and _title_part(lines[u - 1]):
                        u -= 1
                        keep[u] = True
                    u = t + 1
                    while u < a and not lines[u].gap and _title_part(lines[u]):
                        keep[u] = True
                        u += 1
                break

    return [span for ln, k in zip(lines, keep) if k for span in inline_spans(text, ln.start, ln.end)]


# --------------------------------------------------------------------------------------------
# Furniture inside a line. A scraper that flattens a page to one line per block (or the whole
# article to one line) runs share bars, sign-up widgets, video-player controls, photo credits and
# caption labels into the prose; they are cut out of the line's span, so that the article's own
# sentences neither start with them nor run on into them.
_INLINE_JUNK = re.compile(
    r"""(?:
        (?:Click\s+to\s+(?:share|email|print)\s+on\s+[\w+.-]+\s+\(Opens\s+in\s+new\s+window\)\s*)+|
        (?:(?:Get\s+(?:\w+\s+){1,3}?updates\s+directly\s+to\s+your\s+inbox|\+\s*Subscribe|
            Thank\s+you\s+for\s+subscribing[!.]?|Could\s+not\s+subscribe,\s+try\s+again\s+later|Invalid\s+Email)\s*){2,}|
        (?:(?:Skip\s+Ad|Ad\s+Loading\.*|x\s+Embed|x\s+Share|Full\s+Screen|Autoplay|Close|Buy\s+Photo|
            Wait\s+\d+\s+seconds?\s+to\s+continue\.|View\s+Photos|Video\s+Loading|Video\s+Unavailable|Click\s+to\s+play|
            Tap\s+to\s+play|The\s+video\s+will\s+start\s+in\s+\d+|Cancel|Play\s+now|Watch\s+this\s+video\s+again|
            Video\s+will\s+play\s+in|Share\s+this\s+video|Watch\s+Next|\d+\s+of\s+\d+)\s*){2,}|
        \((?:Photo|Image|Picture|Photograph)s?:\s*[^()]{1,80}\)\s*|
        \((?:[A-Z][\w.'’-]*\s+){1,3}[A-Z][\w.'’-]*/[A-Z][^()/]{1,60}\)\s*|
        \bBy\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2}(?:\s+and\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){1,2})?\s+(?=[A-Z]{3,}\b)|
        (?<![^\s])Photo\s+(?=[A-Z]{3,}\b)|
        Image\s+copyright\s+(?:(?!Image\s+caption)\S+\s+){1,6}?(?=Image\s+caption)
    )""",
    re.X,
)
# a caption label; the caption after it runs to where the article's sentence starts (see _caption_end)
_CAPTION_LABEL = re.compile(r"\b(?:Image|Media)\s+caption\s+")
# a related-article link: a headline without sentence punctuation closed by "Read more"
_READ_MORE = re.compile(r"(?<=[.!?\"”’])\s+([^.!?\"”]{10,160}?)\s+Read\s+more:?(?=\s|$)")
# a short text in parentheses: a credit when it follows a caption ("(Reuters)", "(Jane Doe/The Post)")
_CREDIT = re.compile(r"\([^()\n]{2,80}\)")
_CAPTION_MAX_WORDS = 30
_FUNCTION_WORDS = frozenset(
    """a an the of in on at to for by with from into onto over under about after before since until as than
    and or but nor so yet if that which who whom whose this these those his her its their our my your
    is are was were be been being has have had do does did will would can could may might must shall should
    not no very more most such own same other another each every some any all both few many much
    near outside inside between among against during through across behind beyond""".split()
)
_SENTENCE_OPENERS = frozenset("A An The In On At As After Before When While Then But And".split())
_HONORIFICS = frozenset("Mr Mrs Ms Dr".split())


def _caption_end(text: str, start: int, end: int) -> int:
    """Where a caption that starts at `start` ends: after a question, an exclamation or a quotation
    followed by a capital, before the next caption label or an honorific, or between a lowercase word
    and a capitalised word that opens a clause ("... into a dry well Dozens of rescuers ..."). -1 when
    a full stop or a caption's length comes first (captions have no full stop)."""
    tokens = list(re.finditer(r"\S+", text[start:end]))
    quote_open = False
    for k, (tok, nxt) in enumerate(zip(tokens, tokens[1:])):
        if k >= _CAPTION_MAX_WORDS:
            return -1
        word, following = tok.group(), nxt.group()
        quote_open ^= (word.count('"') + word.count("“") + word.count("”")) % 2 == 1
        if not quote_open and re.search(r"\w\.[\"”’']?$", word) and len(word) > 3:
            return -1  # a full stop: captions have none, so this is the article's sentence
        starts_capital = following.lstrip("\"“‘'")[:1].isupper()
        if not starts_capital:
            continue
        if _CAPTION_LABEL.match(text, start + nxt.start()) or text.startswith("Image copyright", start + nxt.start()):
            return start + tok.end()
        if not quote_open and re.search(r"[!?][\"”’']?$|[\"”’]$", word):
            return start + tok.end()
        after = tokens[k + 2].group() if k + 2 < len(tokens) else ""
        if quote_open or word.lower() in _FUNCTION_WORDS:
            continue
        if following in _HONORIFICS and word[:1].isalpha():
            return start + tok.end()  # "... in New York Mr Trump seems ..."
        if word[:1].islower() and word[-1:].isalpha() and (
                following in _SENTENCE_OPENERS
                or (following[:1].isupper() and following[1:2].islower() and after[:1].islower())):
            return start + tok.end()
    return -1


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def inline_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spans of the line text[start:end] left when its in-line furniture is cut out."""
    cuts = [(m.start(), m.end()) for m in _INLINE_JUNK.finditer(text, start, end)]
    for m in _CAPTION_LABEL.finditer(text, start, end):
        stop = _caption_end(text, m.end(), end)
        cuts.append((m.start(), stop if stop > 0 else m.end()))
    for m in _READ_MORE.finditer(text, start, end):
        cuts.append((m.start(1), m.end()))
    credits = list(_CREDIT.finditer(text, start, end))
    for a, b in zip(credits, credits[1:]):
        # a caption and its credit given twice in a row (a video's caption above and below it)
        second = text[a.end():b.start()].strip()
        if len(second) >= 20 and text[start:a.start()].rstrip().endswith(second):
            cuts.append((text.rfind(second, start, a.start()), b.end()))
    if not cuts:
        return [(start, end)]
    out, pos = [], start
    for s, e in sorted(cuts):
        if s > pos:
            out.append(_trim(text, pos, s))
        pos = max(pos, e)
    out.append(_trim(text, pos, end))
    return [(s, e) for s, e in out if e > s and re.search(r"\w", text[s:e])]
