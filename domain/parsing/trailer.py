"""The end of a programme: recipients (``Nơi nhận:``), the signer's title and name, and a
task list a decision attaches after its signature."""

from __future__ import annotations

from domain.parsing.lines import Line
from domain.parsing.rules import Open
from domain.parsing.text_rules import SIGNED
from domain.text import squeeze


class TrailerReader:
    """What the parser does with the lines after the tasks."""

    recipients: list[str]
    titles: list[str]
    name: str | None
    trailer: str | None  # "recipients" or "signer" once the tasks are over
    skipping: str | None
    group: Open | None

    def _on_recipients(self, ln: Line, folded: str) -> None:
        self.trailer = "recipients"
        self._recipient(ln.full.partition(":")[2])

    def _on_signer(self, ln: Line, folded: str) -> None:
        self.trailer = "signer"
        self.titles += [ln.full] if self.name is None else []

    def _on_restart(self, ln: Line, folded: str) -> None:
        self.trailer, self.skipping, self.group = None, "preamble", None

    def _on_recipient(self, ln: Line, folded: str) -> None:
        self._recipient(ln.text)

    def _on_signer_name(self, ln: Line, folded: str) -> None:
        if self.name is None and not SIGNED.match(folded):
            self.name = squeeze(ln.text)

    def _recipient(self, text: str) -> None:
        text = text.strip().lstrip("-–•+* ").rstrip(" ;.,")
        if text:
            self.recipients.append(squeeze(text))
