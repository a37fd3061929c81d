"""Keep calendar feed secrets out of the logs.

Attached (tracker/settings.py LOGGING) to the loggers that write request
paths: runserver's access log (django.server) and the 404/500 warnings
(django.request). A front server's own access log (nginx, gunicorn's
--access-logfile) is outside Django and must be configured likewise.
"""

import logging
import re

FEED_PATH = re.compile(r"(/lich/)[^/\s\"?]+")


class MaskFeedTokens(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = FEED_PATH.sub(r"\1***", message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
