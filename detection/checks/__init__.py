"""The named checks (rules) that raise flags; the model's check is detection.model's."""

from detection.candidates import Check
from detection.checks.devices import device_quality
from detection.checks.ledgers import generation_change, round_figures, stock_carry
from detection.checks.manifests import manifest_discrepancy, manifest_late, manifest_overdue
from detection.checks.reporting import reporting
from detection.checks.transfers import counterparty, measured_vs_reported
from detection.checks.weighbridge_series import weighbridge_series

RULES: dict[str, Check] = {
    "measured_vs_reported": measured_vs_reported,
    "manifest_discrepancy": manifest_discrepancy,
    "manifest_overdue": manifest_overdue,
    "manifest_late": manifest_late,
    "stock_carry": stock_carry,
    "counterparty": counterparty,
    "generation_change": generation_change,
    "round_figures": round_figures,
    "device_quality": device_quality,
    "weighbridge_series": weighbridge_series,
    "reporting": reporting,
}
