"""Quality and agreement metrics (annotator.metrics): hand-computed cases, and seqeval as an
independent implementation of entity-level scores on random token-aligned spans."""
import warnings
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.metrics import (
    AnnotationRecord, LabelCounts, Relation, Span, TagAgreement, annotator_agreement, annotator_figures, cohen_kappa,
    document_disagreement, exact_span_counts, iob2_tags, prelabel_quality, relation_counts, relaxed_span_counts,
    status_progress,
)
from annotator.metrics.spans import overlap_matching_size

PER_A, ORG_B, GPE_C = Span(0, 5, "PER"), Span(10, 14, "ORG"), Span(20, 25, "GPE")


def prediction(document_id, spans=(), relations=(), model="en_core_web_sm", version="3.8.0", **extra):
    return AnnotationRecord(document_id=document_id, kind="prediction", spans=tuple(spans),
                            relations=tuple(relations), model=model, model_version=version, **extra)


def gold(document_id, spans=(), relations=()):
    return AnnotationRecord(document_id=document_id, kind="gold", spans=tuple(spans), relations=tuple(relations),
                            status="submitted")


def work(document_id, author, spans=(), relations=(), status="submitted", **extra):
    return AnnotationRecord(document_id=document_id, kind="annotation", author=author, spans=tuple(spans),
                            relations=tuple(relations), status=status, **extra)


class TestSpanScores:
    GOLD = [Span(0, 5, "PER"), Span(10, 14, "ORG"), Span(20, 25, "ORG"), Span(30, 35, "GPE")]
    PREDICTED = [
        Span(0, 5, "PER"),  # exact
        Span(10, 13, "ORG"),  # one character short: relaxed match only
        Span(20, 25, "ORG"),  # exact
        Span(40, 45, "GPE"),  # nowhere near the gold GPE
        Span(50, 55, "PER"),  # invented
    ]

    def test_exact_per_label_and_micro(self):
        result = exact_span_counts(self.PREDICTED, self.GOLD).as_dict()
        assert result["per_label"] == {
            # PER: 1 of 2 predicted right, 1 of 1 gold found: f1 = 2*1/(2+1)
            "PER": {"p": 0.5, "r": 1.0, "f1": 0.6667, "support": 1},
            # ORG: 1 of 2 both ways: f1 = 2*1/(2+2)
            "ORG": {"p": 0.5, "r": 0.5, "f1": 0.5, "support": 2},
            "GPE": {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1},
        }
        # micro: 2 matched of 5 predicted and 4 gold: p = 2/5, r = 2/4, f1 = 2*2/(5+4) = 4/9
        assert result["micro"] == {"p": 0.4, "r": 0.5, "f1": 0.4444}

    def test_relaxed_counts_overlaps_with_the_same_label(self):
        result = relaxed_span_counts(self.PREDICTED, self.GOLD).as_dict()
        # ORG [10,13) overlaps gold [10,14): both ORG spans now match, f1 = 2*2/(2+2)
        assert result["per_label"]["ORG"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "support": 2}
        assert result["per_label"]["GPE"]["f1"] == 0.0  # [40,45) does not touch [30,35)
        # micro: 3 matched of 5 predicted and 4 gold: p = 3/5, r = 3/4, f1 = 2*3/(5+4) = 6/9
        assert result["micro"] == {"p": 0.6, "r": 0.75, "f1": 0.6667}

    def test_relaxed_needs_the_same_label(self):
        counts = relaxed_span_counts([Span(0, 5, "PER")], [Span(0, 5, "ORG")])
        assert counts.micro.matched == 0

    def test_relaxed_is_one_to_one(self):
        # One long prediction covering two gold spans matches one: p = 1/1, r = 1/2, f1 = 2*1/(1+2)
        counts = relaxed_span_counts([Span(0, 10, "PER")], [Span(0, 5, "PER"), Span(6, 10, "PER")])
        assert counts.micro.as_dict() == {"p": 1.0, "r": 0.5, "f1": 0.6667}

    def test_relaxed_takes_a_maximum_matching_whatever_the_order(self):
        # wide [0,10) overlaps [0,3) and [8,12); narrow [2,4) overlaps only [0,3). Greedy in input
        # order would give wide->[0,3) and leave narrow unmatched; the best matching pairs both.
        wide, narrow = Span(0, 10, "PER"), Span(2, 4, "PER")
        reference = [Span(0, 3, "PER"), Span(8, 12, "PER")]
        assert overlap_matching_size([wide, narrow], reference) == 2
        assert overlap_matching_size([narrow, wide], reference) == 2
        assert overlap_matching_size([wide, narrow], list(reversed(reference))) == 2

    def test_long_augmenting_path_does_not_hit_the_recursion_limit(self):
        # reference i = [10i, 10i+10); prediction i >= 1 = [10i-5, 10i+5) overlaps references i-1
        # and i and first takes i-1; prediction 0 = [0, 5) overlaps reference 0 only and comes last,
        # so matching it shifts every earlier pair one place: a path through all 3,000 spans.
        count = 3000
        reference = [Span(10 * i, 10 * i + 10, "X") for i in range(count)]
        predicted = [Span(10 * i - 5, 10 * i + 5, "X") for i in range(1, count)] + [Span(0, 5, "X")]
        assert overlap_matching_size(predicted, reference) == count

    def test_touching_spans_do_not_overlap(self):
        assert relaxed_span_counts([Span(0, 5, "PER")], [Span(5, 9, "PER")]).micro.matched == 0

    def test_duplicates_count_once_and_empty_gives_zeros(self):
        counts = exact_span_counts([PER_A, PER_A], [PER_A])
        assert (counts.micro.matched, counts.micro.predicted) == (1, 1)
        assert exact_span_counts([], []).as_dict() == {"per_label": {}, "micro": {"p": 0.0, "r": 0.0, "f1": 0.0}}
        assert exact_span_counts([PER_A], []).micro.as_dict() == {"p": 0.0, "r": 0.0, "f1": 0.0}


class TestRelationScores:
    def test_both_spans_must_match_exactly(self):
        gold_relations = [Relation(PER_A, ORG_B, "works_for"), Relation(ORG_B, GPE_C, "located_in")]
        predicted = [
            Relation(PER_A, ORG_B, "works_for"),  # match
            Relation(ORG_B, Span(20, 25, "ORG"), "located_in"),  # child has the wrong label
            Relation(PER_A, GPE_C, "works_for"),  # not in gold
        ]
        counts = relation_counts(predicted, gold_relations)
        # 1 matched of 3 predicted and 2 gold: p = 1/3, r = 1/2, f1 = 2*1/(3+2)
        assert counts.micro.as_dict() == {"p": 0.3333, "r": 0.5, "f1": 0.4}
        assert counts.by_label["works_for"].matched == 1 and counts.by_label["located_in"].matched == 0

    def test_spans_are_compared_by_value_not_identity(self):
        copy = Relation(Span(0, 5, "PER"), Span(10, 14, "ORG"), "works_for")
        assert relation_counts([copy], [Relation(PER_A, ORG_B, "works_for")]).micro.f1 == 1.0

    def test_symmetric_labels_match_in_either_direction(self):
        forward, backward = Relation(PER_A, ORG_B, "near"), Relation(ORG_B, PER_A, "near")
        assert relation_counts([forward], [backward]).micro.f1 == 0.0
        assert relation_counts([forward], [backward], symmetric_labels=frozenset({"near"})).micro.f1 == 1.0


class TestCohenKappa:
    A = ["B-PER", "I-PER", "O", "O", "B-ORG", "O"]
    B = ["B-PER", "O", "O", "O", "B-ORG", "B-ORG"]

    def test_hand_computed(self):
        # Agree on tokens 0, 2, 3, 4: p_o = 4/6.
        # Tag counts A: B-PER 1, I-PER 1, O 3, B-ORG 1; B: B-PER 1, O 3, B-ORG 2.
        # p_e = (1*1 + 1*0 + 3*3 + 1*2) / 6^2 = 12/36 = 1/3
        # kappa = (2/3 - 1/3) / (1 - 1/3) = 0.5
        assert cohen_kappa(self.A, self.B) == pytest.approx(0.5)

    def test_equals_the_textbook_formula(self):
        n = len(self.A)
        observed = sum(a == b for a, b in zip(self.A, self.B)) / n
        count_a, count_b = Counter(self.A), Counter(self.B)
        expected = sum(count_a[tag] / n * count_b[tag] / n for tag in set(self.A) | set(self.B))
        assert cohen_kappa(self.A, self.B) == pytest.approx((observed - expected) / (1 - expected))

    def test_equals_scikit_learn(self):
        sklearn_metrics = pytest.importorskip("sklearn.metrics")  # installed with seqeval
        assert cohen_kappa(self.A, self.B) == pytest.approx(sklearn_metrics.cohen_kappa_score(self.A, self.B))

    def test_edges(self):
        assert cohen_kappa([], []) == 0.0
        # Both all "O": chance explains everything (p_e = 1); they agree on every token, so 1.0.
        assert cohen_kappa(["O", "O"], ["O", "O"]) == 1.0
        # Always opposite: p_o = 0, p_e = (1*1 + 1*1)/4 = 1/2, kappa = -1/2 / 1/2 = -1
        assert cohen_kappa(["O", "B-PER"], ["B-PER", "O"]) == pytest.approx(-1.0)
        with pytest.raises(ValueError):
            cohen_kappa(["O"], [])

    def test_accumulates_over_documents_like_one_long_sequence(self):
        agreement = TagAgreement()
        agreement.add(self.A[:2], self.B[:2])
        agreement.add(self.A[2:], self.B[2:])
        assert agreement.kappa == pytest.approx(cohen_kappa(self.A, self.B))


class TestIob2Tags:
    def test_code_point_offsets_with_emoji_cjk_and_crlf(self):
        text = "😀 Zoë visited 北京\r\nAcme Corp."
        tokens = [[0, 1], [2, 5], [6, 13], [14, 16], [18, 22], [23, 27], [27, 28]]
        # Offsets are Python str indexes: the emoji is one code point (two UTF-16 units).
        assert [text[s:e] for s, e in tokens] == ["😀", "Zoë", "visited", "北京", "Acme", "Corp", "."]
        spans = [Span(2, 5, "PER"), Span(14, 16, "GPE"), Span(18, 27, "ORG")]
        assert [text[s.start:s.end] for s in spans] == ["Zoë", "北京", "Acme Corp"]
        assert iob2_tags(tokens, spans) == ["O", "B-PER", "O", "B-GPE", "B-ORG", "I-ORG", "O"]

    def test_a_span_claims_every_token_it_touches(self):
        tokens = [[0, 4], [5, 9], [10, 14]]
        assert iob2_tags(tokens, [Span(2, 6, "ORG")]) == ["B-ORG", "I-ORG", "O"]
        assert iob2_tags(tokens, [Span(4, 5, "ORG")]) == ["O", "O", "O"]  # only the space between

    def test_overlaps_longest_wins_then_first_and_losers_are_left_out_whole(self):
        tokens = [[0, 1], [2, 3], [4, 5], [6, 7]]
        longest_first = iob2_tags(tokens, [Span(4, 7, "GPE"), Span(0, 5, "PER")])
        assert longest_first == ["B-PER", "I-PER", "I-PER", "O"]  # GPE lost token 2, so it is dropped
        same_length = iob2_tags(tokens, [Span(2, 5, "ORG"), Span(0, 3, "PER")])
        assert same_length == ["B-PER", "I-PER", "O", "O"]  # equal length: the earlier start wins

    def test_adjacent_spans_each_start_with_b(self):
        assert iob2_tags([[0, 1], [2, 3]], [Span(0, 1, "PER"), Span(2, 3, "PER")]) == ["B-PER", "B-PER"]


# --- seqeval as an independent implementation --------------------------------------------

LABELS = ["PER", "ORG", "GPE", "WORK-OF-ART"]


def synthetic_tokens(count):
    # Tokens of two characters with gaps, so offsets differ from token indexes.
    return [[3 * i, 3 * i + 2] for i in range(count)]


@st.composite
def token_aligned_spans(draw, tokens):
    """Non-overlapping spans of 1-3 whole tokens."""
    spans, i = [], 0
    while i < len(tokens):
        length = draw(st.integers(0, min(3, len(tokens) - i)))
        if length == 0:
            i += 1
            continue
        spans.append(Span(tokens[i][0], tokens[i + length - 1][1], draw(st.sampled_from(LABELS))))
        i += length
    return spans


@st.composite
def documents_with_two_span_sets(draw):
    documents = []
    for _ in range(draw(st.integers(1, 4))):
        tokens = synthetic_tokens(draw(st.integers(1, 15)))
        documents.append((tokens, draw(token_aligned_spans(tokens)), draw(token_aligned_spans(tokens))))
    return documents


class TestAgainstSeqeval:
    @settings(max_examples=60, deadline=None)
    @given(documents_with_two_span_sets())
    def test_exact_scores_equal_seqeval_entity_scores(self, documents):
        from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

        ours = LabelCounts()
        y_true, y_pred = [], []
        for tokens, gold_spans, predicted_spans in documents:
            ours.add(exact_span_counts(predicted_spans, gold_spans))
            y_true.append(iob2_tags(tokens, gold_spans))
            y_pred.append(iob2_tags(tokens, predicted_spans))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # seqeval warns when a score is 0/0 (it returns 0, as we do)
            assert ours.micro.precision == pytest.approx(precision_score(y_true, y_pred))
            assert ours.micro.recall == pytest.approx(recall_score(y_true, y_pred))
            assert ours.micro.f1 == pytest.approx(f1_score(y_true, y_pred))
            if not ours.by_label:
                return  # no entity on either side: seqeval's report has no rows to compare
            report = classification_report(y_true, y_pred, output_dict=True)
        their_labels = {name for name in report if not name.endswith(" avg")}
        assert their_labels == set(ours.by_label)
        for label, counts in ours.by_label.items():
            assert counts.precision == pytest.approx(report[label]["precision"])
            assert counts.recall == pytest.approx(report[label]["recall"])
            assert counts.f1 == pytest.approx(report[label]["f1-score"])
            assert counts.reference == report[label]["support"]

    @settings(max_examples=60, deadline=None)
    @given(documents_with_two_span_sets())
    def test_relaxed_never_below_exact_and_f1_is_symmetric(self, documents):
        for _tokens, a, b in documents:
            exact, relaxed = exact_span_counts(a, b), relaxed_span_counts(a, b)
            assert relaxed.micro.matched >= exact.micro.matched
            swapped = exact_span_counts(b, a)
            assert swapped.micro.f1 == pytest.approx(exact.micro.f1)
            assert swapped.micro.precision == pytest.approx(exact.micro.recall)


# --- project-level figures over records ------------------------------------------------------

class TestPrelabelQuality:
    def test_per_model_version_against_gold(self):
        annotations = [
            gold(1, [PER_A, ORG_B], [Relation(PER_A, ORG_B, "works_for")]),
            gold(2, [GPE_C]),
            # old version: finds PER exactly, ORG one character short, invents nothing
            prediction(1, [PER_A, Span(10, 13, "ORG")], [Relation(PER_A, Span(10, 13, "ORG"), "works_for")],
                       version="3.7.0"),
            # new version: exact on both documents
            prediction(2, [GPE_C], version="3.8.0"),
            prediction(1, [PER_A, ORG_B], [Relation(PER_A, ORG_B, "works_for")], model="other", version="3.8.0"),
            prediction(3, [PER_A], version="3.8.0"),  # no gold for document 3: not counted
        ]
        result = prelabel_quality(annotations)
        assert list(result) == ["en_core_web_sm@3.7.0", "en_core_web_sm@3.8.0", "other@3.8.0"]
        old = result["en_core_web_sm@3.7.0"]
        assert old["documents"] == 1
        # exact: 1 of 2 both ways; relaxed: the short ORG overlaps, so 2 of 2
        assert old["exact"]["micro"] == {"p": 0.5, "r": 0.5, "f1": 0.5}
        assert old["exact"]["per_label"]["ORG"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1}
        assert old["relaxed"]["micro"] == {"p": 1.0, "r": 1.0, "f1": 1.0}
        assert old["relations"] == {"p": 0.0, "r": 0.0, "f1": 0.0}  # its child span is not exact
        new = result["en_core_web_sm@3.8.0"]
        assert new["documents"] == 1 and new["exact"]["micro"]["f1"] == 1.0
        assert new["relations"] == {"p": 0.0, "r": 0.0, "f1": 0.0}  # no relations either side
        assert result["other@3.8.0"]["relations"] == {"p": 1.0, "r": 1.0, "f1": 1.0}

    def test_empty(self):
        assert prelabel_quality([]) == {}
        assert prelabel_quality([prediction(1, [PER_A])]) == {}

    def test_unnamed_model_is_keyed_unknown(self):
        result = prelabel_quality([gold(1, [PER_A]), prediction(1, [PER_A], model="", version="")])
        assert list(result) == ["unknown@unknown"]


class TestAnnotatorAgreement:
    TOKENS = {1: [[0, 5], [6, 9], [10, 14], [15, 19], [20, 25]], 2: [[0, 5], [10, 14], [20, 25]]}

    def test_pairs_and_vs_gold(self):
        annotations = [
            work(1, "alice", [PER_A, ORG_B], [Relation(PER_A, ORG_B, "works_for")]),
            work(1, "bob", [PER_A, Span(10, 14, "GPE")]),
            work(2, "alice", [GPE_C]),
            work(2, "bob", [GPE_C]),
            work(2, "dora", [GPE_C], status="draft"),  # drafts do not take part
            gold(1, [PER_A, ORG_B], [Relation(PER_A, ORG_B, "works_for")]),
        ]
        result = annotator_agreement(annotations, tokens_by_document=self.TOKENS)
        (pair,) = result["pairs"]
        assert (pair["a"], pair["b"], pair["documents"]) == ("alice", "bob", 2)
        # spans: alice {PER_A, ORG_B, GPE_C}, bob {PER_A, GPE@10, GPE_C}: 2 matched of 3 and 3,
        # f1 = 2*2/(3+3) = 0.6667
        assert pair["span_f1"] == 0.6667
        # per label with bob as reference: ORG 0 of alice's 1; GPE 1 of alice's 1, 1 of bob's 2
        assert pair["per_label"]["ORG"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 0}
        assert pair["per_label"]["GPE"] == {"p": 1.0, "r": 0.5, "f1": 0.6667, "support": 2}
        # relations: alice 1, bob 0: f1 = 0
        assert pair["relation_f1"] == 0.0
        # tokens, doc 1: alice B-PER O B-ORG O O, bob B-PER O B-GPE O O; doc 2 all three alike
        # (O O B-GPE). 8 tokens, 7 agree: p_o = 7/8.
        # counts alice: B-PER 1, O 5, B-ORG 1, B-GPE 1; bob: B-PER 1, O 5, B-GPE 2
        # p_e = (1*1 + 5*5 + 1*0 + 1*2) / 64 = 28/64; kappa = (56 - 28) / (64 - 28) = 28/36 = 0.7778
        assert pair["kappa"] == 0.7778
        assert result["vs_gold"] == [
            {"annotator": "alice", "documents": 1, "span_f1": 1.0, "relation_f1": 1.0, "kappa": 1.0},
            # bob on doc 1: 1 of 2 spans, f1 = 2*1/(2+2); tokens 4 of 5 agree, p_o = 4/5,
            # counts bob B-PER 1, O 3, B-GPE 1; gold B-PER 1, O 3, B-ORG 1: p_e = (1 + 9)/25 = 10/25,
            # kappa = (5*4 - 10) / (25 - 10) = 10/15 = 0.6667
            {"annotator": "bob", "documents": 1, "span_f1": 0.5, "relation_f1": 0.0, "kappa": 0.6667},
        ]

    def test_nobody_shares_a_document(self):
        result = annotator_agreement([work(1, "alice", [PER_A]), work(2, "bob", [PER_A])], tokens_by_document={})
        assert result == {"pairs": [], "vs_gold": []}
        assert annotator_agreement([], tokens_by_document={}) == {"pairs": [], "vs_gold": []}


class TestDocumentDisagreement:
    def test_rules(self):
        annotations = [
            # doc 1: three people; pairs alice-bob 1.0, alice-carl 0.0, bob-carl 0.0: mean 1/3
            work(1, "alice", [PER_A]), work(1, "bob", [PER_A]), work(1, "carl", [ORG_B]),
            prediction(1, [GPE_C]),  # ignored: people are compared with people
            # doc 2: one person against the prediction: 1 of 2 and 1 of 1, f1 = 2*1/(2+1)
            work(2, "alice", [PER_A, ORG_B]), prediction(2, [PER_A]),
            # doc 3: one person, no prediction
            work(3, "alice", [PER_A]),
            # doc 4: two people who both found nothing agree completely
            work(4, "alice"), work(4, "bob"),
            # doc 5: a draft does not count; the one submitted annotation has no prediction
            work(5, "alice", [PER_A]), work(5, "bob", [ORG_B], status="draft"),
        ]
        assert document_disagreement(annotations) == {1: 0.6667, 2: 0.3333, 3: 0.0, 4: 0.0, 5: 0.0}

    def test_latest_prediction_is_the_fallback(self):
        now = datetime(2025, 1, 10, tzinfo=timezone.utc)
        annotations = [
            work(1, "alice", [PER_A]),
            prediction(1, [PER_A], model="new", updated_at=now),
            prediction(1, [ORG_B], model="old", updated_at=now - timedelta(days=3)),
        ]
        assert document_disagreement(annotations) == {1: 0.0}


class TestProgress:
    def test_status_progress_lists_every_status(self):
        result = status_progress({"new": 3, "gold": 1}, statuses=["new", "prelabeled", "gold"])
        assert result == {"total": 4, "by_status": {"new": 3, "prelabeled": 0, "gold": 1}}
        assert status_progress({}, statuses=["new"]) == {"total": 0, "by_status": {"new": 0}}

    def test_annotator_figures(self):
        now = datetime(2025, 3, 31, 12, tzinfo=timezone.utc)
        annotations = [
            work(1, "alice", time_spent=60.0, updated_at=now - timedelta(days=1)),
            work(2, "alice", time_spent=120.0, updated_at=now - timedelta(days=10)),
            work(3, "alice", time_spent=90.0, updated_at=now - timedelta(days=40)),
            work(4, "alice", status="draft", time_spent=30.0, updated_at=now),
            work(1, "bob", status="draft", time_spent=15.5, updated_at=now),
            gold(1, [PER_A]),  # a reviewer's gold is not throughput
            prediction(1, [PER_A]),
        ]
        rows = annotator_figures(annotations, now=now, usernames=["alice", "erin"])
        assert rows == [
            # time spent 60+120+90+30 = 300; mean over submitted (60+120+90)/3 = 90;
            # last 7 days 1 (1/7 a day), last 30 days 2 (2/30 a day)
            {"username": "alice", "submitted": 3, "drafts": 1, "time_spent": 300.0,
             "mean_seconds_per_document": 90.0, "last_7_days": {"submitted": 1, "per_day": 0.1429},
             "last_30_days": {"submitted": 2, "per_day": 0.0667}},
            {"username": "bob", "submitted": 0, "drafts": 1, "time_spent": 15.5, "mean_seconds_per_document": 0.0,
             "last_7_days": {"submitted": 0, "per_day": 0.0}, "last_30_days": {"submitted": 0, "per_day": 0.0}},
            {"username": "erin", "submitted": 0, "drafts": 0, "time_spent": 0.0, "mean_seconds_per_document": 0.0,
             "last_7_days": {"submitted": 0, "per_day": 0.0}, "last_30_days": {"submitted": 0, "per_day": 0.0}},
        ]
