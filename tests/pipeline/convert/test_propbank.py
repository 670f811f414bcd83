"""The PropBank converter on small frame files of invented verbs written here in PropBank's format, and the
shipped ``converted_roles.txt`` against a fresh conversion of the shared frames."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.convert.propbank import convert_roles, main
from pipeline.errors import SourceError
from pipeline.knowledge import data_path

HEADER = "<?xml version='1.0' encoding='utf-8'?>\n<frameset>\n"

# glorp.01: ARG1 is the party acted upon, ARG2 the charge; "over" only ever opens a modifier; "on" opens ARG1
# once and a time modifier twice; the nominal "glorping of Bob" shows "of"; glorp.02 brings "with".
GLORP = HEADER + """<predicate lemma="glorp">
<roleset id="glorp.01" name="rebuke">
  <aliases><alias pos="v">glorp</alias><alias pos="n">glorping</alias></aliases>
  <roles>
    <role descr="glorper" f="PAG" n="0"/><role descr="entity glorped" f="PPT" n="1"/>
    <role descr="glorped for what" f="PRD" n="2"/>
  </roles>
  <example name="all"><text>Ann glorped Bob for lying over the noise .</text><propbank>
    <rel relloc="1">glorped</rel><arg type="ARG0" start="0" end="0">Ann</arg>
    <arg type="ARG1" start="2" end="2">Bob</arg><arg type="ARG2" start="3" end="4">for lying</arg>
    <arg type="ARGM-CAU" start="5" end="7">over the noise</arg></propbank></example>
  <example name="passive"><text>Bob was glorped by Ann on Monday .</text><propbank>
    <rel relloc="2">glorped</rel><arg type="ARG1" start="0" end="0">Bob</arg>
    <arg type="ARG0" start="3" end="4">by Ann</arg><arg type="ARGM-TMP" start="5" end="6">on Monday</arg>
    </propbank></example>
  <example name="on"><text>Ann glorped on Bob on Monday .</text><propbank>
    <rel relloc="1">glorped</rel><arg type="ARG1" start="2" end="3">on Bob</arg>
    <arg type="ARGM-TMP" start="4" end="5">on Monday</arg></propbank></example>
  <example name="noun"><text>Ann 's glorping of Bob</text><propbank>
    <rel relloc="2">glorping</rel><arg type="ARG0" start="0" end="1">Ann 's</arg>
    <arg type="ARG1" start="3" end="4">of Bob</arg></propbank></example>
</roleset>
<roleset id="glorp.02" name="chat">
  <aliases><alias pos="v">glorp</alias></aliases>
  <roles><role descr="one party" f="PAG" n="0"/><role descr="other party" f="COM" n="1"/></roles>
  <example name="with"><text>Ann glorped with Bob .</text><propbank>
    <rel relloc="1">glorped</rel><arg type="ARG0" start="0" end="0">Ann</arg>
    <arg type="ARG1" start="2" end="3">with Bob</arg></propbank></example>
</roleset>
</predicate>
</frameset>
"""

# blick.01 (sense numbers start at 3): the object is the thing blicked, the party comes with "on" (its
# description says so) or "to"; "to glorp" is an infinitive. The noun-only predicate "blickage" is no verb.
BLICK = HEADER + """<predicate lemma="blick">
<roleset id="blick.03" name="inflict">
  <aliases><alias pos="v">blick</alias></aliases>
  <roles>
    <role descr="blicker" f="PAG" n="0"/><role descr="thing blicked" f="PPT" n="1"/>
    <role descr="blicked on" f="GOL" n="2"/>
  </roles>
  <example name="all"><text>Ann blicked a fee on Bob .</text><propbank>
    <rel relloc="1">blicked</rel><arg type="ARG0" start="0" end="0">Ann</arg>
    <arg type="ARG1" start="2" end="3">a fee</arg><arg type="ARG2" start="4" end="5">on Bob</arg></propbank></example>
  <example name="to"><text>Ann blicked a fine to Carl to glorp him .</text><propbank>
    <rel relloc="1">blicked</rel><arg type="ARG1" start="2" end="3">a fine</arg>
    <arg type="ARG2" start="4" end="5">to Carl</arg><arg type="ARGM-PRP" start="6" end="8">to glorp him</arg>
    </propbank></example>
</roleset>
</predicate>
<predicate lemma="blickage">
<roleset id="blickage.01" name="a blicking">
  <aliases><alias pos="n">blickage</alias></aliases>
  <roles><role descr="thing blicked" f="PPT" n="1"/></roles>
  <example name="noun"><text>the blickage of fees</text><propbank>
    <rel relloc="1">blickage</rel><arg type="ARG1" start="2" end="3">of fees</arg></propbank></example>
</roleset>
</predicate>
</frameset>
"""

EXPECTED_LINES = [
    "blick - dobj_not_target ARG1-PPT blick.03",
    "blick on target ARG2-GOL blick.03",
    "blick to target ARG2-GOL blick.03",
    "glorp by other ARG0-PAG glorp.01",
    "glorp for other ARG2-PRD glorp.01",
    "glorp of target ARG1-PPT glorp.01",
    "glorp on other ARGM-TMP glorp.01",
    "glorp with target ARG1-COM glorp.02",
]


def write_frames(folder: Path, *, broken: bool = False) -> Path:
    """Write the invented frame files (and a malformed one when ``broken``) into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "glorp.xml").write_text(GLORP, encoding="utf-8")
    (folder / "blick.xml").write_text(BLICK, encoding="utf-8")
    if broken:
        (folder / "broken.xml").write_text(HEADER + "<predicate lemma='x'>", encoding="utf-8")
    return folder


def test_propbank_convert_roles_gives_the_whole_table(tmp_path: Path) -> None:
    conversion = convert_roles(write_frames(tmp_path / "frames", broken=True))

    assert [line.render() for line in conversion.lines] == EXPECTED_LINES
    assert conversion.rolesets == 3
    assert conversion.contested == ("glorp on",)
    assert [name.split(":")[0] for name in conversion.skipped] == ["broken.xml"]
    assert conversion.counts() == {"target": 4, "other": 3, "dobj_not_target": 1, "lemmas": 2}


def test_propbank_main_writes_the_file_with_its_provenance(tmp_path: Path) -> None:
    source = tmp_path / "data" / "lexicons" / "propbank_frames"
    write_frames(source / "frames")
    (source / "SOURCE.txt").write_text("repository: example/frames\ncommit: abc123\nlicence: CC BY-SA 4.0\n")

    summary = main(tmp_path / "data", tmp_path / "models")

    text = (tmp_path / "models" / "lexicons" / "converted_roles.txt").read_text(encoding="utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert [line for line in text.splitlines() if not line.startswith("#")] == EXPECTED_LINES
    assert comments[0].endswith("from PropBank frames, example/frames commit abc123.")
    assert any("CC BY-SA 4.0" in line for line in comments)
    assert summary.endswith("8 lines for 2 lemmas from 3 verb rolesets (target 4, other 3, dobj_not_target 1; "
                            "1 contested; 0 malformed frame files left out)")


@pytest.mark.parametrize("source_text", [None, "repository: example/frames\n"])
def test_propbank_main_without_provenance_raises_and_writes_nothing(tmp_path: Path, source_text: str | None) -> None:
    source = tmp_path / "data" / "lexicons" / "propbank_frames"
    write_frames(source / "frames")
    if source_text is not None:
        (source / "SOURCE.txt").write_text(source_text, encoding="utf-8")

    with pytest.raises(SourceError, match="SOURCE.txt"):
        main(tmp_path / "data", tmp_path / "models")
    assert not (tmp_path / "models").exists()


def test_propbank_convert_roles_without_frames_raises(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="no PropBank frame files"):
        convert_roles(tmp_path)


def test_propbank_shipped_file_is_the_conversion_of_the_shared_frames(shared_data: Path, tmp_path: Path) -> None:
    """The committed file is what ``claimgraph convert`` makes now: rerun it after changing the converter or
    its word lists."""
    source = shared_data / "lexicons" / "propbank_frames"
    if not (source / "frames").is_dir():
        pytest.skip(f"{source} holds no PropBank frames")

    main(shared_data, tmp_path)

    shipped = data_path("lexicons", "converted_roles.txt").read_text(encoding="utf-8")
    assert (tmp_path / "lexicons" / "converted_roles.txt").read_text(encoding="utf-8") == shipped
