"""Prefect flows over the claimgraph library. Thin: they wrap the steps of ``pipeline.steps`` in tasks."""
