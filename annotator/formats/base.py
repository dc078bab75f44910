"""The small interface every format implements, and the pieces they share.

A format is a reader (binary file in -> plain records out) and a writer (plain records in ->
files opened on a sink). Records are the plain dicts described in `records.py`; nothing here
knows about Django, so the export and import services can stream database rows through a
writer, and tests can run the formats without a database.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO, Callable, Iterable, Iterator, Protocol, Union

from annotator.formats.hf_card import CARD_NAME, dataset_card

SPLITS = ("train", "dev", "test")
# Records without a split (an export made without split ratios) all go to one part.
UNSPLIT = "all"
# Files a bundle may contain that are not data: our own manifest, brat's configs, macOS litter.
NON_DATA_NAMES = {"manifest.json", "README.md", "annotation.conf", "visual.conf", "tools.conf", "kb_shortcuts.conf"}


class FormatError(ValueError):
    """Bad input, located: which file, which line (or document), which field, and why.

    str() reads like: "data.jsonl line 7, field 'spans[2].end': end 90 is past the end of the
    text (84 characters)". `unit` is "line" for text formats and "doc" for binary ones
    (a DocBin has documents, not lines).
    """

    def __init__(self, file: str, line: int | None, field: str | None, message: str, *, unit: str = "line"):
        super().__init__(message)
        self.file, self.line, self.field, self.message, self.unit = file, line, field, message, unit

    def __str__(self) -> str:
        where = self.file or "input"
        if self.line is not None:
            where += f" {self.unit} {self.line}"
        if self.field:
            where += f", field '{self.field}'"
        return f"{where}: {self.message}"

    def as_dict(self) -> dict:
        """The shape a Job's `errors` list and the API's 4xx bodies can carry as is."""
        return {"file": self.file, self.unit: self.line, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class ReadItem:
    """One record read from a file, with where it started so later (domain) errors can point there."""

    record: dict
    file: str
    line: int | None


class Sink(Protocol):
    """Where writers put files. Several paths may be open at once (train/dev/test stream together)."""

    def open(self, path: str) -> BinaryIO: ...


class Writer(Protocol):
    counts: "ExportCounts"

    def write(self, record: dict) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class FormatOption:
    """An option a format takes (`options.<name>` in the API and the job params), with its values.

    `applies` is "read", "write" or "both": an option that only changes how files are written is
    refused on an import, and the other way round. A reader or writer given no value uses `default`.
    """

    name: str
    choices: tuple[str, ...]
    default: str
    help: str
    applies: str = "both"

    def applies_to(self, purpose: str) -> bool:
        return self.applies in (purpose, "both")

    def value(self, options: dict | None) -> str:
        """This option's value in `options` (a reader's or writer's), or its default."""
        value = (options or {}).get(self.name, self.default)
        if value not in self.choices:
            raise FormatOptionError(f"options.{self.name}", f"must be one of {', '.join(self.choices)}, got {value!r}")
        return value


class FormatOptionError(ValueError):
    """An option a format does not take, or a value it does not know; `field` is `options.<name>`."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def options_check(options, *, purpose: str, offered: Iterable[FormatOption], subject: str) -> dict:
    """`options` checked against the options `offered` for `purpose` ("read" or "write"): a copy, or
    FormatOptionError naming the first bad `options.<name>`. A name must be an offered option that
    applies to the purpose, and its value one of that option's choices (of one of them, when several
    formats are offered). `subject` names the offerer in messages ("format 'jsonl'", "any format")."""
    if options is None:
        return {}
    if not isinstance(options, dict):
        raise FormatOptionError("options", "must be an object")
    what = "import" if purpose == "read" else "export"
    offered = [option for option in offered if option.applies_to(purpose)]
    for name, value in options.items():
        matching = [option for option in offered if option.name == name]
        if not matching:
            takes = ", ".join(sorted({option.name for option in offered})) or "none"
            raise FormatOptionError(f"options.{name}", f"not an {what} option of {subject} ({what} options: {takes})")
        choices = list(dict.fromkeys(choice for option in matching for choice in option.choices))
        if not isinstance(value, str) or value not in choices:
            raise FormatOptionError(f"options.{name}", f"must be one of {', '.join(choices)}, got {value!r}")
    return dict(options)


@dataclass(frozen=True)
class Carries:
    """What a format can hold, so the export UI can warn before information is dropped."""

    spans: bool
    relations: bool
    overlapping: bool
    exact_text: bool


# A member of a multi-file upload: its bytes, or a loader returning them (read when needed).
Content = Union[bytes, Callable[[], bytes]]
FileReader = Callable[[BinaryIO, str, dict], Iterator[ReadItem]]
MembersReader = Callable[[Iterable[tuple[str, Content]], dict], Iterator[ReadItem]]
WriterFactory = Callable[[dict, Sink, dict], Writer]


def same_field(field: str | None) -> str | None:
    return field


@dataclass(frozen=True)
class Format:
    """A registered format. `read_file` reads one file of the format; `read_members` (multi-file
    formats such as brat) reads a set of (name, bytes) pairs. Either way `reader()` also accepts
    a zip: members are read in name order, and the split is taken from a member's folder or name
    (`train/`, `dev.jsonl`) when the record does not carry one, so our own exports import back.
    """

    name: str
    title: str
    extensions: tuple[str, ...]
    carries: Carries
    read_file: FileReader | None = None
    read_members: MembersReader | None = None
    make_writer: WriterFactory | None = None
    # What the writer needs of a record's tokens: "none" (never looks at them, so an export does not
    # read them), "decoded" ([start, end] pairs) or "raw" (the stored JSON text, copied as it is).
    tokens: str = "decoded"
    # What a reader's error `line` counts: "line" of a text file, or "doc" (a DocBin is binary).
    line_unit: str = "line"
    # Our field name (spans[0].end) -> the name this format's users know (entities[0].end_offset).
    field_name: Callable[[str | None], str | None] = same_field
    # The options the reader and the writer take (doccano's `offsets`, brat's `newlines`).
    options: tuple[FormatOption, ...] = ()
    # Whether the writer also takes every model's prediction of a document (a record's `predictions`:
    # [{model, model_version, spans, relations}]), besides the exported annotation (Label Studio's tasks).
    predictions: bool = False

    @property
    def can_read(self) -> bool:
        return self.read_file is not None or self.read_members is not None

    @property
    def can_write(self) -> bool:
        return self.make_writer is not None

    def options_validate(self, options: dict | None, *, purpose: str) -> dict:
        """The options given for reading ("read") or writing ("write") this format, checked: a copy,
        or FormatOptionError naming `options.<name>` (an option this format does not take for that
        purpose, or a value it does not know). Defaults are not filled in: readers and writers
        apply them, and a reader may tell an explicit choice from none."""
        return options_check(options, purpose=purpose, offered=self.options, subject=f"format {self.name!r}")

    def writer(self, project_info: dict, sink: Sink, options: dict | None = None) -> Writer:
        if self.make_writer is None:
            raise ValueError(f"format '{self.name}' cannot be written")
        return self.make_writer(project_info, sink, dict(options or {}))

    def reader(self, fileobj: BinaryIO, filename: str, options: dict | None = None) -> Iterator[ReadItem]:
        options = dict(options or {})
        if is_zip(fileobj, filename):
            try:
                archive = zipfile.ZipFile(fileobj)
            except zipfile.BadZipFile as error:
                raise FormatError(filename, None, None, f"not a valid zip file ({error})") from None
            with archive:
                from annotator.formats.zip_members import zip_members_check

                zip_members_check(archive, filename)
                yield from self._read_archive(archive, filename, options)
        elif self.read_file is not None:
            yield from self.read_file(fileobj, filename, options)
        else:
            yield from self.read_members([(filename, fileobj.read())], options)

    def read_pairs(self, members: Iterable[tuple[str, Content]], options: dict | None = None) -> Iterator[ReadItem]:
        """Read several uploaded files at once: (name, bytes or a loader of bytes) pairs."""
        options = dict(options or {})
        if self.read_members is not None:
            yield from self.read_members(members, options)
            return
        for name, data in members:
            if self._is_data_member(name):
                yield from _with_split(self.read_file(io.BytesIO(load(data)), name, options), name)

    def _read_archive(self, archive: zipfile.ZipFile, filename: str, options: dict) -> Iterator[ReadItem]:
        names = sorted(n for n in archive.namelist() if self._is_data_member(n))
        if self.read_members is not None:
            # Multi-file formats pair members up by name; contents are loaded one document at a time.
            pairs = ((MemberPath(filename, n), partial(archive.read, n)) for n in names)
            yield from self.read_members(pairs, options)
            return
        for name in names:
            with archive.open(name) as member:
                yield from _with_split(self.read_file(member, MemberPath(filename, name), options), name)

    def _is_data_member(self, name: str) -> bool:
        base = posixpath.basename(name)
        if name.endswith("/") or base in NON_DATA_NAMES or base.startswith(".") or "__MACOSX/" in name:
            return False
        return self.read_members is not None or name.lower().endswith(self.extensions)


def load(content: Content) -> bytes:
    return content() if callable(content) else content


def is_zip(fileobj: BinaryIO, filename: str) -> bool:
    if filename.lower().endswith(".zip"):
        return True
    if not fileobj.seekable():
        return False
    position = fileobj.tell()
    magic = fileobj.read(4)
    fileobj.seek(position)
    return magic == b"PK\x03\x04"


class MemberPath(str):
    """A file inside an uploaded archive, as messages name it (`archive.zip:folder/name.txt`), that
    knows where the member's own path starts: either part may hold a ':' (`10:30 notes.txt`)."""

    archive: str
    member: str

    def __new__(cls, archive: str, member: str) -> "MemberPath":
        path = super().__new__(cls, f"{archive}:{member}")
        path.archive, path.member = archive, member
        return path

    def __getnewargs__(self) -> tuple[str, str]:  # copied or pickled (a job's errors, a worker's message)
        return self.archive, self.member


def member_of(path: str) -> str:
    """The path inside its archive of the file `path` names (a MemberPath), or `path` (a file uploaded alone)."""
    return getattr(path, "member", path)


def split_from_path(path: str) -> str | None:
    """`train/x.ann` or `dev.jsonl` -> the split, so re-imported exports keep their splits."""
    parts = member_of(path).split("/")
    for part in parts[:-1] + [parts[-1].split(".")[0]]:
        if part in SPLITS:
            return part
    return None


def _with_split(items: Iterator[ReadItem], member_name: str) -> Iterator[ReadItem]:
    split = split_from_path(member_name)
    for item in items:
        if split and not item.record.get("split"):
            item.record["split"] = split
        yield item


class ExportCounts:
    """Counts per split of documents, spans per label and relations per label, taken as records
    pass through a writer, so the manifest never needs a second pass over the data."""

    def __init__(self) -> None:
        self.documents: Counter = Counter()
        self.spans: dict[str, Counter] = defaultdict(Counter)
        self.relations: dict[str, Counter] = defaultdict(Counter)
        self.dropped: Counter = Counter()

    def add(self, split: str, record: dict) -> None:
        self.documents[split] += 1
        if spans := record.get("spans"):
            self.spans[split].update([span["label"] for span in spans])
        if relations := record.get("relations"):
            self.relations[split].update([rel["label"] for rel in relations])

    def add_dropped(self, split: str, how_many: int) -> None:
        """Spans a format could not carry (CoNLL drops overlapping ones): reported, never silent."""
        if how_many:
            self.dropped[split] += how_many

    def as_dict(self) -> dict:
        result = {}
        for split in sorted(self.documents, key=_split_order):
            result[split] = {
                "documents": self.documents[split],
                "spans": dict(sorted(self.spans[split].items())),
                "relations": dict(sorted(self.relations[split].items())),
            }
            if self.dropped[split]:
                result[split]["spans_not_exported"] = self.dropped[split]
        return result


def _split_order(split: str) -> tuple:
    return (SPLITS.index(split) if split in SPLITS else len(SPLITS), split)


class SplitStreamWriter:
    """Base of the line-oriented writers: one stream per split (`train.jsonl`, ...) opened lazily
    on the sink and all kept open, because records arrive in database order, not split order."""

    extension = ".jsonl"

    def __init__(self, project_info: dict, sink: Sink, options: dict | None = None):
        self.project_info = project_info
        self.sink = sink
        self.options = dict(options or {})
        self.counts = ExportCounts()
        self._streams: dict[str, BinaryIO] = {}

    def write(self, record: dict) -> None:
        split = record.get("split") or UNSPLIT
        self.counts.add(split, record)
        self.write_record(self.stream(split), record, split)

    def stream(self, split: str) -> BinaryIO:
        if split not in self._streams:
            self._streams[split] = self.sink.open(f"{split}{self.extension}")
        return self._streams[split]

    def write_record(self, stream: BinaryIO, record: dict, split: str) -> None:
        raise NotImplementedError

    # The fields of a written line for a Hugging Face dataset card (hf_card.py); None: no card.
    card_schema: dict | None = None
    card_about = ""

    def close(self) -> None:
        for stream in self._streams.values():
            stream.close()
        if self.card_schema is not None and self._streams:
            # Hugging Face reserves the split name "all": an unsplit export is its one "train" split.
            files = {("train" if split == UNSPLIT else split): f"{split}{self.extension}"
                     for split in sorted(self._streams, key=_split_order)}
            card = dataset_card(title=f"{self.project_info.get('name') or 'Export'}", files=files,
                                schema=self.card_schema, about=self.card_about)
            with self.sink.open(CARD_NAME) as stream:
                stream.write(card.encode("utf-8"))
        self._streams.clear()
