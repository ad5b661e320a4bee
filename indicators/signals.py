"""What indicators announce to the apps that build on their figures, without knowing them."""

from django.dispatch import Signal

# Sent by figures_warm for each scope it computes ahead, in each language (active while it is
# sent): `park` (None: the city) and `month`, the month the pages open on. Pages that build
# their own figures on the indicators compute theirs into the cache too.
figures_warming = Signal()
