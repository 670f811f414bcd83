"""Find the recipient a predicate names only indirectly, when its own object names no actor.

Analysts code the target of a protest, demand or threat from where the sentence puts it, not only
from the direct object: inside a nominal complement ("called for the ouster of President X", "in
protest of the Kenyan cabinet's decision"), in a purpose clause ("marched on the embassy to voice
their anger at Peru's tariffs"), in the clause a demand addresses ("demands that
Nepal's cabinet release ..."), or in the condition of a threat ("... if Peru goes
ahead"). Every path here follows the dependency parse; co-occurrence never names a target.

Imports spaCy types, the sibling argument helpers and the word sets and labels of ``pipeline.knowledge``
(``predicates`` imports this module).
"""

from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.arguments import direct_actor, phrase_of, to_span
from pipeline.knowledge.labels import PLACE_LABELS
from pipeline.knowledge.words import word_set
from pipeline.records import ActorSpan

CHAIN_PREPS = word_set("chain_preps")
CHAIN_DEPTH = 4
STANCE_NOUNS = word_set("stance_nouns")
ACTION_NOUNS = word_set("action_nouns")
ACTION_PREPS = frozenset({"during", "following", "after", "at", "in", "with", "for"})
STANCE_VERBS = word_set("stance_verbs")
PURPOSE_DEPS = frozenset({"advcl", "xcomp"})
CONDITION_MARKS = frozenset({"if", "unless", "until"})
CLAUSE_PREPS = frozenset({"from", "to", "against", "on"})
INSTRUMENT_WORDS = word_set("instrument_words")
INSTRUMENT_PREPS = frozenset({"in", "by"})


def names_actor(token: Token) -> bool:
    """Return True when ``token`` heads a phrase that names an actor by itself (no coreference)."""
    return token.pos_ in ("PROPN", "NOUN", "ADJ") and direct_actor(token) is not None


def nominal_targets(noun: Token, depth: int = 0) -> list[Token]:
    """Return the actors a non-actor noun is about: its possessor or the objects of its "of/by/for/
    against ..." phrases, followed down through further such nouns ("the removal of President X")."""
    if names_actor(noun):
        return [noun]
    return about_targets(noun, depth)


def about_targets(noun: Token, depth: int = 0) -> list[Token]:
    """Return the actors a noun's possessor and "of/by/for ..." phrases name (``nominal_targets``), not the
    noun itself."""
    if depth >= CHAIN_DEPTH:
        return []
    found: list[Token] = []
    for child in noun.children:
        if child.dep_ == "poss":
            found += nominal_targets(child, depth + 1)
        elif child.dep_ == "prep" and child.lower_ in CHAIN_PREPS:
            found += [t for pobj in pobjs(child) for t in nominal_targets(pobj, depth + 1)]
        elif child.dep_ in ("acl", "relcl") and child.lemma_ in STANCE_VERBS:
            found += complement_targets(child, depth + 1)
        elif child.dep_ == "acl" and child.tag_ == "VBN":
            found += participle_agents(child)
    return found


def participle_agents(participle: Token) -> list[Token]:
    """Return the agent of a passive participle inside a noun phrase ("abuses carried out by Sudanese militias")."""
    return [p for agent in participle.children if agent.dep_ == "agent" for p in pobjs(agent) if names_actor(p)]


def pobjs(prep: Token) -> list[Token]:
    """Return the objects of a preposition; "following" is often parsed as a verb with a "dobj"."""
    return [t for t in prep.children if t.dep_ == "pobj" or (t.dep_ == "dobj" and prep.dep_ == "prep")]


def stranded_objects(prep: Token) -> list[Token]:
    """Return the object of a preposition the parser left empty because it read the object as the
    subject of a reduced relative ("asylum to [five officers] holed up in ...": officers nsubj of holed)."""
    if any(t.dep_ == "pobj" for t in prep.children):
        return []
    clauses = [c for c in prep.head.children if c.dep_ in ("advcl", "acl", "relcl", "ccomp", "conj") and c.i > prep.i]
    return [s for c in clauses for s in c.children if s.dep_ == "nsubj" and s.left_edge.i == prep.i + 1]


def complement_targets(verb: Token, depth: int = 0) -> list[Token]:
    """Return the actors a clause's object or "against/for/on ..." phrases name, followed down through nouns."""
    found = [t for obj in verb.children if obj.dep_ in ("dobj", "dative") for t in nominal_targets(obj, depth)]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in CHAIN_PREPS:
            found += [t for pobj in pobjs(prep) for t in nominal_targets(pobj, depth)]
    return found


def adjunct_targets(word: Token, *, conditional: bool = False) -> list[Token]:
    """Return the target a predicate names in its adjuncts: a stance phrase ("in defiance of Chinese
    authorities"), a collective action ("during demonstrations against ..."), a purpose clause ("to
    protest X's decision") or, for a threat, the subject of its condition ("if the United States ...")."""
    holders = [word, *(c for c in word.children if c.dep_ in ("xcomp", "ccomp"))]
    for holder in holders:
        found = stance_phrase_targets(holder) + purpose_targets(holder)
        if conditional:
            found += condition_subjects(holder)
        if found:
            return found
    return []


def stance_phrase_targets(word: Token) -> list[Token]:
    """Return the target in "in protest of X", "in defiance of X", "against X's policy", "during demonstrations
    against X"."""
    found: list[Token] = []
    for prep in word.children:
        if prep.dep_ != "prep":
            continue
        for pobj in pobjs(prep):
            stance = prep.lower_ == "in" and pobj.lemma_ in STANCE_NOUNS
            action = prep.lower_ in ACTION_PREPS and pobj.lemma_ in ACTION_NOUNS
            if stance or action or prep.lower_ in ("against", "over"):
                found += nominal_targets(pobj) if prep.lower_ in ("against", "over") else nominal_targets(pobj, 1)
    return found


def purpose_targets(verb: Token) -> list[Token]:
    """Return the target of a purpose clause ("to denounce the ruling of X", "to voice anger at X")."""
    found: list[Token] = []
    for clause in verb.children:
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if clause.dep_ in PURPOSE_DEPS and infinitive and clause.lemma_ in STANCE_VERBS:
            found += complement_targets(clause)
    return found


def condition_subjects(verb: Token) -> list[Token]:
    """Return the subject of an "if/unless/until" clause: whom a threat is aimed at."""
    found: list[Token] = []
    for clause in verb.children:
        if clause.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in clause.children):
            found += [s for s in clause.children if s.dep_ in ("nsubj", "nsubjpass") and names_actor(s)]
    return found


def addressed_clause_targets(word: Token) -> list[Token]:
    """Return whom a demand addresses: the subject of its "that" clause, reached from the verb or
    its demand noun ("pressed its demands that Nepal's cabinet release ..."), or the
    "from/to" party of a passive clause ("demanded that control ... be taken away from X")."""
    clauses = [c for c in word.children if c.dep_ in ("ccomp", "acl")]
    nouns = [c for c in word.children if c.dep_ == "dobj"]
    nouns += [p for prep in word.children if prep.dep_ == "prep" for p in pobjs(prep)]
    clauses += [c for n in nouns for c in n.children if c.dep_ in ("acl", "ccomp")]
    for clause in clauses:
        if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
            continue
        subjects = [s for s in clause.children if s.dep_ == "nsubj" and names_actor(s)]
        if subjects:
            return subjects
        if any(c.dep_ == "nsubjpass" for c in clause.children):
            return passive_parties(clause)
    return []


def passive_parties(clause: Token) -> list[Token]:
    """Return the actor a passive clause takes from or gives to ("be taken away from X")."""
    preps = [p for p in clause.children if p.dep_ == "prep"]
    preps += [p for adv in clause.children if adv.dep_ == "advmod" for p in adv.children if p.dep_ == "prep"]
    return [t for prep in preps if prep.lower_ in CLAUSE_PREPS
            for pobj in pobjs(prep) for t in nominal_targets(pobj, 1)]


def instrument_subjects(verb: Token) -> list[ActorSpan]:
    """Return the attack an assault verb names as its cause when no attacker is named ("died when a
    homemade bomb went off", "died in a truck bomb blast", "a roadside bombing killed ..."):
    an unnamed attacker, placed later by the sentence's country."""
    subjects = [t for t in verb.children if t.dep_ == "nsubj"]
    if subjects and not all(is_instrument(t) for t in subjects):
        return []
    causes = subjects + [t for t in verb.children if t.dep_ == "agent"]
    causes += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ in INSTRUMENT_PREPS
               for p in pobjs(prep)]
    causes = [p for c in causes for p in ([c] if c.dep_ != "agent" else pobjs(c))]
    return [instrument_actor(t) for t in causes if is_instrument(t)][:1]


def is_instrument(noun: Token) -> bool:
    """Return True for a noun naming a weapon or an attack ("car bomb explosion": its compound names a bomb)."""
    words = [noun, *(c for c in noun.children if c.dep_ in ("compound", "amod", "nmod"))]
    return noun.pos_ == "NOUN" and any(w.lemma_.lower() in INSTRUMENT_WORDS for w in words)


def instrument_actor(noun: Token) -> ActorSpan:
    """Return the unnamed attacker behind a weapon or attack noun, as its phrase."""
    phrase = phrase_of(noun)
    return ActorSpan(mention=to_span(phrase, "GROUP"), resolved=phrase.text, label="GROUP")


# Prepositions that place a noun inside a country ("a jail in northern Israel", "villages near
# Macedonia's border", "the capital Kabul").
PLACING_PREPS = frozenset({"in", "near", "of", "inside", "outside", "along", "on", "at", "around"})


def is_place_name(token: Token) -> bool:
    """Return True for a token inside a named state or place ("Israel", "West Darfur State")."""
    return token.ent_type_ in PLACE_LABELS


def place_names(noun: Token, depth: int = 0) -> list[Token]:
    """Return the named place a location phrase is in: the noun itself ("in Haiti"), a name that
    modifies or restates it ("Montenegro province", "the capital Kabul", "Macedonia's border"), or
    the place its own "in/near/of ..." phrase names, followed down ("at targets in Jericho",
    "control of farms near Chad's frontier"). A noun that names an actor is no place."""
    if is_place_name(noun):
        return [noun]
    if depth >= CHAIN_DEPTH or noun.pos_ not in ("NOUN", "PROPN") or names_actor(noun):
        return []
    named = [c for c in noun.children if c.dep_ in ("compound", "appos", "poss") and is_place_name(c)]
    if named:
        return named[:1]
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in PLACING_PREPS:
            found = [t for pobj in pobjs(prep) for t in place_names(pobj, depth + 1)]
            if found:
                return found[:1]
    return []


def place_holders(word: Token) -> list[Token]:
    """Return the words whose prepositions can say where a predicate is directed: the word itself,
    its direct object, and for a noun inside "X of <noun>" that X ("a curfew in Mombasa")."""
    holders = [word, *(c for c in word.children if c.dep_ == "dobj")]
    if word.dep_ == "pobj" and word.head.lower_ == "of" and word.head.head.pos_ == "NOUN":
        holders.append(word.head.head)
    verb = framing_verb(word)
    if verb is not None:
        holders.append(verb)
    return holders


def counted_objects(verb: Token) -> list[Token]:
    """Return an object the parser hung under "up to" as if a particle ("seized up to 12 Danish
    engineers": engineers); only a counted noun, so "caught up to the convoy" stays a phrasal verb."""
    return [
        pobj for prt in verb.children if prt.dep_ == "prt" and prt.lower_ == "up"
        for prep in prt.children if prep.dep_ == "prep" and prep.lower_ == "to"
        for pobj in pobjs(prep) if any(c.dep_ == "nummod" for c in pobj.children)
    ]


STATE_VERBS = word_set("state_verbs")
STATE_PREPS = frozenset({"on", "under"})
GATHERING_VERBS = word_set("gathering_verbs")


def framing_verb(noun: Token) -> Token | None:
    """Return the verb that puts its subject in the state or gathering a noun names ("Israeli troops
    remained on alert", "Nigerians were converging for a rally"), or None."""
    prep, verb = noun.head, noun.head.head
    if noun.dep_ != "pobj" or prep.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX"):
        return None
    if prep.lower_ in STATE_PREPS and verb.lemma_ in STATE_VERBS:
        return verb
    if prep.lower_ == "for" and verb.lemma_ in GATHERING_VERBS:
        return verb
    return None
