"""The soak tests: kill harness, mail faults and concurrent writers at length."""
