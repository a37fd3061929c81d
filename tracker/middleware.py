def vietnamese_first(get_response):
    """Serve Vietnamese unless the user picked another language in the switcher.

    Many office machines run an English browser; the Accept-Language header
    would then switch the whole interface to English behind the user's back.
    Dropping it leaves LocaleMiddleware with the language cookie or LANGUAGE_CODE.
    """

    def middleware(request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return get_response(request)

    return middleware
