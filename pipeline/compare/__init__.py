"""Compare claims across sources: paraphrase embeddings, claim clusters with the outlets that assert
or contradict them, and the reports (actor pair, outlet pair, agreement matrix) built on clusters.

Reads the store through ``pipeline.store`` and ``pipeline.store.graph``; never imports spaCy, Prefect
or another stage.
"""
