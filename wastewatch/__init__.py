"""WasteWatch: supervision of industrial solid waste for a zero-waste city."""

from .celery import app as celery_app

__all__ = ("celery_app",)
