"""Direct actor resolution on the PLOVER gold-standard records: registry only, no spaCy, no dates.

For every gold ``source`` and ``target`` actor, resolves ``actorText`` with
``ActorRegistry.resolve(text, label=None, on=None)`` and compares the resolved country with the
gold ``code`` through ``pipeline.evaluate.labels`` (``country_right``: CAMEO spellings such as JAP
read as ISO, the same code table as the GSR checks; IGO and NGO told apart). Gold codes that name
no state (IGO, NGO, IMG, ...) are scored apart: the registry codes IGOs as ``IGO`` and NGOs as
``NGO`` like PLOVER, but PLOVER also codes Amnesty and the Red Cross as IGO, and al-Qaeda as IMG
where the registry keeps IMG only for transnational groups.

    python benchmarks/plover_actors.py [--data dev.jsonl] [--registry models/registry] [--top 25]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.evaluate.codes import country_code
from pipeline.evaluate.counts import Accuracy
from pipeline.evaluate.labels import country_right, label_accuracy
from pipeline.normalize.actors import ActorRegistry

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path("/work/shared/data/plover_gsr/dev.jsonl")
NON_STATE = frozenset({"IGO", "NGO", "IMG", "ISM", "UNO", "EUR", "MNC"})


@dataclass(frozen=True)
class Outcome:
    """One gold actor and what the registry made of it."""

    role: str
    text: str
    gold: str
    got: str | None
    entity_id: str

    @property
    def correct(self) -> bool:
        """True when the registry's country is the gold code (``country_right``)."""
        return country_right(self.got, self.gold)


def accuracy(outcomes: list[Outcome]) -> Accuracy:
    """Return how many of ``outcomes`` have the gold country."""
    return label_accuracy(((o.got, o.gold) for o in outcomes), same=country_right)


def gold_actors(path: Path) -> Iterator[tuple[str, str, str]]:
    """Yield (role, actorText, gold code) for every well-formed source and target actor of ``path``."""
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        for role in ("source", "target"):
            actors = record.get(role)
            for actor in actors if isinstance(actors, list) else []:
                if isinstance(actor, dict) and actor.get("actorText") and actor.get("code"):
                    yield role, actor["actorText"].strip(), country_code(actor["code"])


def score(registry: ActorRegistry, path: Path) -> list[Outcome]:
    """Return the outcome of every gold actor of ``path``."""
    outcomes = []
    for role, text, gold in gold_actors(path):
        entity = registry.resolve(text, label=None, on=None)
        outcomes.append(Outcome(role, text, gold, entity.country, entity.id))
    return outcomes


def report(outcomes: list[Outcome], top: int) -> None:
    """Print accuracy per role on state codes, the non-state codes apart, and the most frequent misses."""
    states = [o for o in outcomes if o.gold not in NON_STATE]
    for role in ("source", "target"):
        scored = accuracy([o for o in states if o.role == role])
        print(f"{role:7} state-coded: {scored.right}/{scored.total} = {scored.share:.1%}")
    scored = accuracy(states)
    print(f"all     state-coded: {scored.right}/{scored.total} = {scored.share:.1%}")
    answered = accuracy([o for o in states if o.got is not None])
    print(f"answered (registry gave a country): {answered.total}/{len(states)}; "
          f"correct when answered {answered.share:.1%}")
    others = [o for o in outcomes if o.gold in NON_STATE]
    kind = sum(o.got in NON_STATE for o in others)
    print(f"non-state gold (IGO/NGO/IMG...): {len(others)}; same code {accuracy(others).right}; "
          f"some non-state code {kind}")
    misses = Counter((o.role, o.text, o.gold, o.got, o.entity_id) for o in outcomes if not o.correct)
    print(f"\ntop misses ({sum(misses.values())}):")
    for (role, text, gold, got, entity_id), n in misses.most_common(top):
        print(f"  {n}x {role:6} {text[:60]!r:64} gold={gold:4} got={got} ({entity_id})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="PLOVER gold records, one JSON object a line")
    parser.add_argument("--registry", type=Path, default=ROOT / "models" / "registry", help="registry directory")
    parser.add_argument("--top", type=int, default=25, help="how many misses to list")
    args = parser.parse_args()
    report(score(ActorRegistry.load(args.registry), args.data), args.top)


if __name__ == "__main__":
    main()
