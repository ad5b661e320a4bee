"""Every check that raises flags is named in words and explained, in both languages: no
internal code reaches the portal."""

from django.utils import translation

from detection.kinds import CHECK_INFO
from detection.services import CHECKS


def test_every_check_is_named_and_explained():
    assert set(CHECK_INFO) == set(CHECKS)


def test_the_names_are_translated():
    with translation.override("zh-hans"):
        for kind, info in CHECK_INFO.items():
            with translation.override("en"):
                english = (str(info.name), str(info.explanation))
            assert (str(info.name), str(info.explanation)) != english, kind
