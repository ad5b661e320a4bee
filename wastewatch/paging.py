"""Pages of the portal's lists: a page of rows and the list's other parameters for the page
links of templates/_pages.html."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def list_page(request: HttpRequest, rows, per_page: int) -> tuple[Page, str]:
    """The page asked for (?page=, the last one past the end) and the query without "page"."""
    page = Paginator(rows, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
