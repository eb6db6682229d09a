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
    researcher_heads: frozenset[str]
    participant_heads: frozenset[str]
    document_heads: frozenset[str]
    voice_heads: frozenset[str]
    titles: frozenset[str]
    org_words: frozenset[str]
    org_names: frozenset[str]
    org_phrases: tuple[str, ...]  # org names of several words, padded: " white house "
    org_phrase_words: frozenset[str]  # the words of those names
    not_source: frozenset[str]
    pronouns: frozenset[str]
    modifiers: frozenset[str]
    insiders: frozenset[str]
    not_person: frozenset[str]
    # cues.txt
    anon_marker: Lexicon
    anon_reason: Lexicon
    vague: Lexicon
    channel: Lexicon
    impersonal: Lexicon  # participles of agentless passives ("has been shown")
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
    definite: frozenset[str]
    quantities: frozenset[str]
    number_words: frozenset[str]
    author_roles: frozenset[str]
    study_words: frozenset[str]
    not_complement: frozenset[str]
    reduced_impersonal: frozenset[str]
    impersonal_complement: frozenset[str]
    finding_complement: frozenset[str]
    participle_only: frozenset[str]
    modals: frozenset[str]
    subject_boundaries: frozenset[str]
    quantity_modifiers: frozenset[str]
    degrees: frozenset[str]
    issuer_modifiers: frozenset[str]
    request_words: frozenset[str]
    # derived
    source_words: frozenset[str]  # every word that can stand in a source phrase
    head_words: frozenset[str]  # source words that can head one (not modifiers)
    titles_abbr: frozenset[str]  # titles and abbreviations written with a dot
    be_or_aux: frozenset[str]
    verb_like: frozenset[str]  # be, auxiliaries and cue verbs that are not source nouns
    not_name_start: frozenset[str]  # capitalised words that open a run but are no name
    author_words: frozenset[str]  # author roles and "study": where a study's author is named
    research_words: frozenset[str]  # researcher heads, "professor", "university": a researcher
    author_or_research_words: frozenset[str]  # either of the two


# Rules field -> sources.txt category
_SOURCES = {
    "anonymous_heads": "anonymous_head",
    "spokes_heads": "spokes_head",
    "vague_groups": "vague_group",
    "researcher_heads": "researcher_head",
    "participant_heads": "participant_head",
    "document_heads": "document_head",
    "voice_heads": "voice_head",
    "titles": "title",
    "org_words": "org_word",
    "org_names": "org_name",
    "not_source": "not_source",
    "pronouns": "pronoun",
    "modifiers": "modifier",
    "insiders": "insider",
    "not_person": "not_person",
}
# Rules field -> grammar.txt category, for the closed classes taken as they are
_GRAMMAR = {
    "be": "be",
    "auxiliaries": "auxiliary",
    "relatives": "relative",
    "phrase_prepositions": "phrase_preposition",
    "days": "day",
    "time_nouns": "time_noun",
    "time_prefixes": "time_prefix",
    "year_prefixes": "year_prefix",
    "inverting": "inverting",
    "gerund_cues": "gerund_cue",
    "gerund_prepositions": "gerund_preposition",
    "phrase_participles": "phrase_participle",
    "object_pronouns": "object_pronoun",
    "anonymity_links": "anonymity_link",
    "unauthorised": "unauthorised",
    "negations": "negation",
    "person_titles": "person_title",
    "abbreviations": "abbreviation",
    "passive_glue": "passive_glue",
    "plural_heads": "plural_head",
    "either_number": "either_number",
    "past_without_ed": "past_without_ed",
    "clause_starts": "clause_start",
    "coordinators": "coordinator",
    "sentence_openers": "sentence_opener",
    "intro_prepositions": "intro_preposition",
    "generic_quantifiers": "generic_quantifier",
    "definite": "definite",
    "quantities": "quantity",
    "number_words": "number_word",
    "author_roles": "author_role",
    "study_words": "study_word",
    "not_complement": "not_complement",
    "reduced_impersonal": "reduced_impersonal",
    "impersonal_complement": "impersonal_complement",
    "finding_complement": "finding_complement",
    "participle_only": "participle_only",
    "modals": "modal",
    "subject_boundaries": "subject_boundary",
    "quantity_modifiers": "quantity_modifier",
    "degrees": "degree",
    "issuer_modifiers": "issuer_modifier",
    "request_words": "request_word",
}


def rules(lex: Lexicons) -> Rules:
    """The rules for ``lex``, built on first use and kept by the bundle."""
    return lex.derived(build)


def build(lex: Lexicons) -> Rules:
    s, fw, rv, g = lex.sources, lex.function_words, lex.reporting_verbs, lex.grammar
    function = frozenset().union(*(fw.forms(c) for c in fw.categories()))
    head_words = frozenset().union(*(
        s.forms(c) for c in ("anonymous_head", "spokes_head", "vague_group", "researcher_head",
                             "participant_head", "document_head", "voice_head", "title", "org_word")
    ))
    grammar = {c: g.forms(c) for c in g.categories()}
    author_words = grammar["author_role"] | grammar["study_word"]
    research_words = s.forms("researcher_head") | grammar["research_word"]
    return Rules(
        **{name: s.forms(category) for name, category in _SOURCES.items()},
        **{name: grammar[category] for name, category in _GRAMMAR.items()},
        verbs=rv,
        verb_forms=frozenset(rv.words),
        belief=rv.forms("belief"),
        finding=rv.forms("finding"),
        org_phrases=tuple(f" {n} " for n in sorted(s.forms("org_name")) if " " in n),
        org_phrase_words=frozenset(w for n in s.forms("org_name") if " " in n for w in n.split()),
        anon_marker=lex.cues.subset("anon_marker"),
        anon_reason=lex.cues.subset("anon_reason"),
        vague=lex.cues.subset("vague_phrase", "vague_adverb"),
        channel=lex.cues.subset("channel"),
        impersonal=lex.cues.subset("impersonal_passive", "impersonal_passive_to",
                                   "impersonal_perfect"),
        determiners=fw.forms("determiner"),
        function=function,
        adverbs=fw.forms("adverb") | grammar["day"],
        source_words=head_words | s.forms("modifier"),
        head_words=head_words,
        titles_abbr=s.forms("title") | grammar["abbreviation"],
        be_or_aux=grammar["be"] | grammar["auxiliary"],
        verb_like=grammar["be"] | grammar["auxiliary"] | (frozenset(rv.words) - head_words),
        author_words=author_words,
        research_words=research_words,
        author_or_research_words=author_words | research_words,
        not_name_start=(s.forms("title") | function | fw.forms("determiner") | grammar["number_word"]
                        | grammar["day"] | frozenset(rv.words)),
    )
