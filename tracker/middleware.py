import time


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


# How stale the idle clock may get before a request renews it: renewing on
# every request would write the session row on every page.
SESSION_RENEW_SECONDS = 60
SESSION_SEEN_KEY = "seen"


def start_idle_clock(session) -> None:
    """At sign-in: the session's idle time counts from now."""
    session[SESSION_SEEN_KEY] = int(time.time())


def idle_session_expiry(get_response):
    """A signed-in session lives SESSION_COOKIE_AGE (SESSION_IDLE_HOURS) past
    its last request: saving the session renews its expiry, so a request
    renews it when the last renewal is over a minute old."""

    def middleware(request):
        session = request.session
        if "_auth_user_id" in session:
            seen = session.get(SESSION_SEEN_KEY, 0)
            if time.time() - seen >= SESSION_RENEW_SECONDS:
                start_idle_clock(session)
        return get_response(request)

    return middleware
