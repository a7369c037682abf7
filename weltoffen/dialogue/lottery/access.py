"""Load-or-404 for a lottery's pages: the process must be a citizens' assembly the user
may see (dialogue/access.py), and pages with personal data need a named organiser
with a second factor (403 otherwise)."""

from flask import abort
from flask_login import current_user

from ... import permissions
from .. import access
from . import services


def assembly_or_404(process_id: int, *, manage: bool = False):
    process = access.process_or_404(process_id)
    if process.format_key != services.ASSEMBLY_FORMAT:
        abort(404)
    if manage:
        permissions.require(permissions.can_manage_lottery(current_user, process.municipality))
    return process


def lottery_or_404(process_id: int):
    """The process and its lottery, for an organiser with a second factor (else 403)."""
    process = assembly_or_404(process_id)
    lottery = services.lottery_of(process)
    if lottery is None:
        abort(404)
    permissions.require(permissions.can_handle_lottery_data(current_user, lottery, process.municipality))
    return process, lottery
