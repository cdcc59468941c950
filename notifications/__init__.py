"""Everything that reaches people: templates, signed links, the outbox and the mailer."""
