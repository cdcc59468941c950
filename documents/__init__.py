"""File formats: reading programme documents into text, writing report files."""
