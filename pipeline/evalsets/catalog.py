"""Every set's gold events in one call, and the events of one split.

``read_events`` reads all upstream parts of a set with the shipped mappings (RAMS reduced to the
trigger's sentence, as the benchmark runs it); ``events_in`` keeps those of a split's document ids.
Imports only leaves.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path

from pipeline.evalsets import conflibert, directed_sentiment, ngec, plover_gsr, rams, wikievents
from pipeline.evalsets.mapping import (
    AIDA_MAPPING,
    KAIROS_MAPPING,
    QUAD_MAPPING,
    STANCE_MAPPING,
    EventMapping,
    StanceMapping,
    load_event_mapping,
    load_quad_mapping,
    load_stance_mapping,
    mapping_path,
)
from pipeline.evalsets.records import GoldEvent


@dataclass(frozen=True)
class Mappings:
    """The four shipped mappings, loaded once."""

    aida: EventMapping
    kairos: EventMapping
    quads: dict[str, int | None]
    stance: StanceMapping

    @classmethod
    def load(cls) -> Mappings:
        """Return the mappings of ``models/ontology``; raise ``ModelError`` when a file is missing or invalid."""
        return cls(
            aida=load_event_mapping(mapping_path(AIDA_MAPPING)),
            kairos=load_event_mapping(mapping_path(KAIROS_MAPPING)),
            quads=dict(load_quad_mapping(mapping_path(QUAD_MAPPING))),
            stance=load_stance_mapping(mapping_path(STANCE_MAPPING)),
        )


def read_events(dataset: str, data_root: Path, mappings: Mappings) -> list[GoldEvent]:
    """Return the gold events of every upstream part of ``dataset``.

    Raises ``KeyError`` for a set that has no events here (own gold: see ``pipeline.assess``).
    """
    root = Path(data_root)
    readers: dict[str, Callable[[], list[GoldEvent]]] = {
        conflibert.DATASET: lambda: [
            e for p in conflibert.PARTS for e in conflibert.read_part(root, p, mappings.quads)
        ],
        directed_sentiment.DATASET: lambda: [
            e for p in directed_sentiment.PARTS for e in directed_sentiment.read_part(root, p, mappings.stance)
        ],
        rams.DATASET: lambda: [e for p in rams.PARTS for e in rams.read_part(root, p, mappings.aida, window=False)],
        wikievents.DATASET: lambda: [
            e for p in wikievents.PARTS for e in wikievents.read_part(root, p, mappings.kairos)
        ],
        ngec.DATASET: lambda: ngec.read_all(root),
        plover_gsr.DATASET: lambda: plover_gsr.read_all(root),
    }
    return readers[dataset]()


def sample_order(document: str) -> str:
    """Return the key that orders documents for a ``--limit`` sample: the sha256 of the id."""
    return hashlib.sha256(document.encode("utf-8")).hexdigest()


def events_in(events: list[GoldEvent], documents: Collection[str], *, limit: int | None = None) -> list[GoldEvent]:
    """Return the events whose document is in ``documents``, in their order.

    With ``limit``, only those of ``limit`` documents: the first in the order of the sha256 of their
    ids, a fixed sample that does not follow the file order (some sets are sorted by label).
    """
    kept = sorted({e.document for e in events if e.document in documents}, key=sample_order)
    allowed = set(kept[:limit] if limit is not None else kept)
    return [event for event in events if event.document in allowed]
