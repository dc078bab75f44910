"""Generated gold for training tests and the training measurement: news-like sentences from templates
with PERSON, ORG and GPE entities at known offsets. The same n and seed always give the same documents."""
import random

FIRST = ["Alice", "Bruno", "Chen", "Dalia", "Erik", "Fatima", "Gustavo", "Hana", "Ivan", "Jamal", "Keiko", "Liam",
         "Marta", "Nikos", "Olga", "Pedro", "Quinn", "Rosa", "Samir", "Tove", "Umar", "Vera", "Wen", "Yusuf"]
LAST = ["Okafor", "Lindqvist", "Moreau", "Tanaka", "Novak", "Haddad", "Silva", "Kowalski", "Brennan", "Osei",
        "Petrov", "Ruiz", "Nakamura", "Fischer", "Andersen", "Costa", "Mbeki", "Larsen", "Duarte", "Varga"]
ORG_HEAD = ["Northwind", "Bluestone", "Helix", "Quantra", "Redfern", "Solace", "Tidewater", "Vantor", "Alder",
            "Brightline", "Corvid", "Everpine", "Greywater", "Ironbark", "Juniper", "Kestrel", "Lumen", "Meridian"]
ORG_TAIL = ["Corp", "Holdings", "Labs", "Group", "Bank", "Systems", "Energy", "Partners", "Logistics", "Media"]
GPE = ["Lisbon", "Nairobi", "Osaka", "Denver", "Krakow", "Lyon", "Perth", "Quito", "Tallinn", "Hanoi", "Accra",
       "Bergen", "Cairo", "Dublin", "Porto", "Seoul", "Chile", "Norway", "Kenya", "Vietnam", "Canada", "Peru"]
TEMPLATES = [
    "{PERSON} joined {ORG} in {GPE} last spring.",
    "Shares of {ORG} rose after {PERSON} spoke in {GPE}.",
    "{PERSON}, who leads {ORG}, said the plant in {GPE} will stay open.",
    "Officials in {GPE} met {PERSON} on Tuesday.",
    "{ORG} opened a new office in {GPE}, according to {PERSON}.",
    "The deal between {ORG} and {ORG} was signed by {PERSON}.",
    "{PERSON} left {GPE} for a job at {ORG}.",
    "Analysts expect {ORG} to report higher profits this quarter.",
    "In {GPE}, {PERSON} criticised the plan.",
    "The weather was mild and the markets were calm.",
    "A spokesperson for {ORG} declined to comment.",
    "{PERSON} and {PERSON} visited {GPE} together.",
]


def _fill(rng: random.Random, template: str, offset: int, labels: tuple[str, ...]) -> tuple[str, list[dict]]:
    text, spans, rest = "", [], template
    while "{" in rest:
        before, _, after = rest.partition("{")
        label, _, rest = after.partition("}")
        text += before
        if label == "PERSON":
            value = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        elif label == "ORG":
            value = f"{rng.choice(ORG_HEAD)} {rng.choice(ORG_TAIL)}"
        else:
            value = rng.choice(GPE)
        if label in labels:
            spans.append({"start": offset + len(text), "end": offset + len(text) + len(value), "label": label})
        text += value
    return text + rest, spans


def gold_records(n: int, *, seed: int = 3, sentences: tuple[int, int] = (2, 5),
                 labels: tuple[str, ...] = ("PERSON", "ORG", "GPE")) -> list[dict]:
    """n records {"text", "title", "spans"}: a few template sentences each, spans of `labels` only."""
    rng = random.Random(seed)
    records = []
    for index in range(n):
        text, spans = "", []
        for number in range(rng.randint(*sentences)):
            sentence, found = _fill(rng, rng.choice(TEMPLATES), len(text) + (1 if number else 0), labels)
            text += (" " if number else "") + sentence
            spans += found
        records.append({"text": f"{text} (story {seed}-{index})", "title": f"story {index}", "spans": spans})
    return records


def add_gold(project, records: list[dict], *, reviewer) -> list[int]:
    """Store the records as documents of the project, each with its spans as gold; their ids in order."""
    from annotator.models import Document
    from annotator.services.annotations import annotation_gold_save
    from annotator.services.documents import documents_add

    ids = documents_add(project=project, records=[{"text": r["text"], "title": r["title"]} for r in records]).ids
    for pk, record in zip(ids, records):
        spans = [{**span, "id": number} for number, span in enumerate(record["spans"])]
        annotation_gold_save(document=Document.objects.get(pk=pk), user=reviewer, spans=spans, relations=[])
    return ids


def add_gold_with_test_split(project, *, reviewer, n: int, min_test: int, labels: tuple[str, ...]) -> list[int]:
    """At least n gold documents, and more until at least `min_test` of them fall in the test split.

    The split hashes the document id (annotator/formats/splits.py), and ids come from the database's
    sequence, which other tests move on PostgreSQL: 30 documents leave the test split empty for about one
    id offset in 20, and then every model scores 0 on it and no version can beat another."""
    from annotator.formats.splits import DEFAULT_RATIOS, split_for
    from annotator.services.training import SPLIT_SEED

    records = gold_records(n + 50 * min_test, labels=labels)
    ids = add_gold(project, records[:n], reviewer=reviewer)
    while sum(split_for(pk, SPLIT_SEED, DEFAULT_RATIOS) == "test" for pk in ids) < min_test:
        more = records[len(ids):len(ids) + 5]
        assert more, f"{len(ids)} gold documents and still fewer than {min_test} in the test split"
        ids += add_gold(project, more, reviewer=reviewer)
    return ids
