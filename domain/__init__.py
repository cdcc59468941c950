"""Plain types and pure functions: no I/O, no clock, no project outer layers."""
