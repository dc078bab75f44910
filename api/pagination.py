"""List pages answer {"results": [...], "next": url-or-null, "count": n} (the contract)."""
from collections.abc import Callable
from types import MethodType
from typing import TypeVar

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination

T = TypeVar("T")


class CountingPaginator(Paginator):
    """A paginator that counts only when it must: a first page of a queryset that holds every row
    (the annotations of a document, a short list) is read with one query, its length being the count.
    A longer first page keeps the rows read and counts (a COUNT query, or `counted`'s count); other
    pages as Django's: a COUNT query (or `len()` of what is not a queryset), then the page."""

    def page(self, number):
        if isinstance(self.object_list, QuerySet) and str(number) in ("1", "1.0") and "count" not in self.__dict__:
            rows = list(self.object_list[:self.per_page + 1])
            if len(rows) <= self.per_page:
                self.__dict__["count"] = len(rows)  # Paginator.count is a cached_property
                if not rows and not self.allow_empty_first_page:
                    return super().page(number)
                return Page(rows, 1, self)
            self.validate_number(number)  # counts (see `counted`); the first page's rows are read already
            return Page(rows[:self.per_page], 1, self)
        return super().page(number)


def counted(queryset: T, count: Callable[[], int]) -> T:
    """`queryset` (or another list with a `count()`), its count (if a page needs it) given by `count`
    instead of a COUNT query: for a list whose count an index or a kept counter gives faster (a search
    counted in the full-text index alone, the documents per status). Only the object handed to the
    paginator carries it: a clone (a slice, a filter) counts again."""
    # Paginator.count calls `object_list.count()` when it is a method taking no argument (else len()).
    queryset.count = MethodType(lambda _queryset: count(), queryset)
    return queryset


class Pagination(PageNumberPagination):
    django_paginator_class = CountingPaginator
    page_size_query_param = "page_size"
    max_page_size = 1000
