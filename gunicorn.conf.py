"""Gunicorn's configuration (`gunicorn --config gunicorn.conf.py wastewatch.wsgi`), from the
environment like the settings. Its own logs (errors, access) use the platform's format, and
each access line carries the request's X-Request-ID."""

import os

from wastewatch.logs import logging_config

bind = [os.environ.get("WASTEWATCH_BIND", "127.0.0.1:8000")]
# 3 sync workers on 2 cores: the portal's pages at city scale under 20 clients had their p95
# under 115 ms; 5 were no better (docs/benchmarks.md). Raise it with the cores.
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# Ledger uploads are stored and queued, not processed, in the request: 60 s is plenty.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
max_requests = 2000  # recycle workers now and then (memory)
max_requests_jitter = 200
# The reverse proxy's address, whose X-Forwarded-* headers gunicorn believes.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# The control socket (gunicornc) beside the platform's other local files, one per installation.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or os.path.join(
    os.environ.get("WASTEWATCH_VAR_DIR", "var"), "gunicorn.ctl"
)
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
logconfig_dict = logging_config(
    os.environ.get("LOG_FORMAT", "text"),
    os.environ.get("LOG_LEVEL", "INFO"),
    loggers={
        "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
)
