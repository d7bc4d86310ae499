"""Facts computed when a rule first reads them. Most figures carry no AI signal and
most rules stop at their first condition, so the credit parser, the overlay, the
Chinese label and the other derived facts of a figure are rarely needed: each group
of facts is a function run on the first read of any of its keys, once.

To every consumer it is a plain dict: reading a key computes its group, and walking,
sizing, copying or comparing the facts computes every group first, so nothing but
the order of the keys can tell it was lazy."""

from __future__ import annotations

from typing import Any, Callable, Iterator

Provider = Callable[["LazyFacts"], dict[str, Any]]


def providers_of(*groups: tuple[tuple[str, ...], Provider]) -> dict[str, Provider]:
    """The key -> provider table of a kind of facts."""
    return {key: provider for keys, provider in groups for key in keys}


class LazyFacts(dict):
    """A dict whose absent keys come from the providers of its class (`PROVIDERS`);
    the inputs providers read are attributes of the subclass."""

    __slots__ = ()
    PROVIDERS: dict[str, Provider] = {}

    def __missing__(self, key: str) -> Any:
        provider = self.PROVIDERS.get(key)
        if provider is None:
            raise KeyError(key)
        self._run(provider)
        return dict.__getitem__(self, key)

    def _run(self, provider: Provider) -> None:
        for key, value in provider(self).items():
            if not dict.__contains__(self, key):  # a value set by the caller stays
                dict.__setitem__(self, key, value)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.PROVIDERS

    def complete(self) -> "LazyFacts":
        """Computes every group not computed yet."""
        for key, provider in self.PROVIDERS.items():
            if not dict.__contains__(self, key):
                self._run(provider)
        return self

    def __iter__(self) -> Iterator[str]:
        return dict.__iter__(self.complete())

    def __len__(self) -> int:
        return dict.__len__(self.complete())

    def __bool__(self) -> bool:  # `facts.get("figure") or {}` must not compute everything
        return dict.__len__(self) > 0 or bool(self.PROVIDERS)

    def keys(self):  # type: ignore[override]
        return dict.keys(self.complete())

    def values(self):  # type: ignore[override]
        return dict.values(self.complete())

    def items(self):  # type: ignore[override]
        return dict.items(self.complete())

    def copy(self) -> dict:  # type: ignore[override]
        return dict(self.items())

    def __eq__(self, other: object) -> bool:
        return dict.__eq__(self.complete(), other)

    def __ne__(self, other: object) -> bool:
        # dict's __eq__ answers NotImplemented for a non-dict: pass it on (Python then
        # decides, as for any dict), never `not NotImplemented` (False, "equal to a str").
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return dict.__repr__(self.complete())

    def __reduce__(self):
        return (dict, (dict(self.items()),))
