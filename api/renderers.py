"""JSON responses, with stored JSON copied in as it is.

A document's tokens are stored as JSON text (`[[0, 5], [6, 11], ...]`, a pair per token): an
answer that carries them gets that text as a RawJson value and writes it as it is, instead of
decoding it into hundreds of lists and encoding them again (most of the time of GET
documents/{id}/ went there). Looked for at the top level of the answer and in the items of a
page's `results`.
"""
import re

from rest_framework import renderers

from annotator.formats.records import RawJson

# What a raw value is swapped for before encoding: a string no stored value holds (NUL, which the
# API refuses in input and PostgreSQL cannot store), as the encoder writes it.
_MARKER = "\x00raw-{}\x00"
_ENCODED_MARKER = re.compile(r'"\\u0000raw-(\d+)\\u0000"')


class JSONRenderer(renderers.JSONRenderer):
    def render(self, data, accepted_media_type=None, renderer_context=None):
        if not _has_raw(data):
            return super().render(data, accepted_media_type, renderer_context)
        raw: list[str] = []

        def swap(item: dict) -> dict:
            swapped = {}
            for key, value in item.items():
                if isinstance(value, RawJson):
                    raw.append(value)
                    value = _MARKER.format(len(raw) - 1)
                swapped[key] = value
            return swapped

        data = swap(data)
        if isinstance(data.get("results"), list):
            data["results"] = [swap(item) if isinstance(item, dict) else item for item in data["results"]]
        text = super().render(data, accepted_media_type, renderer_context).decode("utf-8")
        return _ENCODED_MARKER.sub(lambda found: raw[int(found.group(1))], text).encode("utf-8")


def _has_raw(data) -> bool:
    if not isinstance(data, dict):
        return False
    if any(isinstance(v, RawJson) for v in data.values()):
        return True
    results = data.get("results")
    return isinstance(results, list) and any(
        isinstance(item, dict) and any(isinstance(v, RawJson) for v in item.values()) for item in results)


class BrowsableAPIRenderer(renderers.BrowsableAPIRenderer):
    """DRF's HTML pages, kept to the Content-Security-Policy (no inline style): without the inline
    <style> of its code colours, and without the two widgets its template places with style
    attributes (the extra-actions menu and the filters button; the URLs and query parameters are
    in /api/v1/docs/)."""

    def get_context(self, data, accepted_media_type, renderer_context):
        context = super().get_context(data, accepted_media_type, renderer_context)
        context.update(code_style=None, extra_actions=None, filter_form=None)
        return context


RENDERERS = [JSONRenderer, BrowsableAPIRenderer]
