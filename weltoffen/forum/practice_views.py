"""(placeholder until this part of the forum is built)"""

from . import bp  # noqa: F401
