"""Lists of at most `size` items from any iterable (itertools.batched arrives with Python 3.12): the ledgers read a
server-side cursor a chunk at a time and complete each chunk with a few queries."""

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
