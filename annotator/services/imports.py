"""Importing a file as a job: documents, or documents with their predictions or gold.

Any format of the catalog (annotator/formats), detected from the file's name and content when
`format` is "auto". The job first checks the WHOLE file, streaming (every record is well
formed and within the limits; for predictions and gold, every label exists in the project and
every span and relation passes the project's rules), storing nothing when anything is wrong;
then stores it in chunks of IMPORT_CHUNK_SIZE records: the records the check read when the
file is small (READ_ONCE_BYTES), else read again, streaming, so memory stays flat. Each
chunk's texts are tokenized before its transaction opens (under predictions their tokens are left
pending for a worker, as POST documents/ leaves them). Errors name file, line and field
(Job.errors entries {file, line, field, message}, the first one's message a whole sentence).
Imported as `documents`, a file's annotations are ignored; formats without annotations (csv,
text) can only be imported as documents. Job param `options` holds the format's reading options
(doccano's `{"offsets": "utf16"}`), checked by the format. Spans that cut a token of the project's
tokenizer are stored as given and reported as warnings in the job's result (import_warnings.py).
Limits are settings: MAX_UPLOAD_BYTES (file), MAX_UPLOAD_UNCOMPRESSED_BYTES (a zip's unpacked
members, checked from its directory before anything is inflated), MAX_DOCUMENTS_PER_FILE,
MAX_DOCUMENT_CHARS and MAX_SPANS_PER_ANNOTATION.

Storing is idempotent, so a job re-run after its worker died ends in the same state:
documents are de-duplicated by content hash (a text already in the project gets the imported
annotation attached to the existing document); predictions replace the prediction of the same
model name (job param `model`, default "import"); gold replaces the document's gold.
"""
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from annotator.formats.base import FormatError, FormatOptionError, ReadItem, is_zip
from annotator.formats.catalog import FORMATS, format_options_validate
from annotator.formats.pipeline import read_upload
from annotator.formats.zip_members import zip_members_check
from annotator.models import AnnotationKind, Job, JobKind, JobStatus, Project
from annotator.rules import annotation_check, annotation_size_check, document_check
from annotator.rules.storable import value_unstorable
from annotator.selectors.annotations import LabelSet, project_label_set
from annotator.services.annotation_import import annotations_import
from annotator.services.documents import LINE_KEY, documents_add, documents_tokenize
from annotator.services.import_bodies import (DROPPED, ImportBody, ImportUsers, import_bodies_prepare, import_mapper,
                                              import_users_resolve)
from annotator.services.import_warnings import TokenCuts, token_cuts_find
from annotator.services.errors import InvalidInput
from annotator.services.jobs import (job_check_cancelled, job_create, job_enqueue, job_finish, job_progress,
                                     job_run)
from annotator.services.import_uploads import import_file_save, import_path_save
from annotator.stored_files import stored_file_local

IMPORT_AS = ("documents", "predictions", "gold")
DEFAULT_PREDICTION_MODEL = "import"
MAX_REPORTED_ERRORS = 100
# Files up to this size are read and checked once: the records the checking pass read are kept in
# memory (a few times the file's size) and stored from there. Larger files are read again,
# streaming, so memory does not grow with the file.
READ_ONCE_BYTES = 32 * 2**20


def import_options_validate(*, format: str, as_: str, model: str | None, options: dict | None = None,
                            model_version: str | None = None) -> dict:
    """The job's params for these choices, or InvalidInput naming the field. `options` are the
    format's reading options (doccano's `{"offsets": "utf16"}`), checked by the format: an option it
    does not take names `options.<name>`. With format "auto" the detected format checks them again."""
    if as_ not in IMPORT_AS:
        raise InvalidInput(f"unknown value {as_!r} for 'as'",
                           errors=[{"field": "as", "message": f"must be one of {', '.join(IMPORT_AS)}"}])
    if format != "auto" and (format not in FORMATS or not FORMATS[format].can_read):
        readable = ", ".join(name for name, fmt in FORMATS.items() if fmt.can_read)
        raise InvalidInput(f"unknown format {format!r}",
                           errors=[{"field": "format", "message": f"must be auto or one of {readable}"}])
    if format != "auto" and as_ != "documents" and not FORMATS[format].carries.spans:
        raise InvalidInput(f"format {format!r} holds documents only; import it with as=documents",
                           errors=[{"field": "as", "message": f"format {format!r} carries no annotations"}])
    params = {"format": format, "as": as_}
    if as_ == "predictions":
        model = DEFAULT_PREDICTION_MODEL if model is None else model
        if not isinstance(model, str) or not model.strip() or len(model) > 500:
            raise InvalidInput("model must be a name of 1 to 500 characters",
                               errors=[{"field": "model", "message": "must be a name of 1 to 500 characters"}])
        params["model"] = model
    if model_version is not None:
        if as_ == "documents":
            raise InvalidInput("model_version applies to predictions and gold imports",
                               errors=[{"field": "model_version", "message": "not used when importing documents"}])
        if not isinstance(model_version, str) or len(model_version) > 100:
            raise InvalidInput("model_version must be a text of at most 100 characters",
                               errors=[{"field": "model_version", "message": "must be at most 100 characters"}])
        params["model_version"] = model_version
    try:
        options = format_options_validate(format=format, options=options, purpose="read")
    except FormatOptionError as error:
        raise InvalidInput(str(error), errors=[{"field": error.field, "message": error.message}]) from None
    if options:
        params["options"] = options
    return params


def import_run_here(*, project: Project, path: str, options: dict | None = None, format: str = "auto",
                    as_: str = "documents", model: str | None = None, model_version: str | None = None,
                    created_by=None) -> Job:
    """Import a file on this machine in this process, no worker needed (the `import_documents`
    command); recorded as an import Job like one a worker ran. Returns it, ended. `options`: the
    format's reading options (InvalidInput naming `options.<name>` when no format takes one)."""
    params = import_options_validate(format=format, as_=as_, model=model, options=options,
                                     model_version=model_version)
    job = job_create(kind=JobKind.IMPORT, project=project, created_by=created_by, params={"path": path, **params})
    job_run(job_id=job.pk, work=import_documents_run)
    return Job.objects.get(pk=job.pk)


def import_start(*, project: Project, upload: UploadedFile, format: str = "auto", as_: str = "documents",
                 created_by=None, model: str | None = None, options: dict | None = None,
                 model_version: str | None = None) -> Job:
    """Keep the uploaded file and queue the job that imports it; answers at once."""
    params = import_options_validate(format=format, as_=as_, model=model, options=options,
                                     model_version=model_version)
    with transaction.atomic():
        job = job_create(kind=JobKind.IMPORT, project=project, created_by=created_by,
                         params={**params, "filename": Path(upload.name or "upload").name})
        job.params["upload"] = import_file_save(job=job, upload=upload)
        job.save(update_fields=["params"])
        job_enqueue(job=job)
    return job


def import_queue_path(*, project: Project, path: str, format: str = "auto", as_: str = "documents",
                      created_by=None, model: str | None = None, model_version: str | None = None,
                      options: dict | None = None) -> Job:
    """Queue the import of a file on this machine for the workers (the `import_documents --wait`
    command): the file is copied where workers read uploads, then the job is sent; answers at once."""
    params = import_options_validate(format=format, as_=as_, model=model, options=options,
                                     model_version=model_version)
    source = Path(path)
    if not source.is_file():
        raise InvalidInput(f"no file {path!r}", errors=[{"field": "file", "message": "no such file"}])
    with transaction.atomic():
        job = job_create(kind=JobKind.IMPORT, project=project, created_by=created_by,
                         params={**params, "filename": source.name})
        job.params["upload"] = import_path_save(job=job, source=source)
        job.save(update_fields=["params"])
        job_enqueue(job=job)
    return job


class ImportRejected(Exception):
    """The file cannot be imported; `errors` are {file, line, field, message} entries."""

    def __init__(self, errors: list[dict], *, more: int = 0):
        super().__init__(errors[0]["message"])
        self.errors, self.more = errors, more

    def entries(self) -> list[dict]:
        """{file, line, field, message} each (`line` counts documents in a DocBin), the first
        one's message made a sentence that names where."""
        first = dict(self.errors[0])
        first["message"] = describe(first) + (f" (and {self.more + len(self.errors) - 1} more errors)"
                                              if self.more + len(self.errors) > 1 else "")
        keys = ("file", "line", "field", "message")
        return [{key: error[key] for key in keys} for error in (first, *self.errors[1:])]


def describe(error: dict) -> str:
    where = error.get("file") or "the file"
    if error.get("line") is not None:
        where += f" {error.get('unit', 'line')} {error['line']}"
    if error.get("field"):
        where += f", field '{error['field']}'"
    return f"{where}: {error['message']}"


@dataclass
class ImportSummary:
    file: str
    format: str = ""
    as_: str = "documents"
    documents: int = 0
    created: int = 0
    duplicates: int = 0
    annotations: int = 0
    spans: int = 0
    relations: int = 0
    model: str | None = None
    model_version: str | None = None
    prelabel_job: int | None = None
    # Label Studio files: people's annotations stored, users created for annotators nobody matched,
    # what was left out (cancelled annotations, relations without a label); predictions: labels the
    # project's label_map drops, per model label.
    people: int = 0
    users_created: list[str] = field(default_factory=list)
    skipped: dict = field(default_factory=dict)
    labels_dropped: dict = field(default_factory=dict)
    users: ImportUsers = field(default_factory=ImportUsers)
    document_ids: list[int] = field(default_factory=list)
    token_cuts: TokenCuts = field(default_factory=TokenCuts)

    def as_dict(self) -> dict:
        values = asdict(self)
        values["as"] = values.pop("as_")
        del values["document_ids"]
        for key in ("model", "model_version"):
            if values[key] is None:
                del values[key]
        for key in ("people", "users_created", "skipped", "labels_dropped"):
            if not values[key]:
                del values[key]
        values.pop("users")
        for key in ("skipped", "labels_dropped"):
            if key in values:
                values[key] = dict(sorted(values[key].items()))
        del values["token_cuts"]
        if self.token_cuts.count:  # stored as given, but worth a look (import_warnings.py)
            values["warnings"] = self.token_cuts.as_dict()
        return values


def import_documents_run(job: Job) -> dict | None:
    """The work of an import job whose params are {upload | path, filename?, format?, as?, model?, options?}:
    `upload` names a stored file (fetched to this machine for the run when the store is not local),
    `path` a file on this machine (the in-process command).

    A rejected file ends the job `failed` here, with its errors, and stores nothing.
    """
    if job.params.get("upload"):
        with stored_file_local(job.params["upload"]) as path:
            return _import_file_run(job, str(path))
    return _import_file_run(job, job.params["path"])


def _import_file_run(job: Job, path: str) -> dict | None:
    params = job.params
    as_ = params.get("as") or "documents"
    summary = ImportSummary(file=params.get("filename") or Path(path).name, as_=as_,
                            model=params.get("model", DEFAULT_PREDICTION_MODEL) if as_ == "predictions" else None,
                            model_version=params.get("model_version"))
    project = Project.objects.get(pk=job.project_id)
    labels = project_label_set(project=project) if as_ != "documents" else None
    mapper = import_mapper(project=project, entity_names=labels.entity_ids if labels else (), as_=as_)
    prepare = partial(import_bodies_prepare, as_=as_, model=params.get("model", DEFAULT_PREDICTION_MODEL),
                      model_version=params.get("model_version") or "", mapper=mapper)
    kept: list[ReadItem] | None = [] if _read_once(path, summary.file) else None
    options = params.get("options") or {}
    try:
        summary.format, total = import_check(path=path, name=summary.file, format=params.get("format") or "auto",
                                             as_=as_, project=project, labels=labels, keep=kept, options=options,
                                             prepare=prepare)
    except ImportRejected as rejected:
        job_finish(job_id=job.pk, status=JobStatus.FAILED, errors=rejected.entries(),
                   result=summary.as_dict())
        return None
    job_progress(job_id=job.pk, total=total, done=0)
    with open(path, "rb") as stream:
        if kept is None:
            _fmt, items = read_upload(fileobj=stream, filename=summary.file, format_name=summary.format,
                                      options=options)
        else:
            items = iter(kept)
        for chunk in _chunks(items, settings.IMPORT_CHUNK_SIZE):
            job_check_cancelled(job_id=job.pk)
            _store_chunk(chunk, project=project, summary=summary, labels=labels, author=job.created_by,
                         prepare=prepare)
            job_progress(job_id=job.pk, done=summary.documents)
    from annotator.services.prelabel import prelabel_after_import  # here: the web tier imports this module

    prelabel = prelabel_after_import(project=project, document_ids=summary.document_ids, created_by=job.created_by)
    summary.prelabel_job = prelabel and prelabel.pk
    return summary.as_dict()


def _store_chunk(chunk: list[ReadItem], *, project: Project, summary: ImportSummary, labels: LabelSet | None,
                 author, prepare) -> None:
    records = []
    for item in chunk:
        record = item.record
        records.append({"text": record["text"], "title": record.get("title") or "", "meta": record.get("meta") or {},
                        "external_id": record.get("external_id") or "",
                        **({LINE_KEY: item.line} if item.line is not None else {})})
    # Tokenized before the transaction (the slow part), except under predictions: stored with their
    # tokens pending, filled by a worker after the commit as POST documents/ does; the spans' token
    # cuts need only the texts with a span edge inside a word tokenized (import_warnings.py). Gold is compared token by token
    # in the same transaction (figures.py), so it keeps them.
    deferred = summary.as_ == "predictions"
    tokens = {} if deferred else documents_tokenize(project=project, records=records)
    with transaction.atomic():
        added = documents_add(project=project, records=records, source=summary.file, max_records=len(records),
                              tokens=tokens, defer_tokens=deferred)
        if summary.as_ != "documents":
            _store_bodies(chunk, document_ids=added.document_ids, summary=summary, labels=labels, author=author,
                          prepare=prepare)
    if summary.as_ != "documents":
        token_cuts_find(items=chunk, document_ids=added.document_ids, created=set(added.ids),
                        format_name=summary.format, found=summary.token_cuts, model=project.spacy_model)
    summary.documents += len(chunk)
    summary.created += added.created
    summary.duplicates += added.duplicates
    summary.document_ids.extend(added.document_ids)


def _store_bodies(chunk: list[ReadItem], *, document_ids: list[int], summary: ImportSummary, labels: LabelSet,
                  author, prepare) -> None:
    """Every body of the chunk's records, one annotations_import per (kind, person, model)."""
    groups: dict[tuple, tuple[list, list]] = {}
    for item, document_id in zip(chunk, document_ids):
        for body in prepare(record=item.record):
            key = (body.kind, body.annotator, body.model, body.model_version)
            ids, bodies = groups.setdefault(key, ([], []))
            ids.append(document_id)
            bodies.append({"spans": body.spans, "relations": body.relations})
        _add_counts(summary.skipped, item.record.get("skipped") or {})
        _add_counts(summary.labels_dropped, item.record.get(DROPPED) or {})
    import_users_resolve(names=[key[1] for key in groups], found=summary.users)
    summary.users_created = list(summary.users.created)
    annotated = set()
    for (kind, annotator, model, model_version), (ids, bodies) in groups.items():
        person = summary.users.users.get(annotator, author) if annotator else author
        if kind == AnnotationKind.ANNOTATION and person is None:
            continue  # an anonymous person's annotation with no importer to credit: its gold copy is kept
        stored = annotations_import(kind=kind, document_ids=ids, labels=labels, author=person, model=model,
                                    model_version=model_version, bodies=bodies)
        annotated.update(ids)
        if kind == AnnotationKind.ANNOTATION:
            summary.people += stored.documents
        summary.spans += stored.spans
        summary.relations += stored.relations
    summary.annotations += len(annotated)


def _add_counts(into: dict, counts: dict) -> None:
    for key, number in counts.items():
        if number:
            into[key] = into.get(key, 0) + number


def _chunks(items: Iterator[ReadItem], size: int) -> Iterator[list[ReadItem]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- checking the whole file before storing anything ------------------------------------

def import_check(*, path: str, name: str, format: str, as_: str, project: Project,
                 labels: LabelSet | None, keep: list[ReadItem] | None = None,
                 options: dict | None = None, prepare=None) -> tuple[str, int]:
    """(format name, number of records) of a file that can be imported as asked; ImportRejected otherwise.

    With `keep` (a list), the records read are appended to it, so that storing them does not read
    and check the file a second time. `options` go to the format's reader, which checks them first."""
    _check_size(path=path, name=name)
    errors: list[dict] = []
    more = 0
    count = 0

    def add(error: dict) -> None:
        nonlocal more
        if len(errors) < MAX_REPORTED_ERRORS:
            errors.append(error)
        else:
            more += 1

    try:
        with open(path, "rb") as stream:
            fmt, items = read_upload(fileobj=stream, filename=name, format_name=format, options=options)
            if as_ != "documents" and not fmt.carries.spans:
                raise ImportRejected([_error(name, None, "as", f"format {fmt.name!r} holds documents only; "
                                                               "import it with as=documents")])
            for item in items:
                count += 1
                if count > settings.MAX_DOCUMENTS_PER_FILE:
                    add(_error(item.file, item.line, None, f"more than {settings.MAX_DOCUMENTS_PER_FILE} "
                                                           "documents in one file (MAX_DOCUMENTS_PER_FILE); "
                                                           "split the file"))
                    break
                for error in _record_errors(item, fmt_name=fmt.name, as_=as_, project=project, labels=labels,
                                            prepare=prepare):
                    add(error)
                if keep is not None and not errors:
                    keep.append(item)
    except FormatError as error:
        add(_format_error(error))
    except FormatOptionError as error:  # an option the (detected) format does not take
        add(_error(name, None, error.field, error.message))
    except ValueError as error:  # an unknown or unreadable format chosen by name
        add(_error(name, None, "format", str(error)))
    if errors:
        raise ImportRejected(errors, more=more)
    if count == 0:
        raise ImportRejected([_error(name, None, None, "holds no documents")])
    return fmt.name, count


def _read_once(path: str, name: str) -> bool:
    """Whether the checking pass keeps the records it read (a small file that is not a zip)."""
    if Path(path).stat().st_size > READ_ONCE_BYTES:
        return False
    with open(path, "rb") as stream:
        return not is_zip(stream, name)


def _check_size(*, path: str, name: str) -> None:
    size = Path(path).stat().st_size
    if size > settings.MAX_UPLOAD_BYTES:
        raise ImportRejected([_error(name, None, None, f"the file is {size} bytes, over the limit of "
                                                       f"{settings.MAX_UPLOAD_BYTES} (MAX_UPLOAD_BYTES)")])
    with open(path, "rb") as stream:
        if not is_zip(stream, name):
            return
        try:
            with zipfile.ZipFile(stream) as archive:
                # Members that would reach outside the archive are refused by name, before anything is read.
                zip_members_check(archive, name)
                # Declared sizes bound what zipfile will inflate, so their sum guards against zip bombs.
                unpacked = sum(info.file_size for info in archive.infolist())
        except zipfile.BadZipFile as error:
            raise ImportRejected([_error(name, None, None, f"not a valid zip file ({error})")]) from None
        except FormatError as error:
            raise ImportRejected([_format_error(error)]) from None
    limit = settings.MAX_UPLOAD_UNCOMPRESSED_BYTES
    if unpacked > limit:
        raise ImportRejected([_error(name, None, None, f"the zip unpacks to {unpacked} bytes, over the limit of "
                                                       f"{limit} (MAX_UPLOAD_UNCOMPRESSED_BYTES)")])


def _record_errors(item: ReadItem, *, fmt_name: str, as_: str, project: Project,
                   labels: LabelSet | None, prepare=None) -> Iterator[dict]:
    """Every problem of one record that can be told without the database, or against the
    project's labels and rules (for predictions and gold)."""
    unit = FORMATS[fmt_name].line_unit

    def at(field_name: str | None, message: str) -> dict:
        return _error(item.file, item.line, field_name, message, unit)

    record = item.record
    for problem in document_check(record, fields=None):  # a file's record carries its annotations too
        yield at(problem["field"], problem["message"])
    text = record.get("text")
    if as_ == "documents" or not isinstance(text, str) or not text.strip():
        return
    if prepare is None:
        bodies = [ImportBody(kind="", spans=record.get("spans") or [], relations=record.get("relations") or [])]
    else:
        bodies = prepare(record=record)
    for body in bodies:
        yield from _body_errors(body, text=text, fmt_name=fmt_name, project=project, labels=labels, at=at)


def _body_errors(body: ImportBody, *, text: str, fmt_name: str, project: Project, labels: LabelSet,
                 at) -> Iterator[dict]:
    def name(field_name: str | None) -> str | None:
        named = FORMATS[fmt_name].field_name(field_name)
        return f"{body.where}.{named}" if body.where and named else named or body.where or None

    spans, relations = body.spans, body.relations
    too_many = annotation_size_check(spans=spans, relations=relations)
    if too_many:
        for problem in too_many:
            yield at(name(problem["field"]), problem["message"])
        return
    unstorable = [(key, value_unstorable(items)) for key, items in (("spans", spans), ("relations", relations))]
    if any(problem for _key, problem in unstorable):  # labels, ids, scores a database cannot store
        for key, problem in unstorable:
            if problem:
                yield at(name(f"{key}{problem[0]}"), problem[1])
        return
    problems = annotation_check(spans=spans, relations=relations, text=text, labels=labels.entity_ids,
                                relation_types=labels.relation_rules, allow_overlap=project.allow_overlap)
    for problem in problems:
        yield at(name(problem["field"]), problem["message"])


def _error(file: str, line: int | None, field_name: str | None, message: str, unit: str = "line") -> dict:
    entry = {"file": file, "line": line, "field": field_name, "message": message}
    if unit != "line":
        entry["unit"] = unit  # a DocBin counts documents, not lines (for the sentence; see entries())
    return entry


def _format_error(error: FormatError) -> dict:
    return _error(error.file, error.line, error.field, error.message, error.unit)
