"""Small read-only tables of a project's figures for the Django admin's Project change page.

Built with format_html / format_html_join only, so every name (labels, usernames, model
names) is escaped. The figures are annotator.selectors.stats.project_stats.
"""
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from annotator.models import DocumentStatus

# Styled by annotator/static/annotator/admin.css (the CSP allows no style attributes).
TABLE = '<table class="figures">{}{}</table>'
CELL = '<td>{}</td>'


def _table(headers: list[str], rows: list[list]) -> SafeString:
    head = format_html("<thead><tr>{}</tr></thead>", format_html_join(
        "", '<th>{}</th>', ((h,) for h in headers)))
    body = format_html("<tbody>{}</tbody>", format_html_join(
        "", "<tr>{}</tr>", ((format_html_join("", CELL, ((cell,) for cell in row)),) for row in rows)))
    return format_html(TABLE, head, body)


def _score(value: float) -> str:
    return f"{value:.2f}"


def progress_table(stats: dict) -> SafeString:
    progress = stats["progress"]
    total = progress["total"]
    labels = dict(DocumentStatus.choices)
    rows = [[labels.get(status, status), count, f"{count / total:.0%}" if total else "–"]
            for status, count in progress["by_status"].items()]
    rows.append([format_html("<strong>{}</strong>", "Total"), total, ""])
    return _table(["Status", "Documents", "Share"], rows)


def quality_table(stats: dict) -> SafeString:
    models = stats["prelabel_quality"]
    if not models:
        return format_html("<p>{}</p>", "Nothing to score yet: quality is measured on documents that have both a "
                                        "prediction and gold.")
    rows = [[key, figures["documents"], _score(figures["exact"]["micro"]["p"]), _score(figures["exact"]["micro"]["r"]),
             _score(figures["exact"]["micro"]["f1"]), _score(figures["relaxed"]["micro"]["f1"]),
             _score(figures["relations"]["f1"])]
            for key, figures in models.items()]
    return _table(["Model@version", "Gold documents", "P", "R", "F1", "Relaxed F1", "Relation F1"], rows)


def agreement_table(stats: dict) -> SafeString:
    agreement = stats["agreement"]
    rows = [[f"{pair['a']} · {pair['b']}", pair["documents"], _score(pair["span_f1"]), _score(pair["relation_f1"]),
             _score(pair["kappa"])] for pair in agreement["pairs"]]
    rows += [[f"{row['annotator']} · gold", row["documents"], _score(row["span_f1"]), _score(row["relation_f1"]),
              _score(row["kappa"])] for row in agreement["vs_gold"]]
    if not rows:
        return format_html("<p>{}</p>", "No agreement yet: it needs two annotators on the same document, or gold.")
    return _table(["Pair", "Documents", "Span F1", "Relation F1", "Cohen's kappa"], rows)
