"""Generation limits that client and server must agree on, in one public module.

The SDK checks these before a call (no round trip for a value the server
would refuse, with the server's field names). The inference server's own
values are checked against these in ``tests/sdk/test_limits.py`` until
``services/inference`` imports them from here; limits an operator sets
(``max_new_tokens``) are published in ``GetServerInfo`` instead.
"""

from __future__ import annotations

MIN_FACTOR = 1e-3
"""The smallest temperature / repetition penalty that is not 0 (greedy / off)."""

MAX_TOP_LOGPROBS = 20
"""The most alternatives per token ``logprobs=k`` may ask for."""
