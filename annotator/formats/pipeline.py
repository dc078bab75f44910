"""The two entry points the Django services call: records in -> zip out, file in -> records out.

Export streams: records come from a selector's iterator (e.g. `.iterator(chunk_size=...)`),
each is written as it arrives, and the files are spooled on disk, so memory stays flat. To
report progress or honour cancellation, wrap the iterator: raising from it aborts the export
and removes every partial file.
"""
from __future__ import annotations

import os
from typing import BinaryIO, Iterable, Iterator

from annotator.formats.base import Format, ReadItem
from annotator.formats.catalog import detect_format, get_format
from annotator.formats.splits import split_for_valid, validate_ratios
from annotator.formats.zip_sink import ZipResult, ZipSink

# Keys the pipeline owns in manifest.json; the caller's extras cannot overwrite them.
OWN_MANIFEST_KEYS = ("format", "counts", "split", "files")


def records_zip_write(
    *,
    format_name: str,
    records: Iterable[dict],
    project_info: dict,
    zip_path: str | os.PathLike,
    split_ratios: dict | None = None,
    seed: int = 0,
    options: dict | None = None,
    manifest_extra: dict | None = None,
    compress_threads: int = 1,
) -> tuple[ZipResult, dict]:
    """Write `records` in `format_name` into a zip at `zip_path`; return (ZipResult, manifest).

    With `split_ratios` (e.g. splits.DEFAULT_RATIOS), each record's split is computed from its
    `id` and `seed` (stable as documents are added); without, a record keeps its own `split`,
    and records without one go to the part "all". `manifest_extra` adds project, created_at,
    options, tool_version... `compress_threads`: threads deflating the files (zip_sink.py).
    Raises ValueError (SplitRatioError, FormatError) on bad input.
    """
    fmt = get_format(format_name)
    if not fmt.can_write:
        raise ValueError(f"format {format_name!r} can be imported but not exported")
    ratios = validate_ratios(split_ratios) if split_ratios is not None else None
    options = fmt.options_validate(options, purpose="write")
    with ZipSink(zip_path, threads=compress_threads) as sink:
        writer = fmt.writer(project_info, sink, options)
        for record in records:
            if ratios is not None:
                if record.get("id") is None:
                    raise ValueError("records need an `id` to be assigned a split")
                record = {**record, "split": split_for_valid(record["id"], seed, ratios)}
            writer.write(record)
        writer.close()
        extra = {key: value for key, value in (manifest_extra or {}).items() if key not in OWN_MANIFEST_KEYS}
        manifest = {
            "format": fmt.name,
            **extra,
            "split": {"ratios": ratios, "seed": seed} if ratios is not None else None,
            "counts": writer.counts.as_dict(),
        }
        result = sink.finish(manifest)
        return result, sink.manifest


def read_upload(
    *, fileobj: BinaryIO, filename: str, format_name: str = "auto", options: dict | None = None
) -> tuple[Format, Iterator[ReadItem]]:
    """The format (detected when "auto") and a lazy iterator of ReadItems.

    Iterating raises FormatError(file, line, field, message) at the first bad record;
    records already yielded were valid. The caller decides whether to store them in batches
    or only when the whole file has been read. `options` are checked by the format first
    (FormatOptionError naming `options.<name>` when it does not take one).
    """
    name = detect_format(filename, fileobj) if format_name == "auto" else format_name
    fmt = get_format(name)
    if not fmt.can_read:
        raise ValueError(f"format {name!r} cannot be imported")
    return fmt, fmt.reader(fileobj, filename, fmt.options_validate(options, purpose="read"))
