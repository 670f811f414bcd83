from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.evalsets.mapping import (
    AIDA_MAPPING,
    KAIROS_MAPPING,
    QUAD_MAPPING,
    STANCE_MAPPING,
    EventMapping,
    StanceLabel,
    load_event_mapping,
    load_quad_mapping,
    load_stance_mapping,
    mapping_path,
)


@pytest.fixture(scope="module")
def aida() -> EventMapping:
    return load_event_mapping(mapping_path(AIDA_MAPPING))


@pytest.fixture(scope="module")
def kairos() -> EventMapping:
    return load_event_mapping(mapping_path(KAIROS_MAPPING))


@pytest.mark.parametrize(
    ("event_type", "expected"),
    [
        ("conflict.attack.bombing", ("ASSAULT", "explosives", False)),
        ("conflict.attack.selfdirectedbattle", ("ASSAULT", None, False)),
        ("conflict.attack.stealrobhijack", ("COERCE", "seize", False)),
        ("conflict.demonstrate.n/a", ("PROTEST", None, False)),
        ("conflict.yield.retreat", ("RETREAT", "withdraw", False)),
        ("contact.discussion.meet", ("CONSULT", None, True)),
        ("contact.negotiate.correspondence", ("CONSULT", None, True)),
        ("contact.threatencoerce.broadcast", ("THREATEN", None, False)),
        ("contact.requestadvise.n/a", ("REQUEST", None, False)),
        ("contact.mediastatement.broadcast", (None, None, False)),
        ("government.agreements.rejectnullifyagreementcontractceasefire", ("REJECT", None, False)),
        ("justice.arrestjaildetain.arrestjaildetain", ("COERCE", "arrest", False)),
        ("justice.judicialconsequences.execute", ("ASSAULT", "execute", False)),
        ("life.die.deathcausedbyviolentevents", ("ASSAULT", None, False)),
        ("life.die.nonviolentdeath", (None, None, False)),
        ("transaction.transfermoney.giftgrantprovideaid", ("AID", None, False)),
        ("transaction.transferownership.embargosanction", ("COERCE", "restrict", False)),
        ("transaction.transfermoney.purchase", (None, None, False)),
        ("personnel.elect.winelection", (None, None, False)),
        ("nothing.like.this", None),
    ],
)
def test_mapping_aida_types(aida: EventMapping, event_type: str, expected: tuple | None) -> None:
    rule = aida.rule_for(event_type)

    assert (None if rule is None else (rule.plover, rule.mode, rule.reciprocal)) == expected


@pytest.mark.parametrize(
    ("event_type", "role", "ordinal", "side"),
    [
        ("conflict.attack.bombing", "attacker", 1, "source"),
        ("conflict.attack.bombing", "target", 2, "target"),
        ("conflict.attack.bombing", "instrument", 3, None),
        ("conflict.attack.bombing", "place", 4, "location"),
        ("contact.commandorder.broadcast", "communicator", 1, "source"),
        ("contact.commandorder.broadcast", "recipient", 2, "target"),
        ("transaction.transfermoney.giftgrantprovideaid", "giver", 1, "source"),
        ("transaction.transfermoney.giftgrantprovideaid", "beneficiary", 3, None),
        ("transaction.transferownership.embargosanction", "preventer", 1, "source"),
        ("transaction.transferownership.embargosanction", "giver", 2, "target"),
        ("contact.discussion.meet", "participant", 1, "source"),
        ("contact.discussion.meet", "participant", 2, "target"),
        ("life.die.deathcausedbyviolentevents", "victim", 2, "target"),
    ],
)
def test_mapping_aida_roles(aida: EventMapping, event_type: str, role: str, ordinal: int, side: str | None) -> None:
    assert aida.role_of(event_type, role, ordinal) == side


@pytest.mark.parametrize(
    ("event_type", "expected"),
    [
        ("Conflict.Attack", ("ASSAULT", None, (), False)),
        ("Conflict.Demonstrate", ("PROTEST", "demo", (), False)),
        ("Contact.Contact", ("CONSULT", None, ("participant",), True)),
        ("Contact.ThreatenCoerce", ("THREATEN", None, (), False)),
        ("Justice.ArrestJailDetain", ("COERCE", "arrest", (), False)),
        ("Justice.Sentence", ("SANCTION", "convict", (), False)),
        ("Life.Die", ("ASSAULT", None, ("killer",), False)),
        ("Disaster.Crash", (None, None, (), False)),
        ("Cognitive.Research", (None, None, (), False)),
        ("Transaction.ExchangeBuySell", (None, None, (), False)),
    ],
)
def test_mapping_kairos_types(kairos: EventMapping, event_type: str, expected: tuple) -> None:
    rule = kairos.rule_for(event_type)

    assert rule is not None and (rule.plover, rule.mode, rule.requires, rule.reciprocal) == expected


@pytest.mark.parametrize(
    ("event_type", "role", "side"),
    [
        ("Conflict.Attack", "Attacker", "source"),
        ("Conflict.Attack", "Target", "target"),
        ("Conflict.Attack", "Place", "location"),
        ("Conflict.Attack", "ExplosiveDevice", None),
        ("Justice.Convict", "JudgeCourt", "source"),
        ("Justice.TrialHearing", "JudgeCourt", None),
        ("Contact.Contact", "Participant", "source"),
        ("Life.Die", "Killer", "source"),
        ("Life.Die", "Victim", "target"),
    ],
)
def test_mapping_kairos_roles(kairos: EventMapping, event_type: str, role: str, side: str | None) -> None:
    assert kairos.role_of(event_type, role) == side


def test_mapping_image_and_unmapped(kairos: EventMapping) -> None:
    assert (kairos.image(), "Disaster" in kairos.unmapped_types(), "Conflict.Attack" in kairos.unmapped_types()) == (
        frozenset(
            {"ASSAULT", "PROTEST", "CONSULT", "REQUEST", "THREATEN", "COERCE", "ACCUSE", "SANCTION", "RETREAT", "AID"}
        ),
        True,
        False,
    )


def test_mapping_quad_labels() -> None:
    assert dict(load_quad_mapping(mapping_path(QUAD_MAPPING))) == {"0": None, "1": 1, "2": 2, "3": 3, "4": 4}


def test_mapping_stance_labels_and_polarity_table() -> None:
    stance = load_stance_mapping(mapping_path(STANCE_MAPPING))

    assert dict(stance.labels) == {
        "0": StanceLabel(None, None, None, "none"),
        "1": StanceLabel("SUPPORT", "forward", "positive", "p->q positive"),
        "2": StanceLabel("SUPPORT", "backward", "positive", "q->p positive"),
        "3": StanceLabel("ACCUSE", "forward", "negative", "p->q negative"),
        "4": StanceLabel("ACCUSE", "backward", "negative", "q->p negative"),
    }
    assert {
        t: stance.polarity_of_plover.get(t) for t in ("SUPPORT", "CONSULT", "ASSAULT", "SANCTION", "REQUEST", "CONCEDE")
    } == {
        "SUPPORT": "positive",
        "CONSULT": "positive",
        "ASSAULT": "negative",
        "SANCTION": "negative",
        "REQUEST": None,
        "CONCEDE": None,
    }
    assert (stance.label_for("backward", "negative"), stance.label_for(None, None), stance.none_label) == (
        "4",
        "0",
        "0",
    )


@pytest.mark.parametrize(
    "content",
    [
        {"types": {"a.b": {"plover": "FIGHT"}}},
        {"types": {"a.b": {"plover": "ASSAULT", "mode": "aerial-ish"}}},
        {"types": {"a.b": {"plover": None, "mode": "aerial"}}},
        {"roles": {"attacker": "agent"}},
    ],
    ids=["unknown-type", "unknown-mode", "mode-without-type", "unknown-side"],
)
def test_mapping_bad_event_file_raises(tmp_path: Path, content: dict) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(content), encoding="utf-8")

    with pytest.raises(ModelError, match="fix the mapping file"):
        load_event_mapping(path)


def test_mapping_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot be read"):
        load_quad_mapping(tmp_path / "absent.json")


def test_mapping_bad_quad_raises(tmp_path: Path) -> None:
    path = tmp_path / "quad.json"
    path.write_text(json.dumps({"labels": {"0": {"quad": 5}}}), encoding="utf-8")

    with pytest.raises(ModelError, match="1-4 or null"):
        load_quad_mapping(path)
