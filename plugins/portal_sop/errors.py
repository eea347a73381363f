"""The one base class of the core's exceptions.

Adapters (CLI, MkDocs plugin) catch `PortalError` and show its message, in
Indonesian, without a traceback: `UserError` means the input must change
(a data file, an option, an output folder); any other `PortalError` is the
portal's own failure (a renderer that broke, a missing program).
"""
from __future__ import annotations


class PortalError(Exception):
    """Something the core could not do; the message is for the user."""


class UserError(PortalError):
    """The input must change: the message says which file or setting and how."""
