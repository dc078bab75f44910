"""Training a spaCy ner on gold records, with spaCy's own config system and training loop.

- `training_config` builds the config: from `spacy.cli.init_config` (a `tok2vec` + `ner` of spaCy's
  quickstart, "efficiency") for a blank start, or with the base pipeline's `ner` (and the embedding
  component it listens to, if any: en_core_web_sm's ner has its own internal tok2vec, so there it is
  `ner` alone) given as `source`, its tokenizer and vocab (with the lexeme norms the ner's features
  use) copied by `spacy.copy_from_base_model.v1`. Corpora are DocBin folders (`DocBinFolder`).
- `ner_train` initialises the pipeline with `spacy.training.initialize.init_nlp` (sourced components
  resume training, new ones are initialised from the train corpus), adds the project's labels, and
  runs `spacy.training.loop.train_while_improving`, the generator `spacy train` itself runs, step by
  step: so it can stop cleanly at a step or time budget, report every step (heartbeat, cancel) and
  every evaluation on dev (step, loss, P/R/F1), and keep the best checkpoint on disk as `spacy train`
  does (`model-best`). We do not call `spacy.training.loop.train`: it can be stopped only by raising
  from a callback registered by name in the config, which would then be written into the saved
  pipeline's config.cfg.

CPU only; no download: a blank start needs only spaCy's language data, a project start the base
pipeline already installed (or on disk).
"""
from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.nlp.pipelines import NOT_FOUND_ERRORS, ModelNotAvailable, config_folder, ner_pipe_names
from annotator.nlp.threads import limit_threads

import spacy  # noqa: E402  (after the threads module set the BLAS thread defaults)
from spacy.tokens import DocBin  # noqa: E402
from thinc.api import Config  # noqa: E402

NER_FACTORIES = frozenset({"ner", "beam_ner"})
EMBEDDING_FACTORIES = frozenset({"tok2vec", "transformer", "curated_transformer"})
# Documents per DocBin file of a corpus folder: memory stays flat however many documents there are.
DOCBIN_PART_SIZE = 500
DOCBIN_ATTRS = ["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"]


def eval_frequency_for(max_steps: int) -> int:
    """Evaluate on dev about ten times a run, at least every 200 steps (spaCy's default)."""
    return max(1, min(200, max_steps // 10))


# --- the base pipeline ------------------------------------------------------------------------

def pipeline_folder(name: str) -> Path:
    """The folder holding config.cfg of an installed package or a pipeline path."""
    try:
        return config_folder(name)
    except NOT_FOUND_ERRORS as exc:
        raise ModelNotAvailable(f"spaCy model {name!r} is not installed and is no pipeline folder ({exc})") from None


def pipeline_lang(name: str) -> str:
    return str(spacy.util.load_config(pipeline_folder(name) / "config.cfg")["nlp"]["lang"])


def base_components(name: str) -> list[str]:
    """The components training would take from this base pipeline (`components_to_source`): raises
    ModelNotAvailable when it is not installed, ValueError when it has no ner."""
    return components_to_source(spacy.util.load_config(pipeline_folder(name) / "config.cfg"))


def trained_pipeline_load(path: Path, *, max_length: int):
    """A pipeline just trained (in its attempt folder), loaded once for scoring: not through the
    per-process cache, which would keep it alive after its folder is moved or removed."""
    nlp = spacy.load(path)
    nlp.max_length = max(nlp.max_length, max_length)
    return nlp


def components_to_source(base_config: Config) -> list[str]:
    """The base pipeline's ner components and the embedding components they listen to, in order."""
    components = base_config["components"]

    def factory(name: str) -> str:
        return str(components.get(name, {}).get("factory") or name)

    needed = ner_pipe_names(base_config)
    ners = [name for name in needed if factory(name) in NER_FACTORIES]
    if not ners:
        pipeline = list(base_config["nlp"]["pipeline"])
        raise ValueError(f"the base pipeline has no ner component (its components: {', '.join(pipeline) or 'none'}); "
                         "train from a blank pipeline instead")
    return [name for name in needed if name in ners or factory(name) in EMBEDDING_FACTORIES]


# --- config -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TrainSettings:
    max_steps: int
    time_budget_seconds: float
    eval_frequency: int
    seed: int = 0
    max_length: int = 1_000_000  # characters of the longest document (spaCy refuses longer ones)


def training_config(*, base_model: str | None, lang: str, train_path: Path, dev_path: Path,
                    settings: TrainSettings) -> Config:
    """A full training config: a blank `lang` pipeline with tok2vec + ner when `base_model` is None,
    else the base pipeline's ner (and what it listens to) sourced, with its tokenizer and vocab."""
    from spacy.cli.init_config import init_config

    config = init_config(lang=lang, pipeline=["ner"], optimize="efficiency", gpu=False)
    if base_model is not None:
        folder = str(pipeline_folder(base_model))
        sourced = components_to_source(spacy.util.load_config(Path(folder) / "config.cfg"))
        config["nlp"]["pipeline"] = sourced
        config["components"] = {name: {"source": folder} for name in sourced}
        config["initialize"]["before_init"] = {"@callbacks": "spacy.copy_from_base_model.v1",
                                               "tokenizer": folder, "vocab": folder}
    config["paths"]["train"] = str(train_path)
    config["paths"]["dev"] = str(dev_path)
    config["system"]["seed"] = settings.seed
    training = config["training"]
    training["max_steps"] = settings.max_steps
    training["eval_frequency"] = settings.eval_frequency
    training["max_epochs"] = 0  # steps and time decide
    return Config(config)


# --- corpora ----------------------------------------------------------------------------------

class DocBinFolder:
    """A corpus folder spaCy's `Corpus` reader takes: DocBin files of DOCBIN_PART_SIZE documents.

    Records are the export records (annotator/formats/records.py): a Doc is made of the record's
    tokens cut at span boundaries, with its non-overlapping spans as `doc.ents` (what exports write).
    """

    def __init__(self, path: Path):
        from spacy.vocab import Vocab

        self.path = path
        self.path.mkdir(parents=True, exist_ok=True)
        self.vocab = Vocab()
        self.count = 0
        self._part = DocBin(attrs=DOCBIN_ATTRS)

    def add(self, record: dict) -> None:
        from annotator.formats.spacy_docbin import record_to_doc

        self._part.add(record_to_doc(record, self.vocab))
        self.count += 1
        if len(self._part) >= DOCBIN_PART_SIZE:
            self._flush()

    def _flush(self) -> None:
        if len(self._part):
            self._part.to_disk(self.path / f"part-{self.count:08d}.spacy")
            self._part = DocBin(attrs=DOCBIN_ATTRS)

    def close(self) -> None:
        self._flush()


# --- the loop ---------------------------------------------------------------------------------

@dataclass
class Evaluation:
    """One evaluation on dev during training (spaCy's scorer: exact entity matches)."""
    step: int
    epoch: int
    loss: float  # the ner's loss summed since the previous evaluation
    precision: float
    recall: float
    f1: float
    per_label: dict[str, dict[str, float]]
    seconds: float
    best: bool

    def as_dict(self) -> dict:
        return {"step": self.step, "epoch": self.epoch, "loss": round(self.loss, 4),
                "dev": {"p": round(self.precision, 4), "r": round(self.recall, 4), "f1": round(self.f1, 4)},
                "per_label": self.per_label, "seconds": round(self.seconds, 1), "best": self.best}


@dataclass
class TrainOutcome:
    steps: int  # the step counter when it stopped (as `spacy train` counts: step 0 is the first update)
    stopped_by: str  # "max_steps", "time_budget" or "patience"
    best: Evaluation | None
    seconds: float
    labels: list[str]
    evaluations: list[Evaluation] = field(default_factory=list)


StepCallback = Callable[[int, float], None]
EvaluationCallback = Callable[[Evaluation], None]


def ner_train(*, config: Config, settings: TrainSettings, labels: Iterable[str], output: Path, meta: dict,
              on_step: StepCallback, on_evaluation: EvaluationCallback) -> TrainOutcome:
    """Train; the best pipeline on dev is written to `output` (with `meta` merged into its meta.json).

    `on_step(step, seconds)` runs before every update and may raise to stop the training (the
    caller's cancel); `on_evaluation(evaluation)` runs after every evaluation on dev. Stops at
    `max_steps` updates, at the time budget, or when spaCy's patience runs out. The final step is
    always evaluated, so the best checkpoint never predates the last steps unseen.
    """
    from spacy.schemas import ConfigSchemaTraining
    from spacy.training.initialize import init_nlp
    from spacy.training.loop import (create_evaluation_callback, create_train_batches, train_while_improving,
                                     update_meta)
    from spacy.util import registry, resolve_dot_names

    limit_threads()
    started = time.monotonic()
    nlp = init_nlp(config)
    nlp.max_length = max(nlp.max_length, settings.max_length)
    labels = sorted(set(labels))
    ner_names = [name for name in nlp.pipe_names if nlp.get_pipe_meta(name).factory in NER_FACTORIES]
    for name in ner_names:  # every project label, also one without gold examples yet
        ner = nlp.get_pipe(name)
        for label in labels:
            if label not in ner.labels:
                ner.add_label(label)
    resolved = nlp.config.interpolate()
    T = registry.resolve(resolved["training"], schema=ConfigSchemaTraining)
    train_corpus, dev_corpus = resolve_dot_names(resolved, [T["train_corpus"], T["dev_corpus"]])
    optimizer = T["optimizer"]
    evaluate = create_evaluation_callback(nlp, dev_corpus, T["score_weights"])
    steps = train_while_improving(
        nlp, optimizer, create_train_batches(nlp, train_corpus, T["batcher"], T["max_epochs"]), evaluate,
        dropout=T["dropout"], accumulate_gradient=T["accumulate_gradient"], patience=T["patience"],
        max_steps=T["max_steps"], eval_frequency=T["eval_frequency"], exclude=T["frozen_components"],
        annotating_components=T["annotating_components"], before_update=None,
    )
    outcome = TrainOutcome(steps=0, stopped_by="patience", best=None, seconds=0.0, labels=labels)
    max_steps, time_budget = T["max_steps"], settings.time_budget_seconds
    last_info: dict | None = None

    def record(info: dict, is_best: bool) -> None:
        scores = info["other_scores"] or {}
        evaluation = Evaluation(
            step=info["step"], epoch=info["epoch"], loss=float(sum(info["losses"].values())),
            precision=float(scores.get("ents_p") or 0.0), recall=float(scores.get("ents_r") or 0.0),
            f1=float(scores.get("ents_f") or 0.0),
            per_label={label: {"p": round(v.get("p", 0.0), 4), "r": round(v.get("r", 0.0), 4),
                               "f1": round(v.get("f", 0.0), 4)}
                       for label, v in sorted((scores.get("ents_per_type") or {}).items())},
            seconds=time.monotonic() - started, best=is_best,
        )
        outcome.evaluations.append(evaluation)
        if is_best:
            update_meta(T, nlp, info)
            _save(nlp, output, meta)
            outcome.best = evaluation
        on_evaluation(evaluation)

    for _batch, info, is_best in _stepped(steps, on_step=on_step, started=started):
        outcome.steps = info["step"]
        last_info = info
        if is_best is not None:
            record(info, is_best)
        if max_steps and info["step"] >= max_steps:
            outcome.stopped_by = "max_steps"
            break
        if time_budget and time.monotonic() - started >= time_budget:
            outcome.stopped_by = "time_budget"
            break
    if last_info is not None and last_info["score"] is None:  # the last steps were not evaluated yet
        score, other_scores = evaluate()
        best_score = max((earlier for earlier, _step in last_info["checkpoints"]), default=None)
        record({**last_info, "score": score, "other_scores": other_scores},
               is_best=best_score is None or score > best_score)
    outcome.seconds = time.monotonic() - started
    if outcome.best is None:  # nothing evaluated (no step at all): keep what there is
        _save(nlp, output, meta)
    return outcome


def _stepped(steps, *, on_step: StepCallback, started: float):
    """The training generator, with `on_step` called before each update (it may raise to stop)."""
    step = 0
    on_step(step, 0.0)
    for item in steps:
        yield item
        step = item[1]["step"] + 1
        on_step(step, time.monotonic() - started)


def _save(nlp, output: Path, meta: dict) -> None:
    nlp.meta.update(meta)
    if output.exists():
        shutil.rmtree(output)
    nlp.to_disk(output)
