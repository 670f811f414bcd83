"""Find predicate words and their arguments in the dependency parse.

Covers active and passive clauses, prepositional objects ("war against Armenia"), control and
purpose clauses ("sought to overthrow Assad", "goal was to keep Assad in power"), nominal and
possessive predicates ("Turkey's support for the GNA", "a loan to Gaddafi"), participles inside
noun phrases ("militias allied with the Turkish military"), relative clauses and coordination.
Argument tokens become actors in ``references``; recipients named only through complements and
adjuncts are found by ``targets``, lexicon lookups of words by ``lookup_words``. Imports records,
spaCy types, those sibling helpers, the ontology and the word sets and labels of ``pipeline.knowledge``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from pipeline.extract.arguments import direct_actor, entity_of
from pipeline.extract.lookup_words import compound_lemma, framing_entry, measured_noun, verb_lookup
from pipeline.extract.references import RELATIVE_PRONOUNS, actor_for, actors_of, children
from pipeline.extract.targets import (
    about_targets,
    addressed_clause_targets,
    adjunct_targets,
    counted_objects,
    framing_verb,
    instrument_subjects,
    place_holders,
    place_names,
    stranded_objects,
)
from pipeline.knowledge.labels import PLACE_LABELS, VALUE_LABELS
from pipeline.knowledge.roles import OTHER, argument_roles
from pipeline.knowledge.words import word_set
from pipeline.ontology import Lexicon, PredicateEntry, reframe
from pipeline.records import ActorSpan

SUBJECT_DEPS = ("nsubj", "csubj")
NON_COUNTRY_WORDS = word_set("non_country_words")
# "the recapture by Assad", "positions of the army", "data with Canada", "shelter to pilots",
# "support from the Assembly", "a stake in Chrysler", "lifted the ban on Chile"
OWNER_PREPS = ("by", "of", "with", "to", "against", "from", "in", "on")
# Prepositions of a participle inside the object that name whom the object's act is directed at ("lifted the
# sanctions imposed on Belarus", "the aid promised to Haiti", "sanctions led by X against Y").
PARTICIPLE_TARGET_PREPS = ("on", "to", "against", "upon", "toward", "towards")
# Prepositions that name where a meeting takes place, not whom it is directed at ("met in Sochi": the place of
# the claim); for other acts they point at a recipient place ("imposed a curfew in Mombasa"). Narrowed to
# meetings after a dev run: the CAMEO and RAMS sets code "in <place>" of other acts as their target.
VENUE_PREPS = ("in", "at")
VENUE_TYPES = frozenset({"CONSULT"})
PLACE_TARGET_PREPS = ("to", "from", "in", "into", "against", "on", "at")
OBJECT_PREPS = ("against", "with", "to", "for", "on", "from", "into", "toward", "towards", "at", "over")
NOUN_ARG_PREPS = ("for", "to", "with", "against", "on", "of", "from", "toward", "towards")
CONTROL_DEPS = ("xcomp", "advcl", "conj", "pcomp", "ccomp", "relcl", "acl")
CARRIER_VERBS = word_set("carrier_verbs")
FINDING_VERBS = word_set("finding_verbs")
PLACE_LIKE_NOUNS = word_set("place_like_nouns")
MATERIAL_NOUN_TYPES = frozenset({"MOBILIZE", "ASSAULT", "AID", "SANCTION", "COERCE", "RETREAT"})
ALONE_NOUN_TYPES = frozenset({"MOBILIZE", "PROTEST", "RETREAT"})
OBJECT_CONTROL = word_set("object_control")
ADDRESSED_VERBS = word_set("addressed_verbs")
CONTRACT_NOUNS = word_set("contract_nouns")
STAKE_NOUNS = word_set("stake_nouns")
PURPOSE_NOUNS = word_set("purpose_nouns")
REPORTING_VERBS = word_set("reporting_verbs")
CHANCE_NOUNS = word_set("chance_nouns")
STATIVE_PASSIVES = word_set("stative_passives")
ENGAGING_VERBS = word_set("engaging_verbs")
OWN_FORCE_VERBS = word_set("own_force_verbs")
SELF_PASSIVES = word_set("self_passives")
NON_TARGET_LABELS = VALUE_LABELS
# Types that evaluate an act (criticism, rejection, praise): their target is the act's agent.
EVALUATION_TYPES = frozenset({"ACCUSE", "REJECT", "SUPPORT"})
# Who can be the agent of an act a noun names: a named country, people, organization or person.
AGENT_LABELS = ("NORP", "GPE", "ORG", "PERSON")
# PropBank's argument roles per verb and preposition (``claimgraph convert``): which prepositions introduce
# something other than the party acted upon ("accused X of spying", "sanctioned X for the attack").
ROLES = argument_roles()


@dataclass(frozen=True)
class PredicateHit:
    """A predicate word with its lexicon entry and its resolved arguments."""

    token: Token
    entry: PredicateEntry
    subjects: tuple[ActorSpan, ...]
    objects: tuple[ActorSpan, ...]
    cue_tokens: tuple[Token, ...]
    # Which class of rule read it (``Candidate.rule``): "verb", "noun", "noun_between", "reaction_framing", ...
    rule: str = "verb"


def relative_head(verb: Token) -> Token | None:
    """Return the noun a relative clause or participle modifies ("Turkey, which seeks ..." -> Turkey)."""
    if verb.dep_ in ("relcl", "acl"):
        return verb.head
    return None


def inherited_subject(verb: Token, depth: int = 0) -> list[Token]:
    """Return the subject a verb without one takes from the clause that governs it."""
    if depth > 4 or verb.dep_ not in CONTROL_DEPS or verb.head == verb:
        return []
    head = verb.head
    if verb.dep_ in ("relcl", "acl"):
        if head.dep_ == "attr" and head.head.lemma_ == "be":
            return subject_tokens(head.head, depth + 1)
        purpose = head.lemma_ in PURPOSE_NOUNS | CHANCE_NOUNS
        if head.dep_ in ("dobj", "attr") and (purpose or direct_actor(head) is None):
            # "issued a declaration demanding ...", "saw the opportunity to oust ...": the verb's subject acts.
            return subject_tokens(head.head, depth + 1)
        for_event = head.dep_ == "pobj" and head.head.lower_ == "for"
        if for_event and direct_actor(head) is None and not children(verb, *SUBJECT_DEPS):
            # "converged for a rally to protest ...": those who came for the rally protest.
            return subject_tokens(head.head.head, depth + 1)
        if head.lemma_ in CONTRACT_NOUNS and head.dep_ == "pobj" and head.head.lower_ == "for":
            # "defeated Boeing for a contract to supply the USAF": the winner of the contract supplies.
            return subject_tokens(head.head.head, depth + 1)
        return [head] if head.pos_ in ("PROPN", "NOUN", "PRON") else []
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        return subject_tokens(head.head, depth + 1)
    patients = [t for t in children(head, "nsubjpass") if t.lower_ not in RELATIVE_PRONOUNS]
    if verb.dep_ == "conj" and patients and not children(verb, "auxpass") and head.lemma_ not in STATIVE_PASSIVES:
        # "X has been indicted by Y and will resign": X resigns, not Y.
        return patients
    if verb.dep_ == "xcomp" and head.lemma_ in OBJECT_CONTROL and children(head, "dobj"):
        return children(head, "dobj")
    if verb.dep_ in ("xcomp", "ccomp") and head.lemma_ == "be":
        return purpose_owner(head)
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
        return subject_tokens(head.head, depth + 1)
    return subject_tokens(head, depth + 1)


def purpose_owner(copula: Token) -> list[Token]:
    """Return the owner of a purpose noun ("Moscow" in "Moscow's goal was to keep Assad in power")."""
    for subject in children(copula, "nsubj"):
        if subject.lemma_ in PURPOSE_NOUNS:
            return children(subject, "poss")
    return []


def subject_tokens(verb: Token, depth: int = 0) -> list[Token]:
    """Return the tokens naming ``verb``'s agent: its subject, a passive agent, or an inherited subject."""
    agents = [pobj for agent in children(verb, "agent") for pobj in children(agent, "pobj")]
    if agents:
        return agents
    own = [t for t in children(verb, *SUBJECT_DEPS) if t.lower_ not in RELATIVE_PRONOUNS]
    if own:
        return own
    if children(verb, "nsubjpass"):
        return children(verb, "nsubjpass") if verb.lemma_ in STATIVE_PASSIVES | SELF_PASSIVES else []
    return inherited_subject(verb, depth)


def object_tokens(verb: Token, entry: PredicateEntry) -> list[Token]:
    """Return the tokens naming ``verb``'s patient: passive subject, direct object, dative or a prepositional object."""
    passive = [t for t in children(verb, "nsubjpass") if t.lower_ not in RELATIVE_PRONOUNS]
    self_passive = verb.lemma_ in SELF_PASSIVES and not children(verb, "agent")
    if passive and verb.lemma_ not in STATIVE_PASSIVES and not self_passive:
        return passive
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and children(verb, "agent"):
        return [verb.head]
    # What is deployed or withdrawn is one's own force, not the recipient ("withdraw inspectors from Iraq").
    moves_own = entry.plover == "MOBILIZE" or entry.mode == "withdraw" or verb.lemma_ in OWN_FORCE_VERBS
    direct = [] if moves_own else children(verb, "dobj") + dative_objects(verb) + counted_objects(verb)
    own_prep = entry.prep
    allowed = {own_prep} if own_prep else set(OBJECT_PREPS)
    preps = [pobj for prep in children(verb, "prep") if prep.lower_ in allowed for pobj in prep_objects(prep)
             if may_name_target(verb, prep, own_prep) or pobj.ent_type_ in PLACE_LABELS]
    # "pulled out of Afghanistan", "shipped out of Gorazde": what is left.
    preps += [pobj for out in children(verb, "prep", "prt") if out.lower_ == "out"
              for of in children(out, "prep") if of.lower_ == "of" for obj in prep_objects(of)
              for pobj in ([obj] if actor_for(obj) else place_names(obj))]
    if any(actor_for(t) for t in direct) and not own_prep:
        preps = []
    if not direct and (verb.lemma_ in OBJECT_CONTROL or verb.lemma_ in ADDRESSED_VERBS):
        direct = [s for clause in children(verb, "ccomp", "xcomp") for s in children(clause, "nsubj")]
    return direct + preps


def may_name_target(verb: Token, prep: Token, own_prep: str | None) -> bool:
    """Return False for a preposition PropBank gives another role than the party acted upon for this verb (the
    charge of "accuse ... of", the reason of "blame ... for"), unless the lexicon entry names it. Callers keep a
    place it introduces ("withdrew from Sinai": PropBank's source, the claim's target place)."""
    return prep.lower_ == own_prep or ROLES.prep_role(verb.lemma_.lower(), prep.lower_) != OTHER


def prep_objects(prep: Token) -> list[Token]:
    """Return the objects of a preposition, repairing one the parser stranded (``stranded_objects``)."""
    return children(prep, "pobj") or stranded_objects(prep)


def dative_objects(word: Token) -> list[Token]:
    """Return a word's dative recipients: a bare noun ("granted Gaddafi a loan") or the object of a
    "to/for" the parser labels dative ("is providing intelligence to Macedonia")."""
    found = []
    for dative in children(word, "dative"):
        found += prep_objects(dative) if dative.pos_ == "ADP" else [dative]
    return found


def owner_objects(verb: Token) -> list[Token]:
    """Return the actor behind a non-actor object: its possessor or its agent ("Turkey's first nuclear plant",
    "the recapture by Assad")."""
    found = []
    # "Serbia's decision was welcomed by the EU": the passive subject is the object.
    objects = children(verb, "dobj") or children(verb, "nsubjpass")
    for obj in objects + [measured_noun(o) for o in objects if measured_noun(o) is not o]:
        found += children(obj, "poss")
        found += [p for prep in children(obj, "prep") if prep.lower_ in OWNER_PREPS
                  for p in children(prep, "pobj") if not is_place_in(prep, p)]
        found += participle_targets(obj)
    return found


def participle_targets(noun: Token) -> list[Token]:
    """Return whom the act a noun names is directed at through a participle inside it ("the sanctions imposed on
    Belarus", "the operation led by X against Y": Belarus, Y)."""
    return [p for acl in children(noun, "acl") if acl.tag_ == "VBN"
            for prep in children(acl, "prep") if prep.lower_ in PARTICIPLE_TARGET_PREPS for p in children(prep, "pobj")]


def participle_agents(noun: Token) -> list[Token]:
    """Return the agent of a participle inside a predicate noun ("sanctions led by Washington": Washington)."""
    return [p for acl in children(noun, "acl") if acl.tag_ == "VBN"
            for agent in children(acl, "agent") for p in children(agent, "pobj")]


def is_place_in(prep: Token, pobj: Token) -> bool:
    """Return True for "in <place>" ("occupied squares in Lima"): where the object is, not who owns it;
    such places are recipients of last resort (``place_recipients``)."""
    return prep.lower_ == "in" and pobj.ent_type_ == "GPE"


def seller_of(verb: Token) -> list[Token]:
    """Return the country modifying the object ("bought Russian S-400 missiles": Russia, "rejected an Australian
    ultimatum": Australia)."""
    found = []
    prep_objects = [p for prep in children(verb, "prep") if prep.lower_ in OBJECT_PREPS for p in children(prep, "pobj")]
    for obj in children(verb, "dobj", "nsubjpass") + prep_objects:
        for token in obj.subtree:
            ent = entity_of(token)
            modifies = token.dep_ in ("amod", "compound", "nmod")
            if ent is not None and ent.label_ in ("NORP", "GPE", "ORG") and modifies and is_country_word(token):
                found.append(token)
                break
    return found


def is_country_word(token: Token) -> bool:
    """Return False for group adjectives that name no country ("Western ideals", "Islamic law")."""
    return token.lower_ not in NON_COUNTRY_WORDS


def place_recipients(word: Token, *, venues: bool = True) -> list[Token]:
    """Return countries a predicate is directed at by place ("a visit to Haiti", "withdrawal from Panama",
    "farms in the Jordan Valley"); without ``venues``, not a place it happens in or at ("met in Sochi")."""
    found = []
    preps = PLACE_TARGET_PREPS if venues else tuple(p for p in PLACE_TARGET_PREPS if p not in VENUE_PREPS)
    for holder in place_holders(word):
        for prep in children(holder, "prep"):
            if prep.lower_ in preps:
                found += [t for p in children(prep, "pobj") for t in place_names(p)]
    return found[:1]


def verb_hit(lexicon: Lexicon, verb: Token) -> PredicateHit | None:
    """Return the claim a verb carries, or None when the lexicon does not know it or no agent is found."""
    entry, cue = verb_lookup(lexicon, verb)
    if entry is None or not lexicon.is_event_word(verb.lemma_) or carried_by_object(lexicon, verb):
        return None
    if framing_entry(lexicon, verb) is not None:
        return None  # "called Putin a liar" is a reaction (``reactions``), not a phone call
    frame = frame_of(lexicon, verb)
    subjects = actors_of(subject_tokens(verb))
    objects = actors_of(object_tokens(verb, entry))
    if frame == "request":
        subjects = actors_of(subject_tokens(verb.head))
        addressees = children(verb.head, "dobj", "dative") or (children(verb, "nsubj") if verb.dep_ == "ccomp" else [])
        objects = actors_of(addressees) or objects
    if frame in ("intent", "threat", "refusal", "request"):
        entry, cue = reframe(entry, frame), (verb.head, *cue)
    objects = others(objects, subjects)
    if not objects:
        objects = fallback_objects(verb, entry, subjects)
    if not objects and lexicon.aspect_effect(verb.lemma_):
        objects = complement_objects(verb, entry, subjects)
    if not subjects and entry.plover == "ASSAULT":
        subjects = tuple(instrument_subjects(verb))
    if not subjects:
        return None
    return PredicateHit(token=verb, entry=entry, subjects=subjects, objects=objects, cue_tokens=cue)


def complement_objects(verb: Token, entry: PredicateEntry, subjects: tuple[ActorSpan, ...]) -> tuple[ActorSpan, ...]:
    """Return the recipients the complements of an aspect verb name ("threatened to attack X"), other than its
    subjects."""
    found = [actor for complement in children(verb, "xcomp")
             for actor in actors_of(object_tokens(complement, entry)) + fallback_objects(complement, entry, subjects)]
    return others(tuple(found), subjects)


def fallback_objects(verb: Token, entry: PredicateEntry, subjects: tuple[ActorSpan, ...]) -> tuple[ActorSpan, ...]:
    """Return the recipient a verb names only indirectly, other than its subjects: an owner of its
    object, a complement or adjunct (``indirect_objects``), a country or organization modifying its
    object, or a place it is directed at. An evaluation of an act ("condemned the Russian air strikes on
    Idlib") is aimed at the act's agent first (``act_agents``: Russia), not at whom the act hit."""
    evaluates = entry.plover in EVALUATION_TYPES
    for found in (lambda: act_agents(children(verb, "dobj", "nsubjpass")) if evaluates else (),
                  lambda: actors_of(owner_objects(verb)), lambda: indirect_objects(verb, entry),
                  lambda: actors_of(seller_of(verb)),
                  lambda: actors_of(place_recipients(verb, venues=entry.plover not in VENUE_TYPES))):
        objects = others(found(), subjects)
        if objects:
            return objects
    return ()


def indirect_objects(word: Token, entry: PredicateEntry) -> tuple[ActorSpan, ...]:
    """Return the target a predicate names only through its complements: a nominal chain ("demanded
    the removal of President X"), the clause a demand addresses, or its adjuncts (``targets``)."""
    # "fired shells, drones and missiles at X": every coordinated object can name the target.
    found = [t for obj in children(word, "dobj") for part in (obj, *obj.conjuncts) for t in about_targets(part)]
    if not found:
        # "dropped peace talks between feuding clans": the parties it was between
        found = [t for obj in children(word, "dobj") for t in between_pair(obj)]
    if not found and entry.plover == "REQUEST":
        found = addressed_clause_targets(word)
    if not found:
        found = adjunct_targets(word, conditional=entry.plover == "THREATEN")
    return tuple(a for a in actors_of(found) if a.mention.label not in NON_TARGET_LABELS)


def noun_indirect_objects(noun: Token) -> tuple[ActorSpan, ...]:
    """Return the target a predicate noun names through a nominal chain or the adjuncts of it or its carrier verb
    ("a sit-in in protest of the Kenyan cabinet's decision")."""
    found = [t for part in (noun, *noun.conjuncts) for t in about_targets(part)] or adjunct_targets(noun)
    if not found and noun.dep_ == "dobj":
        found = adjunct_targets(noun.head)
    if not found and noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB":
        found = adjunct_targets(noun.head.head)
    return tuple(a for a in actors_of(found) if a.mention.label not in NON_TARGET_LABELS)


def others(objects: tuple[ActorSpan, ...], subjects: tuple[ActorSpan, ...]) -> tuple[ActorSpan, ...]:
    """Return the objects that are not one of the subjects nor inside one ("Israel strengthened its
    forces": not Israel; "Dutch peacekeepers were pulled out": not "Dutch")."""
    names = {s.resolved.lower() for s in subjects}
    inside = lambda o: any(s.mention.start <= o.mention.start and o.mention.end <= s.mention.end for s in subjects)  # noqa: E731
    return tuple(o for o in objects if o.resolved.lower() not in names and not inside(o))


def frame_of(lexicon: Lexicon, verb: Token) -> str | None:
    """Return the frame an aspect or control verb governing ``verb`` puts it in ("threatened to strike": threat)."""
    if verb.dep_ in ("xcomp", "ccomp") and verb.head != verb:
        return lexicon.aspect_effect(verb.head.lemma_)
    return None


def carried_by_object(lexicon: Lexicon, verb: Token) -> bool:
    """Return True when the verb only carries an event its object noun names ("conducted interventions"), or its
    complement does."""
    nouns = children(verb, "dobj")
    carrier = is_carrier(lexicon, verb) or verb.lemma_ in lexicon.denial_cues
    if not nouns or not carrier or verb_noun_entry(lexicon, verb) is not None:
        return False
    return any(lexicon.lookup(compound_lemma(n), "NOUN") for n in nouns)


def verb_noun_entry(lexicon: Lexicon, verb: Token) -> PredicateEntry | None:
    """Return the lexicon's entry for this verb with this object noun ("lodge ... protest", "sign ... treaty"), or
    None."""
    nouns = children(verb, "dobj")
    if not nouns:
        return None
    particle = next((p.lower_ for p in children(verb, "prt")), None)
    entry = lexicon.lookup(verb.lemma_.lower(), "VERB", particle=particle, noun=compound_lemma(nouns[0]))
    specific = entry is not None and entry.lemma == verb.lemma_.lower() and (entry.noun or entry.particle)
    return entry if specific else None


def noun_subject_tokens(lexicon: Lexicon, noun: Token, entry: PredicateEntry) -> list[Token]:
    """Return who does what a predicate noun names: its possessor, a country adjective, or a light verb's subject."""
    owners = children(noun, "poss")
    if owners and actors_of(owners):
        return owners
    agents = participle_agents(noun)
    if agents and actors_of(agents):
        return agents
    if entry.plover in MATERIAL_NOUN_TYPES and noun.lemma_ not in PLACE_LIKE_NOUNS:
        modifiers = [t for t in noun.lefts
                     if t.dep_ in ("amod", "compound", "nmod") and t.ent_type_ in ("NORP", "GPE", "ORG")]
        if modifiers:
            return modifiers[:1]
    return carrier_subject(lexicon, noun)


def carrier_subject(lexicon: Lexicon, noun: Token) -> list[Token]:
    """Return the subject of the verb that carries a predicate noun: "Russia entered the war",
    "maintain a level of cooperation" (through "of"), "supported Azerbaijan in the war" (the participant)."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ in ("dobj", "attr", "nsubj"):
        return carrier_subject(lexicon, head.head)
    if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.lemma_ in ENGAGING_VERBS:
        return subject_tokens(head.head)
    if noun.dep_ == "pobj" and head.lower_ == "in" and head.head.pos_ == "VERB" and noun.lemma_ in PLACE_LIKE_NOUNS:
        return [t for t in children(head.head, "dobj") if t.pos_ == "PROPN"]
    if noun.dep_ in ("dobj", "attr") and is_carrier(lexicon, head):
        return subject_tokens(head)
    verb = framing_verb(noun)
    return subject_tokens(verb) if verb is not None else []


def is_carrier(lexicon: Lexicon, verb: Token) -> bool:
    """Return True for a verb that lends its subject to its object noun ("launched an attack", "denies any
    connection")."""
    return lexicon.is_light_verb(verb.lemma_) or verb.lemma_ in CARRIER_VERBS or verb.lemma_ in REPORTING_VERBS


def noun_object_tokens(noun: Token) -> list[Token]:
    """Return the recipient of a predicate noun: a prepositional object, or the light verb's dative."""
    finding = noun.dep_ == "dobj" and noun.head.lemma_ in FINDING_VERBS
    own_preps = NOUN_ARG_PREPS + ("in",) if finding else NOUN_ARG_PREPS
    found = [pobj for prep in children(noun, "prep") if prep.lower_ in own_preps for pobj in children(prep, "pobj")]
    if noun.dep_ == "dobj":
        # "piled pressure on Caracas", "put the blame on Kyiv": the light verb's "on" names the recipient.
        finding = noun.head.lemma_ in FINDING_VERBS
        preps = ("to", "with", "against", "in") if finding else ("to", "with", "against", "on")
        found += dative_objects(noun.head)
        found += [pobj for prep in children(noun.head, "prep") if prep.lower_ in preps
                  for pobj in children(prep, "pobj")]
    if noun.dep_ == "pobj" and noun.head.lower_ == "with" and noun.head.head.pos_ == "VERB":
        found += subject_tokens(noun.head.head)
    if noun.dep_ == "attr":
        found += [t for t in children(noun, "poss")]
    return found + participle_targets(noun)


def between_pair(noun: Token) -> list[Token]:
    """Return X (and its conjuncts) in "the bond between X and Y": a reciprocal relation."""
    return [p for prep in children(noun, "prep") if prep.lower_ == "between" for p in children(prep, "pobj")]


def noun_hit(lexicon: Lexicon, noun: Token) -> PredicateHit | None:
    """Return the claim a predicate noun carries ("Turkey's support for the GNA"), or None."""
    entry = lexicon.lookup(compound_lemma(noun), "NOUN")
    if entry is None or not lexicon.is_event_word(noun.lemma_):
        return None
    if noun.dep_ == "dobj" and verb_noun_entry(lexicon, noun.head) is not None:
        return None
    if noun.dep_ in ("dobj", "nsubjpass") and framing_entry(lexicon, noun.head) is not None:
        return None  # the act a speaker evaluates ("called the strikes an escalation") is not the speaker's
    if noun.dep_ == "attr":
        subjects = actors_of(subject_tokens(noun.head))
        preps = ("to", "for", "with", "in") if noun.lemma_ in STAKE_NOUNS else ("to", "for", "with")
        pobjs = [p for prep in children(noun, "prep") if prep.lower_ in preps for p in children(prep, "pobj")]
        objects = actors_of(children(noun, "poss") + pobjs)
    else:
        subject_words = noun_subject_tokens(lexicon, noun, entry)
        subjects = actors_of(subject_words)
        objects = actors_of([t for t in noun_object_tokens(noun) if t not in subject_words])
    rule = "noun"
    if not subjects and not objects:
        # "clashes between Armenia and Azerbaijan": each party acts on the other
        subjects = actors_of(between_pair(noun))
        objects, rule = (subjects, "noun_between") if len(subjects) > 1 else ((), rule)
    if subjects and not objects:
        modifiers = [m for m in noun.lefts
                     if m.dep_ in ("amod", "compound") and m.ent_type_ in ("NORP", "GPE") and is_country_word(m)]
        objects = actors_of([m for m in modifiers if m not in subject_words]) if noun.dep_ != "attr" else ()
        venues = entry.plover not in VENUE_TYPES
        objects = (objects or actors_of(place_recipients(noun, venues=venues))
                   or others(noun_indirect_objects(noun), subjects))
    alone = entry.plover in ALONE_NOUN_TYPES or (not entry.needs_object and bool(carrier_subject(lexicon, noun)))
    if not subjects or (not objects and not alone and len(subjects) < 2):
        return None
    return PredicateHit(token=noun, entry=entry, subjects=subjects, objects=objects, cue_tokens=(noun,), rule=rule)


def find_hits(lexicon: Lexicon, sentence: SpacySpan) -> list[PredicateHit]:
    """Return every predicate with an agent in ``sentence``; an aspect verb ("threatened to ...") only when its
    complement carries no claim."""
    hits = all_hits(lexicon, sentence)
    carried = {hit.token.i for hit in hits}
    kept = [hit for hit in hits
            if not governs_complement(lexicon, hit.token, carried) or is_addressed_request(lexicon, hit)]
    return [with_complement_objects(lexicon, hit, hits) for hit in kept]


def with_complement_objects(lexicon: Lexicon, hit: PredicateHit, hits: list[PredicateHit]) -> PredicateHit:
    """Return an aspect verb's hit with the recipient its complement names ("threatened to launch an
    offensive in its war with Iraq": Iraq) when it has none of its own."""
    if hit.objects or not lexicon.aspect_effect(hit.token.lemma_):
        return hit
    inside = {t.i for t in hit.token.subtree}
    objects = tuple(o for other in hits if other is not hit and other.token.i in inside for o in other.objects)
    return replace(hit, objects=others(objects, hit.subjects)) if objects else hit


def is_addressed_request(lexicon: Lexicon, hit: PredicateHit) -> bool:
    """Return True for a demand with its addressee ("Greece demanded that its partners refuse ..."):
    the demand is an event of its own, beside what the addressee is asked to do."""
    return lexicon.aspect_effect(hit.token.lemma_) == "request" and bool(hit.objects)


def governs_complement(lexicon: Lexicon, verb: Token, carried: set[int]) -> bool:
    """Return True for an aspect verb whose complement carries the claim, or that only marks time or attempt
    ("seeks to expand")."""
    effect = lexicon.aspect_effect(verb.lemma_)
    if effect is None or not children(verb, "xcomp", "ccomp"):
        return False
    return effect in ("transparent", "future") or complement_carried(verb, carried)


def complement_carried(verb: Token, carried: set[int]) -> bool:
    """Return True when a complement clause of ``verb`` yielded a claim of its own."""
    return any(child.i in carried for child in children(verb, "xcomp", "ccomp"))


def all_hits(lexicon: Lexicon, sentence: SpacySpan) -> list[PredicateHit]:
    """Return every predicate with an agent in ``sentence``, aspect verbs included."""
    hits = []
    for token in sentence:
        if token.pos_ in ("VERB", "AUX") or (token.pos_ == "ADJ" and token.dep_ == "acl"):
            hit = verb_hit(lexicon, token)
        elif token.pos_ == "NOUN":
            hit = noun_hit(lexicon, token)
        else:
            hit = None
        if hit is not None:
            hits.append(hit)
    return hits


def act_agents(nouns: list[Token]) -> tuple[ActorSpan, ...]:
    """Return the agents of the acts ``nouns`` name: possessors ("Turkey's motives"), a "by" phrase, a country,
    organization or person modifier ("the Chinese crackdown", "the Israeli strikes")."""
    found: list[Token] = []
    for noun in nouns:
        found += children(noun, "poss")
        found += [p for prep in children(noun, "prep") if prep.lower_ == "by" for p in children(prep, "pobj")]
        found += [m for m in noun.lefts if m.dep_ in ("amod", "compound", "nmod")
                  and m.ent_type_ in AGENT_LABELS and is_country_word(m)]
    return actors_of(found)
