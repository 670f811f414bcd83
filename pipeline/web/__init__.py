"""The HTTP API of the graph service (FastAPI): entities, claims, clusters and the incremental graph feed.

``create_app(store)`` builds the app over an open store; ``claimgraph serve`` runs it with uvicorn.
"""
