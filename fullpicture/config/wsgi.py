"""The WSGI application (`runserver` and any WSGI server load it from here)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fullpicture.config.settings")
application = get_wsgi_application()

from fullpicture.config.startup import startup_heap_freeze  # noqa: E402 - needs Django set up

startup_heap_freeze()
