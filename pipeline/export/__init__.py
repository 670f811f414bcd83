"""Export the graph: nodes (entities) and edges (claim clusters and single claims) as JSON Lines,
GraphML, Neo4j admin-import CSV with a Cypher MERGE script, RDF Turtle, or PLOVER JSONL.

The contract is docs/graph-contract.md (``CONTRACT`` and ``CONTRACT_VERSION``). Every writer
reads a ``GraphFeed`` built by ``pipeline.store.feed``; imports records, the store and this
package, never spaCy, Prefect or another stage.
"""
