"""Compare outlets over claim clusters: what each outlet says about an actor or actor pair, what one
outlet reports that another does not and where they contradict, and the agreement matrix.

Pure functions over ``ClusterSummary`` records (a cluster less its member lists, with the first
``SUMMARY_EVIDENCE`` sentences of each side) and outlet stances; results are plain dicts (JSON-ready).
Imports records only.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pipeline.records import ClusterEvidence, ClusterSummary

Stances = dict[str, dict[str, set[str]]]
Names = Mapping[str, str]


def resolve_outlets(asked: Sequence[str], known: Sequence[str]) -> tuple[list[str], list[str]]:
    """Return the outlets ``asked`` names as the store spells them (matched case-insensitively) and the names that
    match no known outlet."""
    by_lower = {outlet.lower(): outlet for outlet in known}
    resolved = [by_lower[name.lower()] for name in asked if name.lower() in by_lower]
    return resolved, [name for name in asked if name.lower() not in by_lower]


def cluster_summary(cluster: ClusterSummary, names: Names | None = None) -> dict[str, Any]:
    """Return the short form of a cluster that reports list: who (id and name), what, whom, when, and the outlets by
    stance."""
    names = names or {}
    return {
        "id": cluster.id, "subject": cluster.subject_id, "plover": cluster.plover, "object": cluster.object_id,
        "subject_name": names.get(cluster.subject_id, cluster.subject_id),
        "object_name": names.get(cluster.object_id, cluster.object_id) if cluster.object_id else None,
        "time_start": cluster.time_start, "time_end": cluster.time_end,
        "asserted_by": cluster.asserted_by, "contradicted_by": cluster.contradicted_by,
        "first_seen": cluster.first_seen, "last_seen": cluster.last_seen,
    }


def stance_of_outlet(cluster: ClusterSummary, outlet: str) -> str | None:
    """Return "asserts", "contradicts", "both" or None (silent): what ``outlet`` says of ``cluster``."""
    asserts, contradicts = outlet in cluster.asserted_by, outlet in cluster.contradicted_by
    if asserts and contradicts:
        return "both"
    return "asserts" if asserts else "contradicts" if contradicts else None


def actor_report(clusters: Sequence[ClusterSummary], names: Names | None = None) -> dict[str, Any]:
    """Return, by outlet, what it asserts and contradicts among ``clusters`` (an actor's or a pair's), plus the
    contradictions."""
    outlets = sorted({o for c in clusters for o in (*c.asserted_by, *c.contradicted_by)})
    by_outlet = {
        outlet: [{**cluster_summary(c, names), "stance": stance_of_outlet(c, outlet)}
                 for c in clusters if stance_of_outlet(c, outlet)]
        for outlet in outlets
    }
    return {"clusters": [cluster_summary(c, names) for c in clusters], "by_outlet": by_outlet,
            "contradictions": contradictions(clusters, names)}


def contradictions(clusters: Iterable[ClusterSummary], names: Names | None = None) -> list[dict[str, Any]]:
    """Return every contradicted cluster (outlets on both sides, in different articles) with its asserting and
    contradicting evidence (the first ``SUMMARY_EVIDENCE`` of each side, by claim id) and how many each side has."""
    return [{**cluster_summary(cluster, names), **evidence_sides(cluster)}
            for cluster in clusters if cluster.contradicted]


def evidence_sides(cluster: ClusterSummary) -> dict[str, Any]:
    """Return the shown evidence of each side of a cluster and the totals."""
    return {"asserting": [shown_evidence(e) for e in cluster.asserting],
            "contradicting": [shown_evidence(e) for e in cluster.contradicting],
            "asserting_total": cluster.asserting_total, "contradicting_total": cluster.contradicting_total}


def shown_evidence(evidence: ClusterEvidence) -> dict[str, Any]:
    """Return one evidence entry as a report shows it (its side is implied)."""
    return {"claim_id": evidence.claim_id, "article_id": evidence.article_id, "outlets": evidence.outlets,
            "sentence": evidence.sentence}


def outlet_pair_report(clusters: Sequence[ClusterSummary], first: str, second: str,
                       names: Names | None = None) -> dict[str, Any]:
    """Return what ``first`` reports that ``second`` does not (and the reverse), what both assert, and where they
    contradict.

    ``clusters`` are those either outlet speaks to.
    """
    only_first, only_second, agree, disagree = [], [], [], []
    for cluster in clusters:
        one, two = stance_of_outlet(cluster, first), stance_of_outlet(cluster, second)
        summary = cluster_summary(cluster, names)
        if one and not two:
            only_first.append(summary)
        elif two and not one:
            only_second.append(summary)
        elif one == two and one != "both":
            agree.append(summary)
        elif one and two:
            disagree.append(contradictions([cluster], names)[0] if cluster.contradicted else summary)
    return {"outlets": [first, second], f"only_{first}": only_first, f"only_{second}": only_second, "agree": agree,
            "contradict": disagree}


def agreement_matrix(stances: Stances) -> dict[str, dict[str, dict[str, Any]]]:
    """Return, for every ordered pair of outlets, clusters both speak to with the same stance (agree), with
    opposite stances (disagree), and agreement = agree / (agree + disagree), None when they share none."""
    outlets = sorted(stances)
    return {a: {b: agreement_cell(stances[a], stances[b]) for b in outlets if b != a} for a in outlets}


def agreement_cell(first: dict[str, set[str]], second: dict[str, set[str]]) -> dict[str, Any]:
    """Return the agree and disagree counts and the agreement of two outlets' stances."""
    agree = len(first["asserts"] & second["asserts"]) + len(first["contradicts"] & second["contradicts"])
    disagree = len(first["asserts"] & second["contradicts"]) + len(first["contradicts"] & second["asserts"])
    shared = agree + disagree
    return {"agree": agree, "disagree": disagree, "agreement": round(agree / shared, 3) if shared else None}
