"""``beforeyousign network``: which ads, posts and chats of a batch share a recruiter.

Reads batch results (JSON Lines, or flat Parquet/CSV), clusters the records by the
contacts they share (:mod:`.graph`) and writes the clusters as HTML, CSV or GraphML
(:mod:`.export`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from beforeyousign.network.export import (
    NETWORK_FORMATS,
    network_format,
    write_csv,
    write_graphml,
    write_html,
)
from beforeyousign.network.graph import Cluster, Network, build_network, load_records

__all__ = [
    "NETWORK_FORMATS",
    "Cluster",
    "Network",
    "build_network",
    "load_records",
    "network_format",
    "write_network",
]


def write_network(
    results: Iterable[str],
    output: str,
    min_size: int = 2,
    ignore: Iterable[str] = (),
    max_records: int | None = None,
) -> Network:
    """Cluster the records of ``results`` and write ``output`` whole (format by extension)."""
    from beforeyousign.batch.outputs import WholeFile

    paths = list(results)
    fmt = network_format(output)
    if fmt is None:
        raise ValueError(f"no network format for {output!r}")
    network = build_network(load_records(paths), min_size, ignore, max_records)
    whole = WholeFile(Path(output))
    try:
        with open(whole.temp, "w", encoding="utf-8", newline="" if fmt == "csv" else None) as out:
            if fmt == "html":
                write_html(network, out, [Path(p).name for p in paths])
            elif fmt == "csv":
                write_csv(network, out)
            else:
                write_graphml(network, out)
        whole.commit()
    except BaseException:
        whole.discard()
        raise
    return network
