"""The web face: department pages, the leadership board and the REST API (FastAPI)."""
