"""The spaCy component that runs extraction: ``doc._.claimgraph_candidates`` gets the candidate claims.

Built by the ``claimgraph_claims`` factory in ``pipeline.components``. A ``Pipe`` like spaCy's own
rulers: its lexicon (the files of its lexicon directory) travels with ``nlp.to_disk`` /
``to_bytes`` and comes back with ``spacy.load`` / ``from_bytes``, so a saved pipeline extracts
with the lexicon it was saved with. Imports the lexicon loader (``pipeline.ontology``), records
and the extraction helpers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from tempfile import TemporaryDirectory

import srsly
from spacy.pipeline import Pipe
from spacy.tokens import Doc

from pipeline.extract.candidates import extract_candidates, prune_one_actor
from pipeline.ontology import DEFAULT_LEXICON_DIR, MANIFEST_FILE, Lexicon, lexicon_files

CANDIDATES_EXTENSION = "claimgraph_candidates"
# How many one-actor candidates the extractor dropped (``prune_one_actor``), for the run summary.
PRUNED_EXTENSION = "claimgraph_pruned_one_actor"
# The folder of a saved pipeline, under the component's own, that holds the lexicon files.
LEXICON_FOLDER = "lexicon"


class ClaimExtractor(Pipe):
    """Stores the candidate claims of each document in ``doc._.claimgraph_candidates`` (a list of ``Candidate``), and
    how many one-actor candidates it dropped in ``doc._.claimgraph_pruned_one_actor``."""

    def __init__(self, *, name: str, lexicon_dir: str) -> None:
        if not Doc.has_extension(CANDIDATES_EXTENSION):
            Doc.set_extension(CANDIDATES_EXTENSION, default=None)
        if not Doc.has_extension(PRUNED_EXTENSION):
            Doc.set_extension(PRUNED_EXTENSION, default=0)
        self.name = name
        self.use_lexicon(Path(lexicon_dir) if lexicon_dir else DEFAULT_LEXICON_DIR)

    def use_lexicon(self, directory: Path) -> None:
        """Load the lexicon of ``directory`` and keep its files for saving.

        Raises ``ModelError`` when the lexicon cannot be read.
        """
        self.lexicon = Lexicon.load(directory)
        self.lexicon_data = read_lexicon_files(directory)
        self.verbs = known_verbs(self.lexicon)

    def __call__(self, doc: Doc) -> Doc:
        repair_lemmas(doc, self.verbs)
        kept, dropped = prune_one_actor(extract_candidates(doc, self.lexicon))
        doc._.set(CANDIDATES_EXTENSION, kept)
        doc._.set(PRUNED_EXTENSION, dropped)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Write the lexicon files into ``path``/lexicon."""
        write_lexicon_files(Path(path) / LEXICON_FOLDER, self.lexicon_data)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimExtractor:
        """Load the lexicon ``to_disk`` wrote into ``path``; return the component."""
        self.use_lexicon(Path(path) / LEXICON_FOLDER)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Return the lexicon files as one msgpack blob."""
        return srsly.msgpack_dumps(dict(self.lexicon_data))

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = ()) -> ClaimExtractor:
        """Load the lexicon ``to_bytes`` wrote; return the component."""
        with TemporaryDirectory() as folder:
            write_lexicon_files(Path(folder), srsly.msgpack_loads(bytes_data))
            self.use_lexicon(Path(folder))
        return self


def read_lexicon_files(directory: Path) -> Mapping[str, bytes]:
    """Return {file name: content} of the lexicon's manifest and data files."""
    paths = [directory / MANIFEST_FILE, *lexicon_files(directory)]
    return {path.name: path.read_bytes() for path in paths}


def write_lexicon_files(directory: Path, files: Mapping[str, bytes]) -> None:
    """Write lexicon files (as ``read_lexicon_files`` returns them) into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (directory / Path(name).name).write_bytes(content)


def known_verbs(lexicon: Lexicon) -> frozenset[str]:
    """Return every verb lemma the lexicon names: predicates, light, aspect and speech verbs."""
    lemmas = {key[0] for key in lexicon.entries if key[1] == "VERB"}
    lemmas |= {verb.split()[0] for verb in lexicon.light_verbs} | set(lexicon.aspect_verbs) | set(lexicon.speech_verbs)
    return frozenset(lemmas)


def repair_lemmas(doc: Doc, verbs: frozenset[str]) -> None:
    """Give "-ed" verbs the lemma the lexicon knows where the lemmatizer cut a silent "e"
    ("staged" -> "stag" becomes "stage"); a verb the lexicon already knows is left alone."""
    for token in doc:
        lemma = token.lemma_.lower()
        silent_e = lemma + "e" in verbs and token.lower_ == lemma + "ed"
        if token.tag_ in ("VBD", "VBN") and lemma not in verbs and silent_e:
            token.lemma_ = lemma + "e"
