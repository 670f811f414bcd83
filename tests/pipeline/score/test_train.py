"""Training runs end to end on a tiny set in seconds, and what it writes loads back through the manifest check."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.score.encoder import EncoderConfig
from pipeline.score.model import MANIFEST_FILE, ClaimClassifier, load_classifier
from pipeline.score.train import TrainConfig, model_config, rows_sha256, train_model, write_model


def row(sentence: str, subject: str, obj: str | None, cue: str, label: str, polarity: str = "", modality: str = "") -> dict:
    start = lambda words: sentence.index(words)  # noqa: E731
    return {
        "sentence": sentence, "subject_start": start(subject), "subject_end": start(subject) + len(subject),
        "object_start": start(obj) if obj else -1, "object_end": start(obj) + len(obj) if obj else -1,
        "cue_start": start(cue), "cue_end": start(cue) + len(cue), "label": label, "polarity": polarity,
        "modality": modality, "weight": 1.0,
    }


ROWS = [
    row("Turkey supports the GNA in Libya.", "Turkey", "GNA", "supports", "SUPPORT", "affirmed", "asserted"),
    row("Russia backs Haftar.", "Russia", "Haftar", "backs", "SUPPORT", "affirmed", "asserted"),
    row("Jets bombed the town.", "Jets", "town", "bombed", "ASSAULT"),
    row("Gunmen attacked the convoy.", "Gunmen", "convoy", "attacked", "ASSAULT"),
    row("Apple sells phones in Europe.", "Apple", None, "sells", "no claim"),
    row("The index rose on Monday.", "index", None, "rose", "no claim"),
]


def test_train_tiny_set_writes_a_loadable_model(tmp_path: Path, classifier: ClaimClassifier) -> None:
    splits = {"train": ROWS, "calibration": ROWS[:3], "test": ROWS[3:]}
    config = TrainConfig(epochs=30)
    head, temperature, metrics = train_model(splits, classifier.encoder, config)
    assert metrics["train"]["type_accuracy"] == 1.0
    write_model(tmp_path, head, model_config(EncoderConfig(), config, temperature), data_sha256=rows_sha256(ROWS),
                data_rows={k: len(v) for k, v in splits.items()}, metrics=metrics)
    loaded = load_classifier(tmp_path, encoder=classifier.encoder)
    manifest = json.loads((tmp_path / MANIFEST_FILE).read_text())
    assert (manifest["training_data"]["rows"], loaded.temperature) == ({"train": 6, "calibration": 3, "test": 3}, round(temperature, 6))
    assert [p.label for p in loaded.predict([])] == []
