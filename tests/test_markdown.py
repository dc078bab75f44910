"""Guidelines in Markdown become HTML with nothing that runs: hostile input from a manager's guidelines."""
from html.parser import HTMLParser

import pytest

from annotator.markdown import markdown_html

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](jav&#x61;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "<javascript:alert(1)>",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<div style="background:url(javascript:alert(1))" onclick="alert(1)">x</div>',
    "<iframe src=https://example.org></iframe>",
    "<svg><script>alert(1)</script></svg>",
    '<details open ontoggle="alert(1)">',
    "[a](https://ok.example \"t\" onmouseover=alert(1))",
    "<style>body{display:none}</style>",
    "<!-- <script>alert(1)</script> -->",
]


class _Elements(HTMLParser):
    """Every element and attribute as a browser would read them (escaped text is only text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _dangerous(html: str) -> list[str]:
    parser = _Elements()
    parser.feed(html)
    problems = []
    for tag, attrs in parser.found:
        if tag in ("script", "iframe", "style", "svg", "div", "details", "object", "embed"):
            problems.append(tag)
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                problems.append(f"{tag}[{name}]")
            if name in ("href", "src") and value and not value.startswith(("http://", "https://", "mailto:")):
                problems.append(f"{tag}[{name}={value}]")
    return problems


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_markdown_renders_to_html_that_runs_nothing(text):
    assert _dangerous(markdown_html(text)) == []


def test_markdown_is_rendered_and_safe_links_are_kept():
    html = markdown_html("# Entities\n\nTag **people** as `PERSON`; see [the spec](https://example.org/spec).\n\n"
                         "- one\n- two\n\n| label | key |\n|---|---|\n| ORG | o |")
    assert "<h1>Entities</h1>" in html
    assert "<strong>people</strong>" in html and "<code>PERSON</code>" in html
    assert '<a href="https://example.org/spec" rel="noopener noreferrer nofollow">the spec</a>' in html
    assert "<li>one</li>" in html and "<td>ORG</td>" in html
    assert "#" not in html and "**" not in html


def test_text_outside_ascii_is_kept_as_written():
    assert markdown_html("Zoë 😀 北京 Cafe\u0301\r\nnext") == "<p>Zoë 😀 北京 Cafe\u0301\nnext</p>\n"


def test_empty_guidelines_give_no_html():
    assert markdown_html("") == "" and markdown_html("  \n") == ""
