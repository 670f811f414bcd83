"""Store reads and writes of the graph: claim voices by actor pair, clusters and their outlets, and
the graph feed's change log (``graph_items``) with its monotonic sequence numbers.

Owns every query compare, export and serve run beyond ``queries``; SQLAlchemy expressions only.
Imports ``pipeline.records``, ``pipeline.ids`` and the store's own modules; never a stage.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, case, delete, func, or_, select, text, update

from pipeline.records import ClaimCluster, ClaimVoice, ClusterSummary
from pipeline.store.models import (
    ArticleRow,
    ClaimRow,
    ClusterOutletRow,
    ClusterRow,
    EntityRow,
    EvidenceRow,
    GraphItemRow,
    MentionRow,
    ReviewRow,
    SightingRow,
)
from pipeline.store.queries import byte_order
from pipeline.store.reviewed import served_records
from pipeline.store.reviews import latest_reviews_subquery
from pipeline.store.writer import dialect_insert

CHUNK = 500
EXPORTED_KINDS = ("entity", "cluster", "claim")
# Any constant works: it only has to be the same for every process refreshing one PostgreSQL store.
POSTGRES_REFRESH_LOCK = 0x636C6772


@dataclass(frozen=True)
class ItemChange:
    """One row of the change log as read: what changed, when (``seq``), and whether it is gone."""

    kind: str
    id: str
    seq: int
    deleted: bool


def block_key(subject_id: str, object_id: str | None) -> str:
    """Return the key of an actor pair ("subject|object", object empty when none)."""
    return f"{subject_id}|{object_id or ''}"


def split_block(block: str) -> tuple[str, str | None]:
    """Return the (subject id, object id) of a block key."""
    subject_id, _, object_id = block.partition("|")
    return subject_id, object_id or None


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Yield slices of ``items`` of at most ``size``, to keep IN lists and OR chains bounded."""
    for offset in range(0, len(items), size):
        yield items[offset: offset + size]


def lock_refresh(connection: Connection) -> None:
    """Keep two processes from refreshing one PostgreSQL store at once (SQLite writers lock already)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": POSTGRES_REFRESH_LOCK})


# --- what changed since the last refresh -----------------------------------------------------


def changed_claim_blocks(connection: Connection) -> dict[str, str]:
    """Return the block of every claim that is new, rewritten or reviewed since the last refresh, by claim id."""
    item = GraphItemRow.__table__.alias("item")
    latest = latest_reviews_subquery()
    statement = (
        select(ClaimRow.id, ClaimRow.subject_id, ClaimRow.object_id)
        .outerjoin(item, and_(item.c.kind == "claim", item.c.id == ClaimRow.id))
        .outerjoin(latest, latest.c.claim_id == ClaimRow.id)
        .where(or_(item.c.id.is_(None), item.c.stamp != claim_stamp(latest), item.c.deleted.is_(True)))
    )
    return {row.id: block_key(row.subject_id, row.object_id) for row in connection.execute(statement)}


def vanished_items(connection: Connection, kind: str, table: Any) -> dict[str, str | None]:
    """Return the live change-log items of ``kind`` whose row is gone from ``table``, with their blocks."""
    statement = (
        select(GraphItemRow.id, GraphItemRow.block)
        .outerjoin(table, table.c.id == GraphItemRow.id)
        .where(GraphItemRow.kind == kind, GraphItemRow.deleted.is_(False), table.c.id.is_(None))
    )
    return {row.id: row.block for row in connection.execute(statement)}


def resighted_articles(connection: Connection) -> dict[str, str]:
    """Return the articles whose sighting count changed since the last refresh: new count by article id."""
    counts = select(SightingRow.article_id, func.count().label("n")).group_by(SightingRow.article_id).subquery()
    item = GraphItemRow.__table__.alias("item")
    statement = (
        select(counts.c.article_id, counts.c.n)
        .outerjoin(item, and_(item.c.kind == "article", item.c.id == counts.c.article_id))
        .where(or_(item.c.stamp.is_(None), item.c.stamp != func.cast(counts.c.n, GraphItemRow.stamp.type)))
    )
    return {row.article_id: str(row.n) for row in connection.execute(statement)}


def claim_blocks_of_articles(connection: Connection, article_ids: Sequence[str]) -> dict[str, str]:
    """Return the block of every claim of the articles ``article_ids``, by claim id."""
    found: dict[str, str] = {}
    for part in chunks(list(article_ids)):
        statement = select(ClaimRow.id, ClaimRow.subject_id, ClaimRow.object_id).where(ClaimRow.article_id.in_(part))
        found.update({row.id: block_key(row.subject_id, row.object_id) for row in connection.execute(statement)})
    return found


def unlogged_entities(connection: Connection) -> list[str]:
    """Return the ids of entities the change log has never seen."""
    item = GraphItemRow.__table__.alias("item")
    statement = (
        select(EntityRow.id)
        .outerjoin(item, and_(item.c.kind == "entity", item.c.id == EntityRow.id))
        .where(item.c.id.is_(None))
    )
    return list(connection.scalars(statement))


def entities_of_claims(connection: Connection, claim_ids: Sequence[str]) -> set[str]:
    """Return the ids of the subjects, objects and speakers of ``claim_ids``."""
    found: set[str] = set()
    for part in chunks(list(claim_ids)):
        statement = select(ClaimRow.subject_id, ClaimRow.object_id,
                           ClaimRow.attributed_to_id).where(ClaimRow.id.in_(part))
        for row in connection.execute(statement):
            found.update(value for value in row if value is not None)
    return found


# --- claim voices and sources ------------------------------------------------------------------


def block_condition(blocks: Sequence[str]) -> Any:
    """Return the WHERE condition matching claims of any of ``blocks``."""
    conditions = []
    for block in blocks:
        subject_id, object_id = split_block(block)
        target = ClaimRow.object_id.is_(None) if object_id is None else ClaimRow.object_id == object_id
        conditions.append(and_(ClaimRow.subject_id == subject_id, target))
    return or_(*conditions)


def voices_of_blocks(connection: Connection, blocks: Sequence[str]) -> list[ClaimVoice]:
    """Return the voices (claims with sentence, outlets and when seen) of every claim in ``blocks``: type, polarity
    and modality as last reviewed; a claim whose latest decision rejects it is no voice."""
    rows: list[Any] = []
    latest = latest_reviews_subquery()
    for part in chunks(sorted(blocks), 100):
        statement = (
            select(ClaimRow.id, ClaimRow.article_id, ClaimRow.subject_id, ClaimRow.object_id, ClaimRow.plover,
                   ClaimRow.polarity, ClaimRow.modality, ClaimRow.time_start, ClaimRow.time_end, EvidenceRow.sentence,
                   ReviewRow.action, ReviewRow.state)
            .join(EvidenceRow, EvidenceRow.id == ClaimRow.evidence_id)
            .outerjoin(latest, latest.c.claim_id == ClaimRow.id)
            .outerjoin(ReviewRow, ReviewRow.id == latest.c.last_id)
            .where(block_condition(part))
        )
        rows.extend(row for row in connection.execute(statement) if row.action != "reject")
    sources = article_sources(connection, sorted({row.article_id for row in rows}))
    return [voice_of(row, sources[row.article_id]) for row in rows]


def voice_of(row: Any, source: tuple[tuple[str, ...], tuple[str, ...]]) -> ClaimVoice:
    """Return the voice of one claim row (its reviewed type and stance when it has a decision), given its article's
    (outlets, seen)."""
    outlets, seen = source
    reviewed = row.state or {}
    return ClaimVoice(
        claim_id=row.id, article_id=row.article_id, subject_id=row.subject_id, object_id=row.object_id,
        plover=reviewed.get("plover", row.plover), polarity=reviewed.get("polarity", row.polarity),
        modality=reviewed.get("modality", row.modality), time_start=row.time_start,
        time_end=row.time_end, sentence=row.sentence, outlets=outlets, seen=seen,
    )


def article_sources(connection: Connection,
                    article_ids: Sequence[str]) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Return, by article id, the outlets that carry it (its source and every sighting's) and when each saw it.

    The article's own outlet saw it when it was published (else when it was stored); another
    outlet, when its sighting was made.
    """
    outlets: dict[str, set[str]] = defaultdict(set)
    seen: dict[str, set[str]] = defaultdict(set)
    for part in chunks(list(article_ids)):
        statement = select(ArticleRow.id, ArticleRow.source, ArticleRow.published_at,
                           ArticleRow.created_at).where(ArticleRow.id.in_(part))
        for row in connection.execute(statement):
            outlets[row.id].update([row.source] if row.source else [])
            seen[row.id].add(row.published_at or row.created_at.isoformat())
        sightings = select(SightingRow.article_id, SightingRow.outlet,
                           SightingRow.seen_at).where(SightingRow.article_id.in_(part))
        for sighting in connection.execute(sightings):
            if sighting.outlet not in outlets[sighting.article_id]:
                seen[sighting.article_id].add(sighting.seen_at.isoformat())
            outlets[sighting.article_id].add(sighting.outlet)
    return {key: (tuple(sorted(outlets[key])), tuple(sorted(seen[key]))) for key in article_ids}


# --- payloads of the feed ---------------------------------------------------------------------


def claim_payloads(connection: Connection, claim_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Return, by claim id, the claim's record as served (the latest review applied, ``review`` beside it:
    ``pipeline.store.reviewed``) and the outlets that carry it ("sources")."""
    records: dict[str, tuple[str, str]] = {}
    for part in chunks(list(claim_ids)):
        statement = select(ClaimRow.id, ClaimRow.article_id, ClaimRow.record).where(ClaimRow.id.in_(part))
        records.update({row.id: (row.article_id, row.record) for row in connection.execute(statement)})
    sources = article_sources(connection, sorted({article for article, _ in records.values()}))
    served = served_records(connection, {claim_id: json.loads(record) for claim_id, (_, record) in records.items()})
    return {
        claim_id: {"record": served[claim_id], "sources": list(sources[article][0])}
        for claim_id, (article, _) in records.items()
    }


def entity_payloads(connection: Connection, entity_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Return, by entity id, the entity (id, name, type, country, sector, wikidata) with its aliases, sorted."""
    aliases: dict[str, set[str]] = defaultdict(set)
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(list(entity_ids)):
        for entity_id, mention in connection.execute(select(MentionRow.entity_id,
                                                            MentionRow.text).where(MentionRow.entity_id.in_(part))):
            aliases[entity_id].add(mention)
        for row in connection.execute(select(EntityRow).where(EntityRow.id.in_(part))):
            found[row.id] = entity_node(row, sorted(aliases[row.id]))
    return found


def entity_node(row: Any, aliases: list[str]) -> dict[str, Any]:
    """Return an entity row with its aliases as the feed's node payload."""
    columns = ("id", "name", "type", "country", "sector", "wikidata")
    return {**{column: getattr(row, column) for column in columns}, "aliases": aliases}


def cluster_payloads(connection: Connection, cluster_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Return, by cluster id, the cluster's record as a plain dict."""
    found: dict[str, dict[str, Any]] = {}
    for part in chunks(list(cluster_ids)):
        statement = select(ClusterRow.id, ClusterRow.record).where(ClusterRow.id.in_(part))
        found.update({row.id: json.loads(row.record) for row in connection.execute(statement)})
    return found


# --- the change log ---------------------------------------------------------------------------


def logged_hashes(connection: Connection, kind: str, ids: Sequence[str]) -> dict[str, tuple[str, bool]]:
    """Return the logged (hash, deleted) of the ``kind`` items ``ids``, by id."""
    found: dict[str, tuple[str, bool]] = {}
    for part in chunks(list(ids)):
        statement = select(GraphItemRow.id, GraphItemRow.hash, GraphItemRow.deleted).where(
            GraphItemRow.kind == kind, GraphItemRow.id.in_(part)
        )
        found.update({row.id: (row.hash, row.deleted) for row in connection.execute(statement)})
    return found


def live_clusters_of_blocks(connection: Connection, blocks: Sequence[str]) -> dict[str, str]:
    """Return the live cluster items of ``blocks``: block by cluster id."""
    found: dict[str, str] = {}
    for part in chunks(list(blocks)):
        statement = select(GraphItemRow.id, GraphItemRow.block).where(
            GraphItemRow.kind == "cluster", GraphItemRow.deleted.is_(False), GraphItemRow.block.in_(part)
        )
        found.update({row.id: row.block for row in connection.execute(statement)})
    return found


def last_seq(connection: Connection) -> int:
    """Return the newest sequence number of the change log (0 when empty): the cursor of "everything"."""
    return connection.execute(select(func.coalesce(func.max(GraphItemRow.seq), 0))).scalar_one()


def log_items(connection: Connection, items: Sequence[dict[str, Any]]) -> None:
    """Insert or overwrite change-log rows (kind, id, seq, hash, deleted, stamp, block)."""
    for part in chunks(list(items)):
        statement = dialect_insert(connection, GraphItemRow.__table__)
        changes = {column: statement.excluded[column] for column in ("seq", "hash", "deleted", "stamp", "block")}
        connection.execute(statement.on_conflict_do_update(index_elements=["kind", "id"], set_=changes), list(part))


def restamp_items(connection: Connection, kind: str, stamps: dict[str, str]) -> None:
    """Set the input stamp of logged items whose content did not change (no new sequence number)."""
    for item_id, stamp in stamps.items():
        connection.execute(update(GraphItemRow).where(GraphItemRow.kind == kind,
                                                      GraphItemRow.id == item_id).values(stamp=stamp))


def items_since(connection: Connection, since: int, *, limit: int | None = None,
                live_only: bool = False) -> list[ItemChange]:
    """Return the exported items changed after ``since``, by sequence number (tombstones unless ``live_only``)."""
    statement = (
        select(GraphItemRow.kind, GraphItemRow.id, GraphItemRow.seq, GraphItemRow.deleted)
        .where(GraphItemRow.seq > since, GraphItemRow.kind.in_(EXPORTED_KINDS))
        .order_by(GraphItemRow.seq)
    )
    if live_only:
        statement = statement.where(GraphItemRow.deleted.is_(False))
    if limit is not None:
        statement = statement.limit(limit)
    return [ItemChange(kind=row.kind, id=row.id, seq=row.seq,
                       deleted=row.deleted) for row in connection.execute(statement)]


# --- clusters ---------------------------------------------------------------------------------


def replace_clusters(connection: Connection, blocks: Sequence[str], clusters: Sequence[ClaimCluster]) -> None:
    """Replace the stored clusters (and their outlet rows) of ``blocks`` by ``clusters``."""
    old_ids: list[str] = []
    for part in chunks(list(blocks), 100):
        old_ids.extend(connection.scalars(select(ClusterRow.id).where(cluster_block_condition(part))))
    for part in chunks(old_ids):
        connection.execute(delete(ClusterOutletRow).where(ClusterOutletRow.cluster_id.in_(part)))
        connection.execute(delete(ClusterRow).where(ClusterRow.id.in_(part)))
    for part in chunks(list(clusters)):
        connection.execute(ClusterRow.__table__.insert(), [cluster_row(cluster) for cluster in part])
        outlets = [row for cluster in part for row in cluster_outlet_rows(cluster)]
        if outlets:
            connection.execute(ClusterOutletRow.__table__.insert(), outlets)


def cluster_block_condition(blocks: Sequence[str]) -> Any:
    """Return the WHERE condition matching stored clusters of any of ``blocks``."""
    conditions = []
    for block in blocks:
        subject_id, object_id = split_block(block)
        target = ClusterRow.object_id.is_(None) if object_id is None else ClusterRow.object_id == object_id
        conditions.append(and_(ClusterRow.subject_id == subject_id, target))
    return or_(*conditions)


def cluster_row(cluster: ClaimCluster) -> dict[str, Any]:
    """Return the ``clusters`` row of ``cluster``."""
    return {
        "id": cluster.id, "subject_id": cluster.subject_id, "object_id": cluster.object_id, "plover": cluster.plover,
        "contradicted": cluster.contradicted, "record": cluster.model_dump_json(),
        "summary": cluster.summary().model_dump_json(),
    }


def cluster_outlet_rows(cluster: ClaimCluster) -> list[dict[str, str]]:
    """Return the ``cluster_outlets`` rows of ``cluster``: one per outlet and stance."""
    pairs = [(outlet, "asserts") for outlet in cluster.asserted_by]
    pairs += [(outlet, "contradicts") for outlet in cluster.contradicted_by]
    return [{"cluster_id": cluster.id, "outlet": outlet, "stance": stance} for outlet, stance in pairs]


def select_clusters(
    connection: Connection, *, actors: Sequence[str] = (), outlet: str | None = None, contradicted: bool | None = None,
    limit: int | None = None, offset: int = 0, families: Sequence[Sequence[str]] = (),
) -> list[ClaimCluster]:
    """Return the clusters involving every actor id of ``actors`` (one: as subject or object; two: between
    them, either way round), or members of ``families`` (see ``select_cluster_summaries``), asserted or
    contradicted by ``outlet``, by id: full records, every member."""
    statement = filter_clusters(
        select(ClusterRow.record), connection, actors=actors, outlet=outlet, contradicted=contradicted, limit=limit,
        offset=offset, families=families,
    )
    return [ClaimCluster.model_validate_json(record) for record in connection.scalars(statement)]


def select_cluster_summaries(
    connection: Connection, *, actors: Sequence[str] = (), outlet: str | None = None, contradicted: bool | None = None,
    limit: int | None = None, offset: int = 0, families: Sequence[Sequence[str]] = (),
) -> list[ClusterSummary]:
    """Return the summaries of the clusters ``select_clusters`` returns (same filters, same order): what reports
    read. ``families`` (one or two lists of entity ids, ``actor_family``) stands in for ``actors`` when given: a
    cluster involving any member of the one family, or between members of the two."""
    statement = filter_clusters(
        select(ClusterRow.summary), connection, actors=actors, outlet=outlet, contradicted=contradicted, limit=limit,
        offset=offset, families=families,
    )
    return [ClusterSummary.model_validate_json(summary) for summary in connection.scalars(statement)]


def filter_clusters(
    statement: Select[Any], connection: Connection, *, actors: Sequence[str], outlet: str | None,
    contradicted: bool | None, limit: int | None, offset: int, families: Sequence[Sequence[str]] = (),
) -> Select[Any]:
    """Return ``statement`` (a select from ``clusters``) filtered as ``select_clusters`` describes, by id, paged.

    The page's ids are chosen first, from the (subject, object, id) index alone, so a hot pair's
    thousands of clusters are never read from the table, only the page's.
    """
    by_id = byte_order(ClusterRow.id, connection.dialect.name)
    ids = select(ClusterRow.id).order_by(by_id)
    ids = ids.where(actor_condition(actors)) if actors else ids
    ids = ids.where(family_condition(families)) if families else ids
    if outlet is not None:
        ids = ids.where(ClusterRow.id.in_(select(ClusterOutletRow.cluster_id).where(ClusterOutletRow.outlet == outlet)))
    if contradicted is not None:
        ids = ids.where(ClusterRow.contradicted.is_(contradicted))
    ids = ids.offset(offset).limit(limit) if limit is not None else ids
    return statement.where(ClusterRow.id.in_(ids)).order_by(by_id)


def actor_condition(actors: Sequence[str]) -> Any:
    """Return the WHERE condition of clusters involving one actor, or two actors in either direction."""
    if len(actors) == 1:
        return or_(ClusterRow.subject_id == actors[0], ClusterRow.object_id == actors[0])
    first, second = actors[0], actors[1]
    if first == second:
        return and_(ClusterRow.subject_id == first, ClusterRow.object_id == first)
    # Not an OR of the two directions: PostgreSQL answers IN lists from the pair index alone.
    pair = [first, second]
    return and_(ClusterRow.subject_id.in_(pair), ClusterRow.object_id.in_(pair),
                ClusterRow.subject_id != ClusterRow.object_id)


def family_condition(families: Sequence[Sequence[str]]) -> Any:
    """Return the WHERE condition of clusters involving a member of one family, or members of two families in
    either direction."""
    if len(families) == 1:
        return or_(ClusterRow.subject_id.in_(families[0]), ClusterRow.object_id.in_(families[0]))
    first, second = list(families[0]), list(families[1])
    return or_(and_(ClusterRow.subject_id.in_(first), ClusterRow.object_id.in_(second)),
               and_(ClusterRow.subject_id.in_(second), ClusterRow.object_id.in_(first)))


def outlet_stances(connection: Connection, outlets: Iterable[str] | None = None) -> dict[str, dict[str, set[str]]]:
    """Return, by outlet, the ids of the clusters it asserts and contradicts ({"asserts": {...}, "contradicts":
    {...}})."""
    statement = select(ClusterOutletRow.cluster_id, ClusterOutletRow.outlet, ClusterOutletRow.stance)
    if outlets is not None:
        statement = statement.where(ClusterOutletRow.outlet.in_(list(outlets)))
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"asserts": set(), "contradicts": set()})
    for row in connection.execute(statement):
        found[row.outlet][row.stance].add(row.cluster_id)
    return dict(found)


def claim_stamp(latest: Any) -> Any:
    """Return the SQL of a claim's change-log stamp: the run that last wrote it, then "#" and its latest review's id
    when reviewed (a new decision changes the served claim; ``latest`` is ``latest_reviews_subquery()``)."""
    reviewed = ClaimRow.run_id + "#" + func.cast(latest.c.last_id, GraphItemRow.stamp.type)
    return case((latest.c.last_id.is_(None), ClaimRow.run_id), else_=reviewed)


def claim_run_ids(connection: Connection, claim_ids: Sequence[str]) -> dict[str, str]:
    """Return the change log's input stamp of each of ``claim_ids`` (``claim_stamp``), by claim id."""
    found: dict[str, str] = {}
    latest = latest_reviews_subquery()
    for part in chunks(list(claim_ids)):
        statement = (select(ClaimRow.id, claim_stamp(latest).label("stamp"))
                     .outerjoin(latest, latest.c.claim_id == ClaimRow.id).where(ClaimRow.id.in_(part)))
        found.update({row.id: row.stamp for row in connection.execute(statement)})
    return found


def resolve_actor(connection: Connection, name: str) -> str | None:
    """Return the entity id ``name`` stands for: an entity id, else an entity's name or a mention,
    case-insensitively."""
    if connection.execute(select(EntityRow.id).where(EntityRow.id == name)).first() is not None:
        return name
    lowered = name.lower()
    by_name = select(EntityRow.id).where(func.lower(EntityRow.name) == lowered).order_by(EntityRow.id).limit(1)
    found = connection.execute(by_name).scalar()
    if found is not None:
        return found
    by_mention = (select(MentionRow.entity_id).where(func.lower(MentionRow.text) == lowered)
                  .order_by(MentionRow.entity_id).limit(1))
    return connection.execute(by_mention).scalar()


def select_entity_ids(connection: Connection, *, query: str | None, limit: int, offset: int) -> list[str]:
    """Return a page of entity ids by id, those whose id or name contains ``query`` (case-insensitive) when given."""
    order = byte_order(EntityRow.id, connection.dialect.name)
    statement = select(EntityRow.id).order_by(order).offset(offset).limit(limit)
    if query:
        statement = statement.where(or_(EntityRow.id.icontains(query, autoescape=True),
                                        EntityRow.name.icontains(query, autoescape=True)))
    return list(connection.scalars(statement))
