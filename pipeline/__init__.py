"""claimgraph: read news and turn it into checkable, normalized claims fed to a graph.

The library knows nothing of Prefect; ``flows/`` wraps it. Stages: ingest -> nlp (parse) ->
extract -> normalize -> store -> compare/export/serve, composed in ``pipeline.run``.
"""

__version__ = "0.1.0"
