"""The word classes the source rules use, read from the lexicon files once per bundle.

Every word a rule tests lives in a lexicon file, under a category named for its use:
``reporting_verbs.txt`` (cue verbs), ``sources.txt`` (heads of source phrases, titles,
organisation words), ``cues.txt`` (anonymity markers and reasons, impersonal phrases,
channels), ``function_words.txt`` and ``grammar.txt`` (closed classes: forms of "be",
prepositions inside a speaker's phrase, days, the verbs that open an inverted "said X",
...). :func:`rules` builds one :class:`Rules` from a lexicon bundle, which keeps it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...lexicons import Lexicon, Lexicons


@dataclass(frozen=True, eq=False)
class Rules:
    """Every word set the source stages test, by the role it plays."""

    # reporting_verbs.txt
    verbs: Lexicon  # every cue verb, matched over a document
    verb_forms: frozenset[str]  # every form of every cue verb, to test a single token
    belief: frozenset[str]
    finding: frozenset[str]
    # sources.txt
    anonymous_heads: frozenset[str]
    spokes_heads: frozenset[str]
    vague_groups: frozenset[str]
    document_heads: frozenset[str]
    voice_heads: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    org_names: frozenset[str]
    org_phrases: tuple[str, ...]  # org names of several words, padded: " white house "
    not_source: frozenset[str]
    pronouns: frozenset[str]
    modifiers: frozenset[str]
    # cues.txt
    anon_marker: Lexicon
    anon_reason: Lexicon
    vague: Lexicon
    channel: Lexicon
    # function_words.txt
    determiners: frozenset[str]
    function: frozenset[str]  # every function word
    adverbs: frozenset[str]  # adverbs and days that stand between a speaker and a verb
    # grammar.txt
    be: frozenset[str]
    auxiliaries: frozenset[str]
    relatives: frozenset[str]
    phrase_prepositions: frozenset[str]
    days: frozenset[str]
    time_nouns: frozenset[str]
    time_prefixes: frozenset[str]
    year_prefixes: frozenset[str]
    inverting: frozenset[str]
    gerund_cues: frozenset[str]
    gerund_prepositions: frozenset[str]
    phrase_participles: frozenset[str]
    object_pronouns: frozenset[str]
    anonymity_links: frozenset[str]
    unauthorised: frozenset[str]
    negations: frozenset[str]
    person_titles: frozenset[str]
    abbreviations: frozenset[str]
    passive_glue: frozenset[str]
    plural_heads: frozenset[str]
    either_number: frozenset[str]
    past_without_ed: frozenset[str]
    clause_starts: frozenset[str]
    coordinators: frozenset[str]
    sentence_openers: frozenset[str]
    intro_prepositions: frozenset[str]
    generic_quantifiers: frozenset[str]
    # derived
    source_words: frozenset[str]  # every word that can stand in a source phrase
    head_words: frozenset[str]  # source words that can head one (not modifiers)
    titles_abbr: frozenset[str]  # titles and abbreviations written with a dot
    be_or_aux: frozenset[str]


def rules(lex: Lexicons) -> Rules:
    """The rules for ``lex``, built on first use and kept by the bundle."""
    return lex.derived(build)


def build(lex: Lexicons) -> Rules:
    s, fw, rv, g = lex.sources, lex.function_words, lex.reporting_verbs, lex.grammar
    function = frozenset().union(*(fw.forms(c) for c in fw.categories()))
    head_words = frozenset().union(*(
        s.forms(c) for c in ("anonymous_head", "spokes_head", "vague_group", "document_head",
                             "voice_head", "title", "org_word")
    ))
    grammar = {c: g.forms(c) for c in g.categories()}
    return Rules(
        verbs=rv,
        verb_forms=frozenset(rv.words),
        belief=rv.forms("belief"),
        finding=rv.forms("finding"),
        anonymous_heads=s.forms("anonymous_head"),
        spokes_heads=s.forms("spokes_head"),
        vague_groups=s.forms("vague_group"),
        document_heads=s.forms("document_head"),
        voice_heads=s.forms("voice_head"),
        titles=s.forms("title"),
        org_words=s.forms("org_word"),
        org_names=s.forms("org_name"),
        org_phrases=tuple(f" {n} " for n in sorted(s.forms("org_name")) if " " in n),
        not_source=s.forms("not_source"),
        pronouns=s.forms("pronoun"),
        modifiers=s.forms("modifier"),
        anon_marker=lex.cues.subset("anon_marker"),
        anon_reason=lex.cues.subset("anon_reason"),
        vague=lex.cues.subset("vague_phrase", "vague_adverb"),
        channel=lex.cues.subset("channel"),
        determiners=fw.forms("determiner"),
        function=function,
        adverbs=fw.forms("adverb") | grammar["day"],
        be=grammar["be"],
        auxiliaries=grammar["auxiliary"],
        relatives=grammar["relative"],
        phrase_prepositions=grammar["phrase_preposition"],
        days=grammar["day"],
        time_nouns=grammar["time_noun"],
        time_prefixes=grammar["time_prefix"],
        year_prefixes=grammar["year_prefix"],
        inverting=grammar["inverting"],
        gerund_cues=grammar["gerund_cue"],
        gerund_prepositions=grammar["gerund_preposition"],
        phrase_participles=grammar["phrase_participle"],
        object_pronouns=grammar["object_pronoun"],
        anonymity_links=grammar["anonymity_link"],
        unauthorised=grammar["unauthorised"],
        negations=grammar["negation"],
        person_titles=grammar["person_title"],
        abbreviations=grammar["abbreviation"],
        passive_glue=grammar["passive_glue"],
        plural_heads=grammar["plural_head"],
        either_number=grammar["either_number"],
        past_without_ed=grammar["past_without_ed"],
        clause_starts=grammar["clause_start"],
        coordinators=grammar["coordinator"],
        sentence_openers=grammar["sentence_opener"],
        intro_prepositions=grammar["intro_preposition"],
        generic_quantifiers=grammar["generic_quantifier"],
        source_words=head_words | s.forms("modifier"),
        head_words=head_words,
        titles_abbr=s.forms("title") | grammar["abbreviation"],
        be_or_aux=grammar["be"] | grammar["auxiliary"],
    )
