"""Word lists for quote extraction: generic speech cues, pronouns and role nouns (no names)."""
from __future__ import annotations

# Verbs that report what someone said, wrote or announced (lemmas).
SPEECH_VERBS = frozenset(
    """
    say tell state stress warn insist note emphasize emphasise add report announce declare claim
    argue explain assert affirm confirm deny reiterate write tweet post acknowledge admit agree
    maintain contend complain predict promise vow pledge remark respond reply answer ask comment
    observe recall underline underscore highlight allege concede caution charge counter mention
    indicate disclose reveal estimate suggest testify quip joke boast recount
    accuse blast slam criticize criticise praise repeat assure inform
    hint signal acknowledge exclaim confess
    """.split()
)
# Verbs that may also introduce quoted words, but only words in quotation marks
# ("called it “ugly”", "described it as “…”", "hailed the “…”"): never plain indirect speech.
QUOTE_ONLY_VERBS = frozenset(
    """
    call describe hail celebrate refer term label brand dub characterize characterise continue
    cite quote praise slam blast decry lament welcome laud conclude urge
    """.split()
)
# Naming words right before a quoted phrase make it a name, not a quote.
NAMING_BEFORE = (
    "known as", "dubbed", "nicknamed", "named", "titled", "entitled", "so-called", "so called",
    "branded as", "labeled as", "labelled as", "called", "the word", "the term", "the phrase",
    "the slogan", "hashtag", "headlined", "codenamed", "code-named",
)
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_THING = frozenset({"it"})
PRONOUNS_PLURAL = frozenset({"they", "them"})
PRONOUNS_FIRST = frozenset({"i", "we", "me", "us"})
# Nouns naming a text or an outlet: "the report noted …" points back to an organisation.
REPORT_NOUNS = frozenset(
    """
    report article newspaper paper outlet publication statement study daily agency broadcaster
    network magazine journal channel site website tabloid outlet story piece editorial survey
    communique communiqué release
    """.split()
)
# Nouns standing for an organisation's voice: "X's office said", "X's spokesman said".
INSTITUTION_NOUNS = frozenset(
    """
    office ministry government spokesman spokeswoman spokesperson campaign embassy administration
    team cabinet department secretariat press service aides aide representative representatives
    """.split()
)
# Role nouns: a description the document ties to a named person ("the Russian President").
LEADER_ROLES = frozenset(
    """
    president leader counterpart premier chancellor head chief ruler king queen emperor
    prime_minister
    """.split()
)
ROLE_NOUNS = LEADER_ROLES | frozenset(
    """
    minister secretary senator governor mayor spokesman spokeswoman spokesperson ambassador
    general commander chairman chairwoman director envoy candidate nominee adviser advisor
    official diplomat lawmaker congressman congresswoman representative judge ceo founder
    """.split()
)
DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# What a statement is (its `act`): beliefs, hopes, fears and wishes are `think` ...
THINK_VERBS = frozenset(
    """
    believe think hope fear want know feel worry wish doubt suspect expect assume consider trust
    prefer imagine wonder dream reckon guess suppose realize realise recognize recognise understand
    intend plan seek desire long regret view regard see
    """.split()
)
# ... what a poll, a study or a document shows is `find` (when said of one of these nouns).
FIND_VERBS = frozenset(
    """
    show find indicate reveal suggest conclude estimate say report state note project put give
    """.split()
)
FIND_NOUNS = frozenset(
    """
    poll polls survey surveys study studies data analysis research review audit census
    statistic statistics figure figures number numbers count tally estimate estimates model
    forecast projection projections finding findings result results test tests investigation
    """.split()
)
# A report, a document, a letter also state things ("the report said"): found only when shown.
DOCUMENT_NOUNS = frozenset(
    """
    report reports document documents record records filing filings memo memos email emails
    letter letters transcript transcripts
    """.split()
)
SHOW_VERBS = frozenset("show find indicate reveal suggest conclude".split())
