"""Test settings: the production settings with test-only secrets and fast password hashing."""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-" + "0123456789" * 5)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# Uploaded files of a test run go to a temporary folder, shared with the worker it starts.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="wastewatch-test-media-"))

from wastewatch.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LANGUAGE_CODE = "en"
WHITENOISE_AUTOREFRESH = True
# Static files under their plain names: tests do not run collectstatic (production hashes them).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Generous API throttles: the locmem cache keeps counting across a whole test run; the
# throttle tests set their own low rates.
API_USER_THROTTLE_RATE = "100000/min"
API_ANON_THROTTLE_RATE = "100000/min"
