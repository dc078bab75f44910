"""Review decisions per model version and label (annotator.metrics.decisions), on hand-computed cases."""
from annotator.metrics import AnnotationRecord, Decision, review_decisions


def decided(document_id, kind, *decisions, author="alice", status="submitted"):
    return AnnotationRecord(document_id=document_id, kind=kind, author=author, status=status,
                            decisions=tuple(Decision(*item) for item in decisions))


def test_counts_per_model_version_and_label():
    records = [
        # alice's draft on document 1: the rejections count before she submits
        decided(1, "annotation",
                (0, 5, "PER", "m", "1", "accepted"), (10, 14, "ORG", "m", "1", "rejected"),
                (20, 24, "ORG", "m", "1", "rejected"), (30, 35, "GPE", "other", "2", "accepted"), status="draft"),
        # the reviewer accepts the same PER suggestion again in gold: a second decision
        decided(1, "gold", (0, 5, "PER", "m", "1", "accepted"), author="bob"),
        decided(2, "annotation", (3, 7, "ORG", "m", "1", "accepted"), author="carol"),
        # a prediction holds no decisions; if one did, it is not a person's decision
        decided(2, "prediction", (3, 7, "ORG", "m", "1", "rejected"), author=None),
    ]
    assert review_decisions(records) == {
        # m@1: accepted PER 2 + ORG 1 = 3, rejected ORG 2: 3 of 5
        "m@1": {"accepted": 3, "rejected": 2, "accept_rate": 0.6, "documents": 2, "per_label": {
            "ORG": {"accepted": 1, "rejected": 2, "accept_rate": 0.3333},
            "PER": {"accepted": 2, "rejected": 0, "accept_rate": 1.0}}},
        "other@2": {"accepted": 1, "rejected": 0, "accept_rate": 1.0, "documents": 1, "per_label": {
            "GPE": {"accepted": 1, "rejected": 0, "accept_rate": 1.0}}},
    }


def test_all_rejected_and_unnamed_versions():
    records = [decided(7, "annotation", (0, 1, "PER", "import", "", "rejected"),
                       (2, 3, "PER", "import", "", "rejected"))]
    assert review_decisions(records) == {"import@unknown": {
        "accepted": 0, "rejected": 2, "accept_rate": 0.0, "documents": 1,
        "per_label": {"PER": {"accepted": 0, "rejected": 2, "accept_rate": 0.0}}}}


def test_nothing_decided_gives_nothing():
    assert review_decisions([]) == {}
    assert review_decisions([decided(1, "annotation"), decided(1, "gold")]) == {}
