"""How a mention reads against the actor registry: its units, regions, base actor, office and sector.

Owns ``MentionReader`` (between ``ActorIndex`` and ``ActorRegistry``): exact aliases, then phrase
analysis (possessives, "X of/in Y", titles, office and sector words), then fuzzy matching of
unknown capitalised words (``rapidfuzz.fuzz.ratio`` >= ``FUZZY_TOKEN_CUTOFF`` for single words of
six or more letters, ``token_sort_ratio`` >= ``FUZZY_NAME_CUTOFF`` for whole names), and the
cleaned name of an unknown actor. Imports the standard library, rapidfuzz, ``pipeline.knowledge``,
``pipeline.records`` and the siblings ``actor_index`` and ``actor_names``; never spaCy or another stage.
"""

from __future__ import annotations

import re
from datetime import date

from rapidfuzz import fuzz, process

from pipeline.knowledge.text import fold
from pipeline.normalize.actor_index import KIND_RANK, ActorIndex
from pipeline.normalize.actor_names import EDGE_PUNCT, Reading, Target, Token, Unit, alias_key, name_part, tokenize
from pipeline.records import EntityType

FUZZY_TOKEN_CUTOFF = 88.0
# Fuzzy answers and name words kept at most (then forgotten at once): a long run meets new words without end.
FUZZY_KEPT = 50_000
FUZZY_NAME_CUTOFF = 90.0
MAX_NGRAM = 8
LABEL_TYPES: dict[str, EntityType] = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location",
                                      "FAC": "location", "NORP": "other"}
# Lexicon categories stripped from the front of an unknown actor's name ("President X" -> "X").
LEADING = frozenset({"titles", "office", "stopwords", "role_blockers"})
# Lexicon categories that, before a person's name, describe rather than name ("CEO Steve Jobs").
DESCRIPTORS = frozenset({"titles", "office", "sector", "role_blockers"})


class MentionReader(ActorIndex):
    """The registry's index, read: ``read`` tells what a mention names before it becomes an ``Entity``."""

    def _units(self, tokens: list[Token], *, fuzzy: bool = False) -> list[Unit]:
        units: list[Unit] = []
        i = 0
        while i < len(tokens):
            unit = self._match_at(tokens, i) or (self._fuzzy_at(tokens[i]) if fuzzy else None)
            units.append(unit or Unit(tokens[i:i + 1]))
            i += len(units[-1].tokens)
        for left, right in zip(units, units[1:], strict=False):
            left.patron = left.patron or bool(left.targets) and "patron_words" in right.lex
            right.patron = bool(right.targets) and "stance_words" in left.lex
        return units

    def _match_at(self, tokens: list[Token], i: int) -> Unit | None:
        for j in range(min(len(tokens), i + MAX_NGRAM), i, -1):
            key = " ".join(t.key for t in tokens[i:j])
            folded = self._folded.get(key, [])
            if j == i + 1 and len(tokens[i].text) > 1 and tokens[i].text.isupper():
                # A word in capitals is an acronym, not the town spelled alike ("GAO" is no Gao, Mali).
                folded = [t for t in folded if t.kind != "place"]
            targets = folded + (self._acronyms.get(tokens[i].acronym, []) if j == i + 1 else [])
            if targets or key in self._lex:
                return Unit(tokens[i:j], list(targets), {} if targets else self._lex[key])
        return None

    def _fuzzy_at(self, token: Token) -> Unit | None:
        if not token.capitalized or len(token.key) < 6 or not token.key.isalpha():
            return None
        targets = self._fuzzy_match(token.key, whole=False)
        return Unit([token], targets) if targets else None

    def _fuzzy_name(self, tokens: list[Token]) -> list[Target]:
        words = [t.key for t in tokens if t.capitalized and t.key not in self._lex]
        if len(words) < 2:
            return []
        return self._fuzzy_match(" ".join(words), whole=True)

    def _fuzzy_match(self, key: str, *, whole: bool) -> list[Target]:
        """Return the targets of the fuzzy key closest to ``key`` (a whole name's words when ``whole``, else one
        word) above its cutoff, or none. Answers are kept: the same unknown words come back in every article, and
        the index changes only through ``_add_entry``, which forgets them."""
        found = self._fuzzy_found.get((whole, key))
        if found is None:
            scorer, cutoff = (fuzz.token_sort_ratio, FUZZY_NAME_CUTOFF) if whole else (fuzz.ratio, FUZZY_TOKEN_CUTOFF)
            best = process.extractOne(key, self._fuzzy[whole].keys(), scorer=scorer, score_cutoff=cutoff)
            if len(self._fuzzy_found) >= FUZZY_KEPT:
                self._fuzzy_found.clear()
            found = self._fuzzy_found[(whole, key)] = tuple(self._fuzzy[whole][best[0]]) if best else ()
        return list(found)

    def read(self, mention: str, *, on: date | None = None, label: str | None = None) -> Reading:
        """Return how ``mention`` reads: its base actor, office, sector and leftover name words."""
        tokens = tokenize(mention)
        units = self._units(tokens)
        if not any(u.targets for u in units):
            units = self._units(tokens, fuzzy=True)
        if not any(u.targets for u in units) and (targets := self._fuzzy_name(tokens)):
            units = [Unit(tokens, targets)]
        return self._reading(units, on=on, label=label)

    def _regions(self, units: list[Unit]) -> dict[str, list[Unit]]:
        """Split a mention into owner ("X's", "loyal to X"), head, and complement ("of/in Y")."""
        regions: dict[str, list[Unit]] = {"owner": [], "head": [], "complement": []}
        marks = [k for k, u in enumerate(units) if u.text == "'s"]
        if marks:
            regions["owner"], units = units[:marks[-1]], units[marks[-1] + 1:]
        current = "head"
        for unit in units:
            if not unit.targets and "owner_markers" in unit.lex:
                regions["owner"], current = [], "owner"
            elif not unit.targets and "terminators" in unit.lex and current != "owner":
                break
            elif not unit.targets and "prepositions" in unit.lex and current == "head":
                current = "complement"
            else:
                regions[current].append(unit)
        return regions

    def _pick(self, units: list[Unit], *, location: bool = False) -> Unit | None:
        found = [u for u in units if u.targets and not u.patron]
        named = [u for u in found if u.targets[0].kind == "actor"]
        persons = [u for u in named if self.entries[u.targets[0].id].type == "person"]
        if named:
            return persons[-1] if persons else named[0]
        if location:
            nouns = [u for u in found if u.targets[0].kind in ("name", "place", "metonym")]
            candidates = nouns or found
            return candidates[-1] if candidates else None
        return found[0] if found else None

    def _base_unit(self, regions: dict[str, list[Unit]]) -> tuple[Unit | None, str]:
        head, complement = regions["head"], regions["complement"]
        base = self._pick(head)
        kind = base.targets[0].kind if base else ""
        # People live where the phrase puts them ("Albanians of southern Serbia", "the Albanian
        # population of Kosovo"), and so does a minority, as event coders code it ("ethnic Albanian
        # guerrillas in Macedonia": MKD:REB); "Turkish troops in Syria" are Turkish.
        after = head[head.index(base) + 1:] if base is not None else []
        residents = bool(after) and all(u.lex.get("sector") == "CVL" for u in after)
        ethnic = any(u.text.lower() == "ethnic" for u in head)
        nominal = kind == "people" or (kind == "demonym" and (base is head[-1] or residents or ethnic))
        if base is not None and not (nominal and self._pick(complement, location=True)):
            return base, "head"
        fallbacks = (("complement", self._pick(complement, location=True)), ("owner", self._pick(regions["owner"])))
        for region, unit in fallbacks:
            if unit is not None:
                return unit, region
        return None, ""

    def _reading(self, units: list[Unit], *, on: date | None, label: str | None) -> Reading:
        regions = self._regions(units)
        unit, region = self._base_unit(regions)
        head = regions["head"]
        reading = Reading(region=region, homeland=next((u.lex["homeland"] for u in units if "homeland" in u.lex), None))
        for k, u in enumerate(head):
            reading.office = u.lex.get("office", reading.office)
            after_place = k > 0 and bool(head[k - 1].targets) and head[k - 1].targets[0].kind == "place"
            if after_place and u.text in self.words.place_suffixes:
                continue  # "West Darfur State", "Kaduna State": part of a region's name, not a government
            if "sector" in u.lex and "office" not in u.lex:
                reading.sector = u.lex["sector"]
                reading.sector_follows = region == "owner" or any(v is unit for v in head[:k])
            reading.blocked |= "role_blockers" in u.lex
            reading.titled |= "titles" in u.lex or "office" in u.lex
        if reading.sector is None and region == "complement":
            reading.sector = next((u.lex["sector"] for u in reversed(regions["complement"]) if "sector" in u.lex), None)
        people = any(u.targets and u.targets[0].kind in ("people", "demonym") for u in head)
        if reading.sector is None and region == "complement" and people:
            # "ethnic Turks in Sweden" are people living in Sweden (SWE:CVL), not the Swedish state.
            reading.sector = "CVL"
        reading.remnant = [u.text for u in head
                           if not u.targets and not u.lex and u.tokens[0].capitalized and u.text.isalpha()]
        later = head[head.index(unit) + 1:] if unit is not None and region == "head" else []
        reading.trailing = [u.text for u in later
                            if not u.targets and not u.lex and u.tokens[0].capitalized and u.text.isalpha()]
        if unit is not None:
            reading.base = self._choose(unit.targets, on=on, office=reading.office, label=label)
        return reading

    def _choose(self, targets: list[Target], *, on: date | None, office: str | None, label: str | None) -> Target:
        wanted = LABEL_TYPES.get(label or "")

        def score(item: tuple[int, Target]) -> tuple[int, ...]:
            rank, target = item
            entry = self.entries[target.id]
            roles = entry.roles if target.kind == "actor" else ()
            return (
                0 if wanted == "person" and entry.type == "person"
                or wanted == "location" and target.kind != "actor" else 1,
                0 if office and on and any(r.office == office and r.active(on) for r in roles) else 1,
                0 if office and any(r.office == office for r in roles) else 1,
                0 if on and any(r.active(on) for r in roles) else 1,
                KIND_RANK[target.kind], rank,
            )
        return min(enumerate(targets), key=score)[1]

    def name_words(self, mention: str, *, person: bool) -> list[str]:
        """Return the folded words of the name ``mention`` gives, leading articles and descriptors left out, for
        a person titles too ("Mr. Sugar" -> ["sugar"], "Northrop Grumman CEO Ron Sugar" -> ["ron", "sugar"]).
        Answers are kept (an article repeats its names; the lexicon they depend on never changes)."""
        found = self._names_found.get((mention, person))
        if found is None:
            if len(self._names_found) >= FUZZY_KEPT:
                self._names_found.clear()
            found = self._names_found[(mention, person)] = tuple(alias_key(self._clean_name(mention,
                                                                                            person=person)).split())
        return list(found)

    def _clean_name(self, mention: str, *, person: bool = False) -> str:
        """Return ``mention`` without leading titles and articles nor a trailing possessive, as written."""
        words = name_part(mention).strip().split()
        # A title leads a person's name, not a company's ("General Motors", "General Electric").
        lead = LEADING if person else LEADING - {"titles", "office"}
        stripped = True
        while stripped and len(words) > 1:
            stripped = False
            for n in (3, 2, 1):
                key = alias_key(" ".join(words[:n]))
                leading = n == 1 and fold(words[0]) == "the" or key and lead & set(self._lex.get(key, {}))
                if n < len(words) and leading:
                    words, stripped = words[n:], True
                    break
        return re.sub(r"['’]s$", "", " ".join(self._after_descriptor(words, person=person))).strip(EDGE_PUNCT + " ")

    def _after_descriptor(self, words: list[str], *, person: bool) -> list[str]:
        """Return the proper name that ends ``words`` when a descriptor leads it in: "Russian flag carrier
        Aeroflot" -> Aeroflot. A descriptor is a common noun (a lower-case word, not a name particle);
        for a person also a title, office or sector word ("Apple Computer CEO Steve Jobs" -> Steve Jobs),
        which in an organization's name is part of the name ("Government Accountability Office")."""
        cut = 0
        for k, word in enumerate(words[:-1]):
            if word.casefold() in self.words.name_particles:
                continue
            common = word.isalpha() and word.islower()
            describes = DESCRIPTORS & set(self._lex.get(alias_key(word) or "-", {}))
            titled = person and (fold(word) in self.words.descriptor_acronyms or describes)
            if common or titled:
                cut = k + 1
        rest = words[cut:]
        return rest if rest and all(w[:1].isupper() for w in rest) else words

