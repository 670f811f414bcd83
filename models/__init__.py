"""The model data of claimgraph: lexicons, the actor registry and the classifier's artefacts.

No code. This folder installs as the data package ``claimgraph_models`` (see pyproject.toml), so
``pipeline.knowledge.data_path`` finds these files through ``importlib.resources`` from any folder,
in a source checkout and in an installed wheel alike.
"""
