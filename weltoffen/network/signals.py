"""What the network domain tells the others without knowing them: a domain that derives
figures from municipalities' attributes (the benchmark's groups) subscribes here."""

from blinker import Namespace

_signals = Namespace()

#: Sent with the ids of the networks whose municipalities were created, changed or moved
#: (sender: a tuple of network ids), after the change was flushed.
municipalities_changed = _signals.signal("municipalities-changed")
