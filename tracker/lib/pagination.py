"""Paging every list the same way, with ?per_page= kept within bounds."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import HttpRequest
from django_tables2 import LazyPaginator, RequestConfig, Table

MAX_PER_PAGE = 200
# A lazy pager shows the next page, not the whole range: reading further ahead costs rows.
LOOK_AHEAD = 1


def paginate(request: HttpRequest, table: Table, *, per_page: int, lazy: bool = False) -> None:
    """Sort and page `table` from the request, as django-tables2's RequestConfig
    does, except that a `per_page` outside 1–200 (or not a number) falls back to
    `per_page`: -1 broke the paginator and a huge value rendered every row.

    `lazy` pages without counting the rows (the next few pages are known, the
    last is not): counting a province's tasks cost more than reading a page of
    them, and grows with them."""
    RequestConfig(request, paginate=False).configure(table)
    try:
        asked = int(request.GET.get(table.prefixed_per_page_field, per_page))
    except ValueError:
        asked = per_page
    if not 1 <= asked <= MAX_PER_PAGE:
        asked = per_page
    options = {"paginator_class": LazyPaginator, "look_ahead": LOOK_AHEAD} if lazy else {}
    try:
        table.paginate(
            page=request.GET.get(table.prefixed_page_field, 1), per_page=asked, **options
        )
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        # A lazy pager does not know the last page: it starts again at the first.
        table.page = table.paginator.page(1 if lazy else table.paginator.num_pages)
