"""Project guidelines: Markdown rendered to HTML by markdown-it-py, then cleaned by nh3 with an allow-list.

Guidelines are written by managers but read by everyone, so the HTML is treated as hostile: raw HTML
in the Markdown is not passed through (it shows as text), and whatever the renderer writes is cleaned
again by nh3 (Ammonia), which keeps only the tags and attributes below and links to http(s) and mailto
(no <script>, no on*= attributes, no javascript: or data: URLs, no style).
"""
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
    "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"},
                      "th": {"align"}, "td": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])


def markdown_html(text: str) -> str:
    """Safe HTML for `text` (Markdown); "" for empty text."""
    if not text or not text.strip():
        return ""
    rendered = _renderer().render(text)
    return nh3.clean(rendered, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=ALLOWED_URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow", strip_comments=True)
