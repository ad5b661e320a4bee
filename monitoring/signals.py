"""What monitoring announces to the apps that build on its data, without knowing them."""

from django.dispatch import Signal

# Sent after the commit that stored new ledger figures; `enterprise_ids`: whose figures changed.
ledger_figures_changed = Signal()
