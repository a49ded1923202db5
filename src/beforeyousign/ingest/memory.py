"""The memory cap of a process (``--max-memory-mb``): an address-space limit set with
``setrlimit``, so a file that would need more fails with MemoryError, which the edges
turn into the ``memory_limit`` error, instead of the machine swapping or the kernel's
OOM killer ending the process (or a neighbour) without a word.

Only Python's own allocations become a clean MemoryError; a native library (Tesseract,
pdfium) that runs out may abort the process instead, which is why the byte, page and
pixel limits come first and this cap is the last line.
"""

from __future__ import annotations

MIB = 1024 * 1024


def cap_memory(megabytes: int) -> bool:
    """Limit this process's address space to ``megabytes`` MiB (never above the hard
    limit already set). Returns False where the platform has no such limit."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    wanted = megabytes * MIB
    for name in ("RLIMIT_AS", "RLIMIT_DATA"):
        kind = getattr(resource, name, None)
        if kind is None:
            continue
        _soft, hard = resource.getrlimit(kind)
        limit = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(kind, (limit, hard))
    return True
