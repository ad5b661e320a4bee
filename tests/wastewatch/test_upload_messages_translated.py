"""The reading rules' refusals speak Chinese to a Chinese-speaking uploader."""

from django.utils import translation

from wastewatch.tabular import (
    CellsRejected,
    NotANumber,
    month_message,
    number_parse,
    upload_too_large_message,
)


def test_it_translates_the_new_reading_refusals():
    with translation.override("zh-hans"):
        assert str(month_message()).startswith("不是有效的月份")
        assert "202607" in str(month_message())
        assert upload_too_large_message(2**20) == "文件超过 1 MB 的上限。请按月份或园区拆分。"
        try:
            number_parse("1000,5")
        except NotANumber as problem:
            assert str(problem).startswith("1000,5 不是数字：逗号只能用作千位分隔符")
        else:
            raise AssertionError("1000,5 was read as a number")
        assert str(CellsRejected([{}, {}])).startswith("2 个单元格含有无法存储的字符")
