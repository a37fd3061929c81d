"""HTTP shapes shared by the apps' views."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def post_only(fallback: Callable[..., str]) -> Callable:
    """A view that acts only on POST. A GET on its address — left in the
    address bar after a refused form, reloaded, revisited by the language
    switch or Back — goes to the page the action belongs to,
    `fallback(**url_kwargs)`, instead of a blank 405."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method != "POST":
                return redirect(fallback(**kwargs))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
