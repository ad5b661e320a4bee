"""WSGI entry point for production servers (gunicorn wastewatch.wsgi)."""

import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wastewatch.settings")

application = get_wsgi_application()
# The URLconf imports every view and what it needs (pandas, scipy, the PDF renderer): about
# 1.5 s that Django would otherwise spend on each process's first request. Under gunicorn's
# preload_app the workers fork from this process with all of it already imported.
import_module(settings.ROOT_URLCONF)
