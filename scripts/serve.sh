#!/usr/bin/env bash
# The production stack on this machine, over plain HTTP on loopback (see docs/installation.md):
#   scripts/serve.sh               migrate, load the waste catalogue and the indicator catalogue,
#                                  collect static files, then run gunicorn, a Celery worker per
#                                  queue and Celery beat under honcho (Procfile) until Ctrl-C,
#                                  which stops every one of them.
#   scripts/serve.sh manage ARGS   a management command with the same settings, e.g.
#                                  `scripts/serve.sh manage createsuperuser`.
# PostgreSQL and Redis must answer (`make serve` starts them with scripts/services.sh). Every
# variable below may be set beforehand; the secret key is generated once into var/secret_key.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

: "${BIN:=$root/.venv/bin}"
export PATH="$BIN:$PATH"
: "${HOST:=127.0.0.1}" "${PORT:=8000}"
export WASTEWATCH_BIND="${WASTEWATCH_BIND:-$HOST:$PORT}"
export WASTEWATCH_VAR_DIR="${WASTEWATCH_VAR_DIR:-$root/var}"
export DATABASE_URL="${DATABASE_URL:-postgis://wastewatch:wastewatch@127.0.0.1:5432/${SERVE_DB_NAME:-wastewatch_serve}}"
export CELERY_BROKER_URL="${CELERY_BROKER_URL:-redis://127.0.0.1:6379/${SERVE_REDIS_DB:-1}}"
export CACHE_URL="${CACHE_URL:-$CELERY_BROKER_URL}"
export MEDIA_ROOT="${MEDIA_ROOT:-$WASTEWATCH_VAR_DIR/media}"

# Production settings, but local and HTTP-only: no TLS in front, so no HTTPS redirect, no
# secure-only cookies and no HSTS. Behind a TLS proxy, use the settings of the installation guide.
export DEBUG=0
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECURE_SSL_REDIRECT="${SECURE_SSL_REDIRECT:-0}"
export SESSION_COOKIE_SECURE="${SESSION_COOKIE_SECURE:-0}"
export CSRF_COOKIE_SECURE="${CSRF_COOKIE_SECURE:-0}"
export SECURE_HSTS_SECONDS="${SECURE_HSTS_SECONDS:-0}"
unset DJANGO_SETTINGS_MODULE  # manage.py, gunicorn and Celery default to wastewatch.settings

mkdir -p "$WASTEWATCH_VAR_DIR"
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ]; then
  export SECRET_KEY_FILE="$WASTEWATCH_VAR_DIR/secret_key"
  if [ ! -s "$SECRET_KEY_FILE" ]; then
    (umask 077 && python -c 'import secrets; print(secrets.token_urlsafe(64))' >"$SECRET_KEY_FILE")
    echo "Generated a secret key in $SECRET_KEY_FILE (keep it; it is not in git)."
  fi
fi

if [ "${1:-}" = "manage" ]; then
  shift
  exec python manage.py "$@"
fi

python manage.py migrate --noinput -v0
python manage.py load_reference_data
python manage.py load_indicator_catalogue
python manage.py collectstatic --noinput -v0
echo "Serving http://$WASTEWATCH_BIND/ (health: /healthz); Ctrl-C stops every process."
exec honcho start --procfile Procfile --app-root "$root" --port "$PORT"
