"""WSGI entry point for production servers (gunicorn wastewatch.wsgi)."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wastewatch.settings")

application = get_wsgi_application()
# The URLconf imports every view and what it needs (pandas, scipy, the PDF renderer): about
# 1.5 s that Django would otherwise spend on each process's first request. A gunicorn worker
# loads this module before it accepts a connection, so a new or recycled worker answers its
# first request as fast as its hundredth. (The app is not preloaded in gunicorn's master: a
# reload, `kill -HUP`, must start workers on the release's code.)
import_module(settings.ROOT_URLCONF)
