"""``workplan demo``: a whole quarter replayed in one command, in its own home.

The clock is set to each scheduled moment in turn and the same job functions real use
runs fire when the schedule file says (:mod:`workplan.demo.timeline`); departments'
answers are simulated (:mod:`workplan.demo.simulation`) and go through the same update
service as the pages and the API. Mail reaches a local mailbox started in the process.
"""
