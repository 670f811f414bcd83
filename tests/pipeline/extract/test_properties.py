"""Property tests: whatever text comes in, extraction returns well-formed candidates and raises nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.records import Article
from pipeline.run import Pipeline, process_batch

WORDS = st.sampled_from([
    "Turkey", "Russia", "Putin", "Erdogan", "he", "they", "it", "supports", "attacked", "did", "not", "said",
    "would", "the", "army", "of", "in", "Libya", "and", ",", ".", "'s", "2015", "October", "\n\n", "denies",
    "with", "which", "asked", "him", "to", "bombed", "militias", "allied", "Haftar", "GNA", "(", ")", "$4.5",
])
PROSE = st.lists(WORDS, max_size=40).map(" ".join)
ANY_TEXT = st.text(max_size=300)


def check_candidates(pipeline: Pipeline, text: str) -> None:
    doc = pipeline.nlp(text)
    for candidate in doc._.claimgraph_candidates:
        for span in (candidate.cue, candidate.sentence, candidate.subject.mention):
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start:span.end] == span.text
        assert candidate.subject.resolved.strip()
    if text.strip():
        [result] = process_batch(pipeline, [Article(id="prop", text=text)])
        assert all(claim.evidence.sentence == text[claim.evidence.start:claim.evidence.end] for claim in result.claims)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=PROSE)
def test_properties_news_like_word_salad(rules_pipeline: Pipeline, text: str) -> None:
    check_candidates(rules_pipeline, text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=ANY_TEXT)
def test_properties_arbitrary_unicode(rules_pipeline: Pipeline, text: str) -> None:
    check_candidates(rules_pipeline, text)
