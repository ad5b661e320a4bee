"""Static files for production: content-hashed names (cached for a year) compressed by
WhiteNoise, tolerant of one thing only: source maps that vendored libraries name but do not
ship (Leaflet's and OpenLayers' `//# sourceMappingURL=…`). Any other reference to a missing
file still stops `collectstatic`."""

import re
from collections.abc import Callable

from whitenoise.storage import CompressedManifestStaticFilesStorage

_SOURCE_MAP = re.compile(r"\.map(\?.*)?$")


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def url_converter(
        self, name: str, hashed_files: dict, template: str | None = None
    ) -> Callable[[re.Match], str]:
        convert = super().url_converter(name, hashed_files, template)

        def convert_unless_missing_source_map(matchobj: re.Match) -> str:
            try:
                return convert(matchobj)
            except ValueError:
                if _SOURCE_MAP.search(matchobj.group("url")):
                    return matchobj.group("matched")  # left as it was: browsers ask, get 404
                raise

        return convert_unless_missing_source_map
