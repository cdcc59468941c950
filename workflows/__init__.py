"""Scheduled work as Prefect flows: they load what they need from the store, decide with
the domain, render with notifications and write outbox rows, then deliver the outbox."""
