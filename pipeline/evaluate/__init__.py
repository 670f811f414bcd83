"""Scoring for claimgraph: how right the pipeline's output is against gold (claims, times, labels).

- ``gold``: the project's gold claims (``GoldClaim``, ``load_gold``) and the held-apart split (``split_of``).
- ``claims``: predicted claims against the gold claims (``score`` -> ``Scores``), with ``actors``
  (``actor_matches``) deciding whether an entity is a gold actor.
- ``gsr``: claims against the PLOVER gold-standard records (``plover_gsr_score`` -> ``GsrScores``).
- ``report``: the plain-text tables of both (``format_report``).
- ``times``: normalized time values against TimeML gold (``score_time_values`` -> ``TimeScores``).
- ``labels``: one predicted label against one gold label per record (``label_accuracy``), e.g. an
  event type for a cue word or an actor's country (``codes`` reads CAMEO spellings as ISO).
- ``counts``: the shapes all of them report in (``Counts``: P/R/F1; ``Accuracy``).
- ``places``: resolved places (span and point) against gold toponyms (``score_places`` -> ``PlaceScores``:
  found, with a point, within 161 km, errors in km), for ``benchmarks/geoparsing.py`` and any other geoparser.

Callers: ``pipeline.assess`` (``claimgraph evaluate``), ``pipeline.training_data`` (the split and the
actor test), ``pipeline.evalsets`` (its own matching against the external sets, counted with
``Counts``), and the benchmarks: ``extraction.py`` and ``classifier.py`` (claims, GSR),
``meantime_times.py`` and ``meantime_annotate.py`` (times), ``plover_actors.py`` and
``plover_lexicon.py`` (labels); these add only what is particular to them (what they run, which
misses they list). ``benchmarks/paraphrase_threshold.py`` still computes its own precision/recall.

A leaf: imports only the standard library, ``pipeline.records``, ``pipeline.errors``,
``pipeline.ontology`` and ``pipeline.knowledge``; never spaCy, never a stage. It reads no article
text; gold claims carry their own offsets.
"""

# Re-exported with "as" (PEP 484 explicit re-export): the names importers used when this was one module.
from pipeline.evaluate.actors import actor_matches as actor_matches
from pipeline.evaluate.claims import Scores as Scores
from pipeline.evaluate.claims import actors_match as actors_match
from pipeline.evaluate.claims import score as score
from pipeline.evaluate.codes import iso_code as iso_code
from pipeline.evaluate.counts import Accuracy as Accuracy
from pipeline.evaluate.counts import Counts as Counts
from pipeline.evaluate.gold import GoldClaim as GoldClaim
from pipeline.evaluate.gold import load_gold as load_gold
from pipeline.evaluate.gold import parse_gold_line as parse_gold_line
from pipeline.evaluate.gold import split_of as split_of
from pipeline.evaluate.gsr import GsrCounts as GsrCounts
from pipeline.evaluate.gsr import GsrScores as GsrScores
from pipeline.evaluate.gsr import plover_gsr_score as plover_gsr_score
from pipeline.evaluate.report import format_report as format_report
