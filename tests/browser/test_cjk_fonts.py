"""Chinese text is drawn with a CJK font (the Noto CJK fonts the setup installs), not as empty
boxes: what Chromium reports having used for the glyphs of a Chinese heading."""

import re

import pytest

pytestmark = pytest.mark.browser

HAN = re.compile(r"[\u4e00-\u9fff]")


def fonts_used_for(page, selector: str) -> list[dict]:
    """Chromium's own account (DevTools CSS.getPlatformFontsForNode) of the fonts that drew
    the text of the first element matching selector, with how many glyphs each drew."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    element = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    described = cdp.send("DOM.describeNode", {"nodeId": element, "depth": 1})["node"]
    text_node = cdp.send(
        "DOM.pushNodesByBackendIdsToFrontend",
        {"backendNodeIds": [c["backendNodeId"] for c in described["children"]]},
    )["nodeIds"][0]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": text_node})["fonts"]


def test_a_chinese_heading_is_drawn_with_a_cjk_font(live_server, browser, settings):
    settings.LANGUAGE_CODE = "zh-hans"
    page = browser.new_page(locale="zh-CN")
    page.goto(f"{live_server.url}/login/")
    heading = page.inner_text(".login h1")
    assert HAN.search(heading), heading  # the page really is in Chinese

    fonts = fonts_used_for(page, ".login h1")
    families = {font["familyName"] for font in fonts}
    assert any("CJK" in family for family in families), fonts
    han_glyphs = sum(font["glyphCount"] for font in fonts if "CJK" in font["familyName"])
    assert han_glyphs >= len(HAN.findall(heading)), fonts
