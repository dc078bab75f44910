"""Span matching at its edges: relaxed matching is one-to-one (two predictions on one gold span
count once), maximum (an augmenting path is found), order-independent; touching is not overlapping."""
import random

from annotator.metrics import Span, exact_span_counts, relaxed_span_counts
from annotator.metrics.spans import overlap_matching_size


def micro(counts):
    total = counts.micro
    return total.matched, total.predicted, total.reference


def test_two_predictions_overlapping_one_gold_span_match_it_once():
    gold = [Span(0, 10, "ORG")]
    predicted = [Span(0, 4, "ORG"), Span(5, 10, "ORG")]
    counts = relaxed_span_counts(predicted, gold)
    assert micro(counts) == (1, 2, 1)
    assert counts.micro.as_dict() == {"p": 0.5, "r": 1.0, "f1": 0.6667}


def test_one_long_prediction_covering_two_gold_spans_matches_one():
    counts = relaxed_span_counts([Span(0, 20, "ORG")], [Span(0, 5, "ORG"), Span(10, 15, "ORG")])
    assert micro(counts) == (1, 1, 2)


def test_relaxed_matching_reassigns_an_earlier_match_to_match_more():
    # A greedy pass gives the first prediction the first gold span and leaves the second one
    # without a partner; a maximum matching moves the first prediction to the second gold span.
    gold = [Span(0, 5, "ORG"), Span(6, 12, "ORG")]
    predicted = [Span(3, 8, "ORG"), Span(0, 2, "ORG")]
    assert micro(relaxed_span_counts(predicted, gold)) == (2, 2, 2)
    assert micro(relaxed_span_counts(list(reversed(predicted)), list(reversed(gold)))) == (2, 2, 2)


def test_a_long_chain_of_reassignments_is_found():
    # p_i overlaps g_i and g_{i+1}; p_last overlaps only g_0: all must move one place along.
    n = 40
    gold = [Span(10 * i, 10 * i + 6, "X") for i in range(n + 1)]
    predicted = [Span(10 * i + 4, 10 * i + 12, "X") for i in range(n)] + [Span(0, 1, "X")]
    assert overlap_matching_size(sorted(predicted), sorted(gold)) == n + 1


def test_touching_spans_do_not_overlap_and_other_labels_never_match():
    assert micro(relaxed_span_counts([Span(5, 10, "ORG")], [Span(0, 5, "ORG")])) == (0, 1, 1)
    assert micro(relaxed_span_counts([Span(0, 5, "PER")], [Span(0, 5, "ORG")])) == (0, 1, 1)
    assert micro(relaxed_span_counts([Span(4, 6, "ORG")], [Span(0, 5, "ORG")])) == (1, 1, 1)


def test_relaxed_is_never_below_exact_and_does_not_depend_on_order():
    rng = random.Random(7)
    for _ in range(200):
        gold = {Span(s, s + rng.randint(1, 6), rng.choice("AB")) for s in rng.sample(range(40), 6)}
        predicted = [Span(s, s + rng.randint(1, 6), rng.choice("AB")) for s in rng.sample(range(40), 6)]
        relaxed = micro(relaxed_span_counts(predicted, gold))
        assert relaxed[0] >= micro(exact_span_counts(predicted, gold))[0]
        shuffled = predicted[:]
        rng.shuffle(shuffled)
        assert micro(relaxed_span_counts(shuffled, gold)) == relaxed
        assert relaxed[0] <= min(len(set(predicted)), len(gold))


def test_duplicates_count_once_in_both_scores():
    predicted = [Span(0, 3, "A"), Span(0, 3, "A")]
    assert micro(exact_span_counts(predicted, [Span(0, 3, "A")])) == (1, 1, 1)
    assert micro(relaxed_span_counts(predicted, [Span(0, 3, "A")])) == (1, 1, 1)


def test_labels_only_on_one_side_are_listed_with_zero_scores():
    counts = exact_span_counts([Span(0, 3, "A")], [Span(5, 8, "B")])
    assert counts.as_dict() == {
        "per_label": {"A": {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 0},
                      "B": {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1}},
        "micro": {"p": 0.0, "r": 0.0, "f1": 0.0}}
