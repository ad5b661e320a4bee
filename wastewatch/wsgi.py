"""WSGI entry point for production servers (gunicorn wastewatch.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wastewatch.settings")

application = get_wsgi_application()
