"""Prefect flows over the claimgraph library. Thin: every step calls ``pipeline.run``."""
