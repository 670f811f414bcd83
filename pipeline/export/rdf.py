"""The graph feed as RDF: entities as resources, claims and clusters as reified ``rdf:Statement``s
carrying their fields and provenance (PROV: the article and outlets they come from).

Imports rdflib and this package; never a stage.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS

from pipeline.store.feed import GraphFeed

CG = Namespace("urn:claimgraph:vocab#")
ENTITY = "urn:claimgraph:entity:"
EDGE = "urn:claimgraph:"
ARTICLE = "urn:claimgraph:article:"
WIKIDATA = Namespace("http://www.wikidata.org/entity/")


def entity_uri(entity_id: str) -> URIRef:
    """Return the URI of an entity (its id percent-encoded: ids hold ":" and other reserved characters)."""
    return URIRef(ENTITY + quote(entity_id, safe=""))


def add_entity(graph: Graph, node: dict[str, Any]) -> None:
    """Add an entity: type, label, aliases, and its Wikidata item when known."""
    subject, props = entity_uri(node["id"]), node["properties"]
    graph.add((subject, RDF.type, CG.Entity))
    graph.add((subject, CG.id, Literal(node["id"])))
    graph.add((subject, RDFS.label, Literal(props["name"])))
    graph.add((subject, CG.entityType, Literal(props["type"])))
    for alias in props.get("aliases", []):
        graph.add((subject, SKOS.altLabel, Literal(alias)))
    if props.get("wikidata"):
        graph.add((subject, OWL.sameAs, WIKIDATA[props["wikidata"]]))


def add_statement(graph: Graph, edge: dict[str, Any]) -> None:
    """Add a claim or cluster as a reified statement with its fields, sources and, for a claim, its article."""
    statement, props = URIRef(EDGE + edge["kind"] + ":" + quote(edge["id"], safe="")), edge["properties"]
    graph.add((statement, RDF.type, RDF.Statement))
    graph.add((statement, RDF.type, CG.Claim if edge["kind"] == "claim" else CG.Cluster))
    graph.add((statement, CG.id, Literal(edge["id"])))
    graph.add((statement, RDF.subject, entity_uri(edge["source"])))
    graph.add((statement, RDF.predicate, CG[edge["label"]]))
    if edge["target"] is not None:
        graph.add((statement, RDF.object, entity_uri(edge["target"])))
    for outlet in props["sources"]:
        graph.add((statement, DCTERMS.source, Literal(outlet)))
    graph.add((statement, CG.record, Literal(json.dumps(props, ensure_ascii=False, sort_keys=True), datatype=RDF.JSON)))
    add_fields = add_claim_fields if edge["kind"] == "claim" else add_cluster_fields
    add_fields(graph, statement, props)


def add_claim_fields(graph: Graph, statement: URIRef, props: dict[str, Any]) -> None:
    """Add a claim's stance as served (the latest review applied), speaker, review, confidence, evidence and
    provenance (the article it was derived from)."""
    graph.add((statement, CG.polarity, Literal(props["polarity"])))
    graph.add((statement, CG.modality, Literal(props["modality"])))
    if props.get("attributed_to"):
        graph.add((statement, CG.speaker, entity_uri(props["attributed_to"]["id"])))
        graph.add((statement, CG.speakerName, Literal(props["attributed_to"]["name"])))
    add_review(graph, statement, props.get("review"))
    graph.add((statement, CG.confidence, Literal(props["confidence"], datatype=XSD.double)))
    graph.add((statement, CG.evidence, Literal(props["evidence"]["sentence"])))
    article = URIRef(ARTICLE + quote(props["article"]["id"], safe=""))
    graph.add((statement, PROV.wasDerivedFrom, article))
    if props["article"].get("url"):
        graph.add((article, PROV.atLocation, URIRef(props["article"]["url"])))
    if props.get("time") and props["time"].get("start"):
        graph.add((statement, CG.timeStart, Literal(props["time"]["start"], datatype=XSD.date)))


def add_review(graph: Graph, statement: URIRef, review: dict[str, Any] | None) -> None:
    """Add a claim's review status ("unreviewed" or the latest action), reviewer and the extracted values it
    replaced (``cg:extracted_<field>``)."""
    graph.add((statement, CG.reviewStatus, Literal(review["action"] if review else "unreviewed")))
    if review is None:
        return
    graph.add((statement, CG.reviewer, Literal(review["reviewer"])))
    for name, value in review["extracted"].items():
        graph.add((statement, CG["extracted_" + name], Literal(value if value is not None else "")))


def cluster_polarity(props: dict[str, Any]) -> str:
    """Return a cluster's stance: "affirmed" (only asserted), "negated" (only contradicted) or "contested"."""
    if props["asserted_by"] and props["contradicted_by"]:
        return "contested"
    return "negated" if props["contradicted_by"] else "affirmed"


def add_cluster_fields(graph: Graph, statement: URIRef, props: dict[str, Any]) -> None:
    """Add a cluster's stance, outlets by stance and its member claims."""
    graph.add((statement, CG.polarity, Literal(cluster_polarity(props))))
    for outlet in props["asserted_by"]:
        graph.add((statement, CG.assertedBy, Literal(outlet)))
    for outlet in props["contradicted_by"]:
        graph.add((statement, CG.contradictedBy, Literal(outlet)))
    for claim_id in props["claims"]:
        graph.add((statement, CG.member, URIRef(EDGE + "claim:" + quote(claim_id, safe=""))))


def feed_graph(feed: GraphFeed) -> Graph:
    """Return the feed's nodes and edges as an rdflib graph (tombstones are not RDF: see the contract)."""
    graph = Graph()
    for prefix, namespace in (("cg", CG), ("prov", PROV), ("dcterms", DCTERMS), ("skos", SKOS), ("owl", OWL)):
        graph.bind(prefix, namespace)
    for node in feed.nodes:
        add_entity(graph, node)
    for edge in feed.edges:
        add_statement(graph, edge)
    return graph
