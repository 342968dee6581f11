"""Handlers of the safety area: the replies of a check and the gate before a routine
(``replies``), every intent while a check runs (``during_check``), and statements about the body
in any state (``statements``)."""
