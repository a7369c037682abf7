"""Every rule of who may see or do what (DESIGN.md, "Users and what they come for").

Each rule is a `can_*`/`is_*` function returning a bool, with a docstring; views call
`require(...)`, templates use the same functions through the `can` global, so role
logic lives here and nowhere else. Routes are closed to anonymous users unless their
view is marked `@public` (enforced in security.require_login).

One module per part of the house: `core` (roles, networks, municipalities, the
self-check and the benchmark), `forum`, `incidents`, `dialogue` (with the lottery);
everything is importable from `weltoffen.permissions`.
"""

from .core import *  # noqa: F403
from .core import _authenticated  # noqa: F401 - used by the other rule modules
from .dialogue import *  # noqa: F403
from .forum import *  # noqa: F403
from .incidents import *  # noqa: F403
