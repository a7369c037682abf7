"""A bounded least-recently-used cache of values kept per process."""

import threading
import time
from collections import OrderedDict
from collections.abc import Callable


def _default_size(value) -> int:
    return len(value) if isinstance(value, str | bytes) else 1


class Cache:
    """Least recently used values by key, bounded by count and by total size (`size`
    of each value: by default len() of str/bytes values, 1 for others). Thread-safe."""

    def __init__(self, max_entries: int = 256, max_size: int = 32_000_000, size: Callable[[object], int] | None = None):
        self.max_entries = max_entries
        self.max_size = max_size
        self._measure = size or _default_size
        self._items: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: tuple):
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            self._items.move_to_end(key)
            return hit[0]

    def put(self, key: tuple, value) -> None:
        size = self._measure(value)
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            while self._items and (len(self._items) > self.max_entries or self._size > self.max_size):
                _key, (_value, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0

    def __len__(self) -> int:
        return len(self._items)


class Fresh:
    """The last value per key, served for a configured number of seconds (app config
    `setting`; 0 switches it off: nothing is kept) without recomputing it – for pages
    whose figures may be a few seconds old. Per process, bounded like Cache."""

    def __init__(self, setting: str, default: int, max_entries: int, max_size: int,
                 size: Callable[[object], int] | None = None):
        self.setting, self.default = setting, default
        self.cache = Cache(max_entries, max_size, size=(lambda hit: size(hit[0])) if size else None)
        self.clock = time.monotonic

    def _seconds(self) -> float:
        from flask import current_app

        return current_app.config.get(self.setting, self.default)

    def get(self, key: tuple):
        seconds = self._seconds()
        hit = self.cache.get(key) if seconds else None
        if hit is None or self.clock() - hit[1] >= seconds:
            return None
        return hit[0]

    def put(self, key: tuple, value) -> None:
        if self._seconds():
            self.cache.put(key, (value, self.clock()))
