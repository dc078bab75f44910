"""The benchmark corpus (deterministic, seeded) or one read from a JSONL file, and the
annotations the benchmarks store or import with it.

`make_corpus(n, words=450, seed=7)` gives exactly the documents of the shared generator the
peer figures were measured on (`../shared/bench/make_corpus.py N --words 450`): the same
templates drawn in the same order from the same seeded random generator, so our figures are
taken on the same text with or without `--corpus FILE`. Pure Python: the benchmark client
imports it without Django.
"""
import json
import random
import re
from pathlib import Path

PEOPLE = ["Maria Okafor", "Daniel Weber", "Amina Yusuf", "Kenji Watanabe", "Laura Chen",
          "Omar Haddad", "Sofia Rossi", "James O'Neill", "Priya Raman", "Carlos Mendez",
          "Fatima Zahra", "Ivan Petrov", "Grace Mwangi", "Lucas Martin", "Hana Kim"]
ORGS = ["the World Health Organization", "Reuters", "the European Central Bank", "Oxfam",
        "the United Nations", "Siemens", "the Red Cross", "Amnesty International",
        "the International Monetary Fund", "Toyota", "the World Bank", "Greenpeace",
        "the African Union", "Nokia", "Doctors Without Borders"]
PLACES = ["Nairobi", "Berlin", "Lagos", "Osaka", "Lima", "Karachi", "Cairo", "Lyon",
          "Jakarta", "Toronto", "Istanbul", "Manila", "Quito", "Dhaka", "Warsaw",
          "Kenya", "Germany", "Nigeria", "Japan", "Peru", "Pakistan", "Egypt", "France"]
ROLES = ["spokesperson", "director", "chief economist", "minister", "head", "chairman", "analyst"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
TEMPLATES = [
    "{p} , the {r} of {o} , said on {d} that talks in {c} would resume next week .",
    "Officials in {c} reported that about {n} people had been displaced since {m} .",
    "{o} announced a new programme worth {n} million dollars for farmers in {c} .",
    "\u201cWe will not stop until the work is done ,\u201d {p} told reporters in {c} on {d} .",
    "The agreement between {o} and {o2} was signed in {c} in {m} {y} .",
    "According to {o} , prices in {c} rose by {k} percent in {m} .",
    "{p} , who heads {o} , visited {c} and {c2} last month .",
    "Thousands of residents fled {c} after heavy rains on {d} , {o} said .",
    "{p} met {p2} in {c} to discuss the future of {o} .",
    "Shares of {o} fell {k} percent on {d} after the company cut its forecast .",
    "The river that runs through {c} has flooded {k} times since {y} .",
    "Analysts at {o} expect growth of {k} percent in {c} next year .",
]

# What the benchmarks annotate every document with: SPANS_PER_DOCUMENT non-overlapping spans
# labelled in turn with LABELS, and one RELATION between the first two.
SPANS_PER_DOCUMENT = 15
LABELS = ("PERSON", "ORG", "GPE")
RELATION = "related"
_WORD = re.compile(r"\w+")


def _sentence(rng: random.Random) -> str:
    text = rng.choice(TEMPLATES).format(
        p=rng.choice(PEOPLE), p2=rng.choice(PEOPLE), r=rng.choice(ROLES), o=rng.choice(ORGS), o2=rng.choice(ORGS),
        c=rng.choice(PLACES), c2=rng.choice(PLACES), d=rng.choice(DAYS), m=rng.choice(MONTHS),
        y=rng.randint(1990, 2025), n=f"{rng.randint(2, 900):,}", k=rng.randint(2, 40))
    text = text.replace(" ,", ",").replace(" .", ".").replace(" \u201d", "\u201d")
    return text[0].upper() + text[1:]


def article(rng: random.Random, words: int) -> str:
    """One generated news article of about `words` words (paragraphs of three sentences)."""
    sentences, count = [], 0
    while count < words:
        sentence = _sentence(rng)
        sentences.append(sentence)
        count += len(sentence.split())
    return "\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3))


def make_corpus(n: int, *, words: int = 450, seed: int = 7) -> list[dict]:
    """n records {"text", "meta": {title, source, published, external_id}}: the shared generator's
    output for the same n, words and seed (the first k records do not depend on n)."""
    rng = random.Random(seed)
    records = []
    for index in range(n):
        text = article(rng, words)
        title = _sentence(rng).rstrip(".")
        meta = {"title": title[:120], "source": "Bench Wire",
                "published": f"2017-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "external_id": f"bench-{seed}-{index}"}
        records.append({"text": text, "meta": meta})
    return records


def read_corpus(path: str | Path, *, limit: int | None = None) -> list[dict]:
    """Records from a JSONL file of {"text", "meta"?} objects (the shared make_corpus.py output)."""
    records = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                raise ValueError(f"{path} line {number}: expected an object with a 'text' string")
            records.append({"text": record["text"], "meta": record.get("meta") or {}})
            if limit is not None and len(records) >= limit:
                break
    return records


def write_corpus(records: list[dict], path: str | Path, *, with_spans: bool = False) -> Path:
    """Write records as JSONL ({text, meta} a line; with `with_spans`, also bench_spans' spans and
    relation, the layout imported `as=predictions`)."""
    path = Path(path)
    with open(path, "w", encoding="utf-8") as handle:
        for record in records:
            line = {"text": record["text"], "meta": record["meta"]}
            if with_spans:
                line.update(bench_spans(record["text"]))
            handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    return path


def bench_spans(text: str, count: int = SPANS_PER_DOCUMENT) -> dict:
    """`count` non-overlapping one-word spans spread over the text, and one relation: a body as
    the benchmarks store, import or save it (deterministic for a text)."""
    words = [match.span() for match in _WORD.finditer(text)]
    step = max(1, len(words) // count)
    chosen = words[::step][:count]
    spans = [{"id": index, "start": start, "end": end, "label": LABELS[index % len(LABELS)]}
             for index, (start, end) in enumerate(chosen)]
    relations = [{"head": 0, "child": 1, "label": RELATION}] if len(spans) > 1 else []
    return {"spans": spans, "relations": relations}
