"""Who is behind the ads: records that share a contact belong to the same cluster.

Records and contacts form a graph (an edge joins a record and each contact it names); the
clusters are its connected components, found with a union-find over the records. Two
contacts are the same when their identity is (:attr:`Contact.identity`: a ``wa.me`` link and
the same number written out are one phone; organisation names ignore case).

A contact named by very many records (a hotline, a news site's address) would glue
unrelated recruiters together: ``ignore`` drops named contacts, and ``max_records`` drops
every contact named by more records than that.

Clusters are ranked most dangerous first: by the most severe flag among their records, then
by how many of their records are dangerous (a critical or high flag), then by size.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from beforeyousign.batch.outputs import (
    CONTACT_COLUMNS,
    LIST_SEPARATOR,
    max_severity,
    output_format,
    read_flat,
    rows,
)
from beforeyousign.contacts import KINDS, identity_of
from beforeyousign.knowledge.taxonomy import severity_rank

DANGEROUS = frozenset({"critical", "high"})


@dataclass(frozen=True)
class RecordNode:
    id: str
    source: str | None
    time: str | None
    verdict: str | None
    max_severity: str | None
    flags: tuple[str, ...]
    contacts: tuple[tuple[str, str], ...]  # (kind, value)

    @property
    def dangerous(self) -> bool:
        return self.max_severity in DANGEROUS


@dataclass
class ContactNode:
    identity: str
    kind: str
    value: str
    records: int = 0


@dataclass
class Cluster:
    records: list[RecordNode]
    contacts: list[ContactNode] = field(default_factory=list)  # most shared first
    rank: int = 0

    @property
    def max_severity(self) -> str | None:
        return max_severity(r.max_severity for r in self.records)

    @property
    def dangerous(self) -> int:
        return sum(r.dangerous for r in self.records)

    @property
    def flags(self) -> Counter[str]:
        return Counter(flag for r in self.records for flag in r.flags)

    def sort_key(self) -> tuple[int, int, int, str]:
        return (
            severity_rank(self.max_severity or ""),  # no flag at all ranks last
            -self.dangerous,
            -len(self.records),
            min(r.id for r in self.records),
        )


@dataclass
class Network:
    clusters: list[Cluster]
    records_read: int
    records_with_contacts: int
    dropped_contacts: list[ContactNode]  # too widely shared (max_records) or ignored


def load_records(paths: Iterable[str | Path]) -> Iterator[RecordNode]:
    """The analysed records of batch results: JSON Lines (an output or a journal), or a
    flat Parquet or CSV output. Error rows are skipped."""
    for path in paths:
        location = Path(path)
        fmt = output_format(str(location))
        if fmt in ("parquet", "csv"):
            for flat in read_flat(location, fmt):
                node = _from_flat(flat)
                if node is not None:
                    yield node
            continue
        for row in rows(location):
            node = _from_row(row)
            if node is not None:
                yield node


def _from_row(row: dict[str, Any]) -> RecordNode | None:
    meta = row.get("record")
    if not isinstance(meta, dict) or row.get("error") or "flags" not in row:
        return None
    flags = [f for f in row.get("flags") or [] if isinstance(f, dict)]
    contacts = tuple(
        (str(c["kind"]), str(c["value"]))
        for c in row.get("contacts") or []
        if isinstance(c, dict) and c.get("kind") and c.get("value")
    )
    return RecordNode(
        id=str(meta.get("id")),
        source=meta.get("source"),
        time=meta.get("time"),
        verdict=(row.get("verdict") or {}).get("id"),
        max_severity=max_severity(f.get("severity") for f in flags),
        flags=tuple(str(f.get("id")) for f in flags),
        contacts=contacts,
    )


def _from_flat(flat: dict[str, Any]) -> RecordNode | None:
    if flat.get("error_code") or not flat.get("id"):
        return None

    def split(value: Any) -> list[str]:
        return [v for v in str(value or "").split(LIST_SEPARATOR) if v]

    contacts = tuple(
        (kind, value) for kind in KINDS for value in split(flat.get(CONTACT_COLUMNS[kind]))
    )
    return RecordNode(
        id=str(flat["id"]),
        source=flat.get("source") or None,
        time=flat.get("time") or None,
        verdict=flat.get("verdict") or None,
        max_severity=flat.get("max_severity") or None,
        flags=tuple(split(flat.get("flags"))),
        contacts=contacts,
    )


class UnionFind:
    """Disjoint sets over 0..n-1, with path halving and union by size."""

    def __init__(self) -> None:
        self.parent: list[int] = []
        self.size: list[int] = []

    def add(self) -> int:
        self.parent.append(len(self.parent))
        self.size.append(1)
        return len(self.parent) - 1

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        a, b = self.find(a), self.find(b)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.parent[b] = a
        self.size[a] += self.size[b]


def build_network(
    records: Iterable[RecordNode],
    min_size: int = 2,
    ignore: Iterable[str] = (),
    max_records: int | None = None,
) -> Network:
    """Cluster ``records`` by shared contacts. ``ignore`` holds contact values (as written
    in the results, e.g. ``+79123456789`` or ``@channel``) to leave out; clusters smaller
    than ``min_size`` records are not returned."""
    ignored = {value.strip().lower() for value in ignore}
    nodes: list[RecordNode] = []
    contacts: dict[str, ContactNode] = {}
    named: dict[str, list[int]] = {}  # identity -> records naming it
    read = 0
    for record in records:
        read += 1
        identities = []
        for kind, value in record.contacts:
            identity = identity_of(kind, value)
            if identity in identities:
                continue
            identities.append(identity)
            node = contacts.setdefault(identity, ContactNode(identity, kind, value))
            if kind == "phone":  # a number written out names it better than a wa.me link
                node.kind, node.value = kind, value
        if not identities:
            continue
        nodes.append(record)
        for identity in identities:
            contacts[identity].records += 1
            named.setdefault(identity, []).append(len(nodes) - 1)
    dropped = [
        node
        for node in contacts.values()
        if node.value.lower() in ignored or (max_records is not None and node.records > max_records)
    ]
    dropped_ids = {node.identity for node in dropped}
    sets = UnionFind()
    for _ in nodes:
        sets.add()
    for identity, members in named.items():
        if identity in dropped_ids:
            continue
        for member in members[1:]:
            sets.union(members[0], member)
    groups: dict[int, list[int]] = {}
    for index in range(len(nodes)):
        groups.setdefault(sets.find(index), []).append(index)
    contacts_of: dict[int, list[ContactNode]] = {}  # cluster root -> its contacts
    for identity, members in named.items():
        if identity not in dropped_ids:
            contacts_of.setdefault(sets.find(members[0]), []).append(contacts[identity])
    clusters = []
    for root, members in groups.items():
        if len(members) < max(1, min_size):
            continue
        cluster_contacts = contacts_of.get(root, [])
        cluster_contacts.sort(key=lambda c: (-c.records, KINDS.index(c.kind), c.value))
        clusters.append(Cluster([nodes[i] for i in members], cluster_contacts))
    clusters.sort(key=Cluster.sort_key)
    for rank, cluster in enumerate(clusters, start=1):
        cluster.rank = rank
        cluster.records.sort(key=lambda r: (severity_rank(r.max_severity or ""), r.id))
    dropped.sort(key=lambda c: (-c.records, c.value))
    return Network(clusters, read, len(nodes), dropped)
