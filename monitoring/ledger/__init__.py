"""Monthly ledgers: the upload format, reading files, validating rows, writing entries."""
