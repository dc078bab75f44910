"""The queries the full-text index is asked (annotator/selectors/document_search.py)."""
from annotator.selectors.document_search import _tsquery, fts_query, search_parts


def test_parts_or_none_for_a_substring_search():
    assert search_parts("  Nairobi   monday ") == ["Nairobi", "monday"]
    assert search_parts("北京") is None and search_parts("in 東京") is None and search_parts("ภาษาไทย") is None
    assert search_parts("😀") is None and search_parts("a --") is None and search_parts("") is None


def test_fts_query_quotes_every_part_and_names_the_project():
    assert fts_query(['say"hi', "o'neill"], project_id=12) == (
        'project : p12 AND {title text external_id} : ("say""hi"* AND "o\'neill"*)')


def test_tsquery_is_a_prefix_or_a_phrase_of_the_words_postgresql_finds():
    assert _tsquery("Nair") == ("to_tsquery('simple', %s)", "'nair':*")
    assert _tsquery("Bench-7-12") == ("phraseto_tsquery('simple', %s)", "Bench-7-12")
