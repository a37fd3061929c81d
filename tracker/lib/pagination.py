"""Paging every list the same way, with ?per_page= kept within bounds."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest
from django_tables2 import RequestConfig, Table

MAX_PER_PAGE = 200


def paginate(request: HttpRequest, table: Table, *, per_page: int) -> None:
    """Sort and page `table` from the request, as django-tables2's RequestConfig
    does, except that a `per_page` outside 1–200 (or not a number) falls back to
    `per_page`: -1 broke the paginator and a huge value rendered every row."""
    RequestConfig(request, paginate=False).configure(table)
    try:
        asked = int(request.GET.get(table.prefixed_per_page_field, per_page))
    except ValueError:
        asked = per_page
    if not 1 <= asked <= MAX_PER_PAGE:
        asked = per_page
    try:
        table.paginate(page=request.GET.get(table.prefixed_page_field, 1), per_page=asked)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
