"""Portal pages of the monitoring app."""
