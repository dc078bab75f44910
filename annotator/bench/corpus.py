"""A deterministic news-like corpus for benchmarks and tests, or one read from a JSONL file.

The generator writes articles in the style of the shared benchmark corpus (people, organisations,
places, dates and numbers in reporting sentences) so a spaCy NER model finds a realistic number
of entities; `--corpus FILE` takes the shared corpus itself (`{"text", "meta"}` per line).
"""
import json
import random
from pathlib import Path

PEOPLE = ["Maria Okafor", "Daniel Weber", "Amina Yusuf", "Kenji Watanabe", "Laura Chen", "Omar Haddad",
          "Sofia Rossi", "Priya Raman", "Carlos Mendez", "Ivan Petrov", "Grace Mwangi", "Lucas Martin"]
ORGS = ["the World Health Organization", "Reuters", "the European Central Bank", "Oxfam", "the United Nations",
        "Siemens", "the Red Cross", "the International Monetary Fund", "Toyota", "the World Bank", "Nokia"]
PLACES = ["Nairobi", "Berlin", "Lagos", "Osaka", "Lima", "Karachi", "Cairo", "Lyon", "Jakarta", "Toronto",
          "Kenya", "Germany", "Nigeria", "Japan", "Peru", "Egypt", "France"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
TEMPLATES = [
    "{p}, the director of {o}, said on {d} that talks in {c} would resume next week.",
    "Officials in {c} reported that about {n} people had been displaced since {m}.",
    "{o} announced a new programme worth {n} million dollars for farmers in {c}.",
    "The agreement between {o} and {o2} was signed in {c} in {m} {y}.",
    "According to {o}, prices in {c} rose by {k} percent in {m}.",
    "{p}, who heads {o}, visited {c} and {c2} last month.",
    "{p} met {p2} in {c} to discuss the future of {o}.",
    "Shares of {o} fell {k} percent on {d} after the company cut its forecast.",
    "Analysts at {o} expect growth of {k} percent in {c} next year.",
]


def _sentence(rng: random.Random) -> str:
    text = rng.choice(TEMPLATES).format(
        p=rng.choice(PEOPLE), p2=rng.choice(PEOPLE), o=rng.choice(ORGS), o2=rng.choice(ORGS), c=rng.choice(PLACES),
        c2=rng.choice(PLACES), d=rng.choice(DAYS), m=rng.choice(MONTHS), y=rng.randint(1990, 2025),
        n=f"{rng.randint(2, 900):,}", k=rng.randint(2, 40))
    return text[0].upper() + text[1:]


def make_corpus(n: int, *, words: int = 450, seed: int = 7) -> list[dict]:
    """n records {"text", "meta"}; the same n, words and seed always give the same records."""
    rng = random.Random(seed)
    records = []
    for index in range(n):
        sentences, count = [], 0
        while count < words:
            sentence = _sentence(rng)
            sentences.append(sentence)
            count += len(sentence.split())
        text = "\n\n".join(" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3))
        records.append({"text": text, "meta": {"external_id": f"bench-{seed}-{index}"}})
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
