"""Chinese number formats as the statistical yearbooks print them: thousands grouped by a
comma (1,234,567.890). Django's own zh_Hans formats group nothing; the rest (dates) is its."""

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
