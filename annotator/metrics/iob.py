"""Token-level IOB2 tags from character spans, for Cohen's kappa.

A token belongs to a span when they share at least one character (a span that starts or ends
inside a token still claims the whole token: the tags are per token, and the tokens are the
project tokenizer's, from Document.tokens, in code points).

One tag per token cannot hold overlapping spans, so where spans compete for a token the
longest span wins, then the one starting first, then the smaller label name (so the result
never depends on input order); a losing span is left out whole rather than cut into pieces,
so every kept span reads B-, I-, I-... This is the rule the export formats use
(spacy.util.filter_spans: longest first). A span covering no token (only whitespace) gets
no tag.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

from annotator.metrics.records import Span

OUTSIDE = "O"


def token_range(span: Span, starts: list[int], ends: list[int]) -> range:
    """Indexes of the tokens sharing a character with `span`, given the tokens' starts and ends
    (tokens in text order and not overlapping, as Document.tokens holds them)."""
    first = bisect_right(ends, span.start)  # first token ending after the span starts
    last = bisect_left(starts, span.end)  # first token starting at or after the span ends
    return range(first, max(first, last))


def iob2_tags(tokens: Sequence[Sequence[int]], spans: Iterable[Span]) -> list[str]:
    """One IOB2 tag per token (tokens in text order): B-LABEL on a span's first token, I-LABEL
    on the rest, O outside."""
    ordered_tokens = [(int(start), int(end)) for start, end in tokens]
    starts = [start for start, _end in ordered_tokens]
    ends = [end for _start, end in ordered_tokens]
    tags = [OUTSIDE] * len(ordered_tokens)
    for span in sorted(set(spans), key=lambda s: (-(s.end - s.start), s.start, s.label)):
        covered = token_range(span, starts, ends)
        if not covered or any(tags[i] != OUTSIDE for i in covered):
            continue
        tags[covered[0]] = f"B-{span.label}"
        for i in covered[1:]:
            tags[i] = f"I-{span.label}"
    return tags
