"""spaCy's binary training format: `train.spacy`, `dev.spacy`, `test.spacy` (DocBin).

Each record becomes a Doc whose text is the record's text exactly: words are the record's
tokens, cut further wherever a span starts or ends inside a token (so every span aligns
without "expand"/"contract" guessing), with spaCy's whitespace convention (see tokens.py).
- `doc.spans["sc"]`: every span (what spancat trains on; overlaps allowed);
- `doc.ents`: a maximal non-overlapping subset, longest first (what ner trains on);
- `doc.user_data`: id, external_id, title, meta, split, annotators, reviewer, reviewed_at, and
  `relations` as [{head: [start, end], child: [start, end], label, head_label, child_label}]
  (the labels disambiguate two spans sharing offsets).

Layout: one DocBin file per split, as the contract names them, so both `spacy train
--paths.train train.spacy` and `DocBin().from_disk("train.spacy")` work (we preferred this to a
folder of DocBin parts, which `spacy train` also reads but other scripts do not). spaCy's own
DocBin.to_bytes() holds every document's arrays and then copies them several times (about 135
bytes a token at its peak: 10,000 articles would need ~700 MB), so we keep memory flat instead:
each document goes through a one-document DocBin (spaCy's own add(), so the content is exactly
spaCy's), its arrays and blobs are spooled to temporary files, and close() streams the same
msgpack + zlib layout DocBin.to_bytes() produces (byte for byte; a test checks it). Only the
string table (bounded by the vocabulary) and 4 bytes a document stay in memory.
spaCy is imported lazily: the catalog stays cheap to import.
"""
from __future__ import annotations

import tempfile
import zlib
from array import array
from typing import BinaryIO, Iterator

from annotator.formats.base import UNSPLIT, Carries, ExportCounts, FormatError, Format, ReadItem, Sink
from annotator.formats.records import new_record, plain, validate_record
from annotator.formats.tokens import non_overlapping, pieces_for_record

DOCBIN_ATTRS = ["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"]
SPAN_KEY = "sc"
COPY_CHUNK = 64 * 1024
USER_DATA_KEYS = ("id", "external_id", "title", "meta", "split", "annotators", "reviewer", "reviewed_at")


def record_to_doc(record: dict, vocab):
    from spacy.tokens import Doc

    text = record["text"]
    spans = list(record.get("spans") or ())
    cut = pieces_for_record(record, spans)
    doc = Doc(vocab, words=[text[p.start:p.end] for p in cut], spaces=[p.space_after for p in cut])
    if doc.text != text:  # an invariant of pieces_for_record; checked even under python -O
        raise ValueError("token pieces must rebuild the text exactly")

    def char_span(span: dict):
        return doc.char_span(span["start"], span["end"], label=span["label"], alignment_mode="strict")

    doc.spans[SPAN_KEY] = [char_span(span) for span in spans]
    doc.ents = [char_span(span) for span in non_overlapping(spans)]
    by_id = {span["id"]: span for span in spans}
    doc.user_data["relations"] = [
        {
            "head": [by_id[rel["head"]]["start"], by_id[rel["head"]]["end"]],
            "child": [by_id[rel["child"]]["start"], by_id[rel["child"]]["end"]],
            "label": rel["label"],
            "head_label": by_id[rel["head"]]["label"],
            "child_label": by_id[rel["child"]]["label"],
        }
        for rel in record.get("relations") or ()
    ]
    for key in USER_DATA_KEYS:
        doc.user_data[key] = record.get(key)
    return doc


class _SpooledDocBin:
    """One split's DocBin, kept on disk until close() (see the module docstring)."""

    BLOB_FIELDS = ("cats", "flags", "span_groups", "user_data")

    def __init__(self):
        from spacy.tokens import DocBin

        self.attrs = DocBin(attrs=DOCBIN_ATTRS).attrs
        self.tokens = tempfile.TemporaryFile()
        self.spaces = tempfile.TemporaryFile()
        self.blobs = {field: tempfile.TemporaryFile() for field in self.BLOB_FIELDS}
        self.lengths = array("i")  # int32, as DocBin writes them
        self.strings: set[str] = set()
        self.packer = None

    def add(self, doc) -> None:
        from spacy.tokens import DocBin
        from srsly.msgpack import Packer

        single = DocBin(attrs=DOCBIN_ATTRS, store_user_data=True, docs=[doc])
        self.packer = self.packer or Packer(use_bin_type=True)
        self.tokens.write(single.tokens[0].tobytes("C"))
        self.spaces.write(single.spaces[0].tobytes("C"))
        self.lengths.append(len(single.tokens[0]))
        self.strings.update(single.strings)
        for field in self.BLOB_FIELDS:
            self.blobs[field].write(self.packer.pack(getattr(single, field)[0]))

    def write_to(self, stream: BinaryIO) -> None:
        """Stream zlib(msgpack({version, attrs, tokens, spaces, lengths, strings, cats, flags,
        span_groups, user_data})): DocBin.to_bytes()'s layout, in its key order."""
        from srsly.msgpack import Packer

        packer = Packer(use_bin_type=True)
        compressor = zlib.compressobj()

        def emit(data: bytes) -> None:
            stream.write(compressor.compress(data))

        def emit_file(spool) -> None:
            spool.seek(0)
            while chunk := spool.read(COPY_CHUNK):
                emit(chunk)

        emit(packer.pack_map_header(10))
        emit(packer.pack("version") + packer.pack("0.1") + packer.pack("attrs") + packer.pack(self.attrs))
        for key, spool in (("tokens", self.tokens), ("spaces", self.spaces)):
            emit(packer.pack(key) + _bin_header(spool.tell()))
            emit_file(spool)
        emit(packer.pack("lengths") + packer.pack(self.lengths.tobytes()))
        emit(packer.pack("strings") + packer.pack(sorted(self.strings)))
        for field in self.BLOB_FIELDS:
            emit(packer.pack(field) + packer.pack_array_header(len(self.lengths)))
            emit_file(self.blobs[field])
        stream.write(compressor.flush())

    def close(self) -> None:
        for spool in (self.tokens, self.spaces, *self.blobs.values()):
            spool.close()


def _bin_header(size: int) -> bytes:
    """msgpack's header of a byte string of `size` bytes, in its shortest form as Packer does."""
    if size < 2**8:
        return b"\xc4" + size.to_bytes(1, "big")
    if size < 2**16:
        return b"\xc5" + size.to_bytes(2, "big")
    return b"\xc6" + size.to_bytes(4, "big")


class SpacyWriter:
    def __init__(self, project_info: dict, sink: Sink, options: dict | None = None):
        from spacy.vocab import Vocab

        self.sink = sink
        self.counts = ExportCounts()
        self.vocab = Vocab()
        self._bins: dict[str, _SpooledDocBin] = {}

    def write(self, record: dict) -> None:
        split = record.get("split") or UNSPLIT
        self.counts.add(split, record)
        if split not in self._bins:
            self._bins[split] = _SpooledDocBin()
        self._bins[split].add(record_to_doc(record, self.vocab))

    def close(self) -> None:
        for split, docbin in self._bins.items():
            with self.sink.open(f"{split}.spacy") as stream:
                docbin.write_to(stream)
            docbin.close()
        self._bins.clear()


def doc_to_record(doc, file: str, number: int) -> dict:
    if SPAN_KEY in doc.spans:
        found = list(doc.spans[SPAN_KEY])
    else:  # DocBins made by other tools often only have ents
        found = list(doc.ents)
    spans = [
        {"id": index, "start": span.start_char, "end": span.end_char, "label": span.label_}
        for index, span in enumerate(found)
    ]
    by_offsets = {}
    for span in spans:
        by_offsets.setdefault((span["start"], span["end"], span["label"]), span["id"])
        by_offsets.setdefault((span["start"], span["end"], None), span["id"])
    data = {key: plain(value) for key, value in doc.user_data.items() if isinstance(key, str)}
    relations = []
    for index, rel in enumerate(data.get("relations") or ()):
        ends = {}
        for end in ("head", "child"):
            offsets = rel.get(end) if isinstance(rel, dict) else None
            if not isinstance(offsets, list) or len(offsets) != 2:
                raise FormatError(file, number, f"user_data.relations[{index}].{end}",
                                  f"must be [start, end], got {offsets!r}", unit="doc")
            key = (offsets[0], offsets[1], rel.get(f"{end}_label"))
            if key not in by_offsets:
                raise FormatError(file, number, f"user_data.relations[{index}].{end}",
                                  f"no span at {offsets[0]}-{offsets[1]} in doc.spans['{SPAN_KEY}']", unit="doc")
            ends[end] = by_offsets[key]
        relations.append({"head": ends["head"], "child": ends["child"], "label": rel.get("label")})
    fields = {key: data[key] for key in USER_DATA_KEYS if data.get(key) is not None and key != "id"}
    tokens = [[t.idx, t.idx + len(t)] for t in doc if not t.is_space]
    return new_record(doc.text, **fields, tokens=tokens, spans=spans, relations=relations)


def read_docbin(fileobj: BinaryIO, filename: str, options: dict) -> Iterator[ReadItem]:
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    try:
        docbin = DocBin().from_bytes(fileobj.read())  # a DocBin can only be read whole
    except Exception as error:  # zlib/msgpack errors have no common base class
        raise FormatError(filename, None, None, f"not a spaCy DocBin file ({error})") from None
    for number, doc in enumerate(docbin.get_docs(Vocab()), start=1):
        record = validate_record(doc_to_record(doc, filename, number), file=filename, line=number, unit="doc")
        yield ReadItem(record, filename, number)


FORMAT = Format(
    name="spacy",
    title="spaCy DocBin",
    extensions=(".spacy",),
    carries=Carries(spans=True, relations=True, overlapping=True, exact_text=True),
    read_file=read_docbin,
    make_writer=SpacyWriter,
    line_unit="doc",
)
