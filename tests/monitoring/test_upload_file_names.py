"""A file name is text like any cell: a control character in it is shown, never stored as is
(PostgreSQL refuses NUL outright, which would be a 500)."""

from monitoring.ledger.services import upload_batch_create
from monitoring.models import UploadBatch
from parks.economics import economic_figures_import
from parks.models import EconomicFigure
from tests.factories import EnterpriseFactory


def test_it_stores_a_ledger_file_name_without_control_characters(operator_a, park_a):
    EnterpriseFactory(park=park_a)
    batch, created = upload_batch_create(actor=operator_a, name="台账\x00\x1b.csv", data=b"x,y\n")
    assert created
    assert UploadBatch.objects.get(pk=batch.pk).original_name == "台账<U+0000><U+001B>.csv"


def test_it_stores_an_economic_figures_source_without_control_characters(operator_a, enterprise_a):
    data = f"统一社会信用代码,期间,工业总产值\n{enterprise_a.credit_code},2026-03,100\n".encode()
    saved = economic_figures_import(actor=operator_a, name="产值\x00.csv", data=data)
    assert saved.errors == []
    assert EconomicFigure.objects.get().source == "产值<U+0000>.csv"
