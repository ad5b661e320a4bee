"""The monitoring app's API v1, one module per capability."""
