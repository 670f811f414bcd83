"""claimgraph: read news and turn it into checkable, normalized claims fed to a graph.

The library knows nothing of Prefect; ``flows/`` wraps it (only the CLI imports ``flows``). Stages:
ingest -> dedup -> nlp (parse) -> extract -> score -> normalize -> store -> compare/export/serve,
composed once in ``pipeline.steps`` and run in process by ``pipeline.run``.
"""

__version__ = "0.1.0"
