"""The kinds of e-mail workplan sends (a light module: the CLI lists them at start-up)."""

MAIL_KINDS = (
    "due-soon",
    "overdue",
    "escalation",
    "status-request",
    "chaser",
    "digest",
    "report",
    "extension-requested",
    "extension-decided",
    "reassigned",
    "directive",
)
TEST_KIND = "test"
