"""The committed classifier: its files are the manifest's, a tampered head is refused, and it types real sentences."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.errors import ModelError
from pipeline.score import encoder as encoder_module
from pipeline.score.encoder import BASE_WEIGHTS, SpanQuery, base_model_dir, file_sha256
from pipeline.score.model import DEFAULT_MODEL_DIR, HEAD_FILE, MANIFEST_FILE, ClaimClassifier, load_classifier

MANIFEST = json.loads((DEFAULT_MODEL_DIR / MANIFEST_FILE).read_text(encoding="utf-8"))


def query(sentence: str, subject: str, obj: str | None, cue: str) -> SpanQuery:
    find = lambda words: (sentence.index(words), sentence.index(words) + len(words))  # noqa: E731
    return SpanQuery(sentence, find(subject), find(obj) if obj else None, find(cue))


def test_model_files_match_manifest_and_stay_small() -> None:
    found = {name: file_sha256(DEFAULT_MODEL_DIR / name) for name in MANIFEST["files"]}
    assert found == MANIFEST["files"]
    assert file_sha256(base_model_dir() / BASE_WEIGHTS) == MANIFEST["base_model"]["sha256"]
    assert sum((DEFAULT_MODEL_DIR / name).stat().st_size for name in MANIFEST["files"]) < 3_000_000


def test_model_refuses_a_head_that_is_not_the_manifests(tmp_path: Path, classifier: ClaimClassifier) -> None:
    copy = tmp_path / "classifier"
    shutil.copytree(DEFAULT_MODEL_DIR, copy)
    data = bytearray((copy / HEAD_FILE).read_bytes())
    data[-1] ^= 1
    (copy / HEAD_FILE).write_bytes(bytes(data))
    with pytest.raises(ModelError, match="does not match its manifest sha256"):
        load_classifier(copy, encoder=classifier.encoder)


@pytest.mark.parametrize("sentence,subject,obj,cue,expected", [
    ("Turkey supports the Government of National Accord in Libya.", "Turkey", "Government of National Accord", "supports", "SUPPORT"),
    ("Russian warplanes bombed rebel positions near Idlib on Tuesday.", "Russian warplanes", "rebel positions", "bombed", "ASSAULT"),
    ("Cisco sued Apple over the iPhone trademark.", "Cisco", "Apple", "sued", "ACCUSE"),
    pytest.param("The Prime Minister met the German Chancellor in Berlin.", "Prime Minister", "German Chancellor", "met", "CONSULT",
                 marks=pytest.mark.xfail(reason="one CONSULT example in the gold: the head says 'no claim'", strict=True)),
    pytest.param("The United States accused Iran of supporting terrorism.", "United States", "Iran", "accused", "ACCUSE",
                 marks=pytest.mark.xfail(reason="too little training data: the head says ASSAULT", strict=True)),
])
def test_model_types_real_sentences(classifier: ClaimClassifier, sentence: str, subject: str, obj: str, cue: str, expected: str) -> None:
    [prediction] = classifier.predict([query(sentence, subject, obj, cue)])
    assert (prediction.label, prediction.polarity) == (expected, "affirmed")
    assert sum(prediction.type_probs) == pytest.approx(1.0, abs=1e-4)


def test_model_encodes_a_sentence_once_for_all_its_candidates(classifier: ClaimClassifier, monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = "Turkey and Russia signed a deal while Iran criticized Turkey."
    queries = [query(sentence, "Turkey", "Russia", "signed"), query(sentence, "Iran", None, "criticized")]
    alone = [classifier.predict([q])[0] for q in queries]
    encoded: list[list[str]] = []
    real = encoder_module.encode_sentences
    monkeypatch.setattr(encoder_module, "encode_sentences", lambda enc, sentences: encoded.append(sentences) or real(enc, sentences))
    together = classifier.predict(queries)
    assert encoded == [[sentence]]
    assert [p.label for p in together] == [p.label for p in alone]
    assert together[1].type_probs == pytest.approx(alone[1].type_probs, abs=1e-5)
    assert classifier.predict([]) == []
