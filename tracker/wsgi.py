import os
import sys

from django.core.wsgi import get_wsgi_application

# gunicorn boots a new worker whenever one exits, forever, unless the exit
# code is 3 (its "worker failed to boot"), on which the whole server stops.
# A bad environment variable (tracker.env) is such a failure: keep its one
# line, exit with 3. manage.py keeps the plain exit code 1.
WORKER_BOOT_ERROR = 3

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
try:
    application = get_wsgi_application()
except SystemExit as error:
    if isinstance(error.code, str):
        print(error.code, file=sys.stderr)
    raise SystemExit(WORKER_BOOT_ERROR) from error
