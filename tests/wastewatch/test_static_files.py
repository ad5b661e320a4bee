"""Production static files: collectstatic writes content-hashed, compressed copies (WhiteNoise
serves them with far-future caching); a vendored library's missing source map is tolerated,
any other missing reference is not."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k" * 20 + "8Yq3-pQz1_vTn0xLmWc7" + "r" * 20


def collectstatic(var_dir: Path, *extra_dirs: Path) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="wastewatch.settings",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="waste.example.cn",
        WASTEWATCH_VAR_DIR=str(var_dir),
    )
    code = "from django.core.management import execute_from_command_line as run; "
    if extra_dirs:
        more = [str(d) for d in extra_dirs]
        code += (
            "from django.conf import settings; "
            f"settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, *{more!r}]; "
        )
    code += "run(['manage.py', 'collectstatic', '--noinput', '-v0'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_it_collects_hashed_compressed_files_despite_vendored_source_maps(tmp_path):
    result = collectstatic(tmp_path)
    assert result.returncode == 0, result.stderr
    static = tmp_path / "static"
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/leaflet/leaflet.js"]
    assert hashed != "vendor/leaflet/leaflet.js"
    assert (static / hashed).exists()
    assert (static / f"{hashed}.gz").exists()
    # The reference to the map that is not shipped is left as it was.
    assert "sourceMappingURL=leaflet.js.map" in (static / hashed).read_text()


def test_it_still_refuses_a_stylesheet_naming_a_missing_file(tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "broken.css").write_text("body { background: url('missing.png'); }\n")
    result = collectstatic(tmp_path / "var", broken)
    assert result.returncode != 0
    assert "missing.png" in result.stderr
