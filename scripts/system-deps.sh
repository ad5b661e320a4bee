#!/usr/bin/env bash
# Install the Debian/Ubuntu packages the platform needs, only those missing (idempotent).
#   scripts/system-deps.sh run    GeoDjango libraries (GDAL, GEOS, PROJ), SpatiaLite, venv, gettext,
#                                 CJK fonts (Noto: pages, screenshots and PDFs draw Chinese),
#                                 Pango and HarfBuzz (WeasyPrint lays out the reports' PDFs)
#   scripts/system-deps.sh serve  the above plus PostgreSQL with PostGIS and Redis
#   scripts/system-deps.sh test   the above plus Chromium, and Poppler (pdftotext, pdftoppm and
#                                 pdffonts read the PDFs in the tests)
set -euo pipefail
profile="${1:-run}"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
updated=""

missing_of() {
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || echo "$package"
  done
}

install() {
  mapfile -t missing < <(missing_of "$@")
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    echo "Missing system packages: ${missing[*]}; no apt-get here, install them by hand." >&2
    exit 1
  fi
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$updated" ]; then $sudo apt-get update -qq; updated=1; fi
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install gdal-bin libgeos-c1v5 libsqlite3-mod-spatialite python3-venv gettext fonts-noto-cjk
install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0
if [ "$profile" = "serve" ] || [ "$profile" = "test" ]; then
  install postgresql redis-server
  pg_major=$(ls /usr/lib/postgresql | sort -n | tail -1)
  install "postgresql-${pg_major}-postgis-3"
fi
if [ "$profile" = "test" ]; then
  install chromium poppler-utils
fi
