"""Readers of the external evaluation and training sets under the shared data root, mapped onto PLOVER.

One module per set (``conflibert``, ``directed_sentiment``, ``rams``, ``wikievents``, ``ngec``,
``plover_gsr``, ``own_gold``), each turning its upstream format into ``records.GoldEvent``; the
project's own label mappings (``mapping``, reading ``models/ontology/*_to_plover.json``); the
document splits (``splits``, committed under ``corpora/splits/``); and the set-specific matching of
claims against gold events (``scoring``). A leaf package: it imports ``pipeline.records``,
``pipeline.ontology``, ``pipeline.errors``, ``pipeline.ids``, ``pipeline.knowledge`` and the scoring
leaf ``pipeline.evaluate``, never a stage. No path default points at the shared data: callers pass
the data root.
"""
