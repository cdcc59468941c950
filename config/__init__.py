"""Settings and the organisation's configuration (departments, routing, calendar)."""
