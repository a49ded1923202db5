"""The recruiter network as a page for people, a table, or a graph for Gephi.

- HTML: one self-contained page (styles inline, no script, no font or image to fetch), every
  value escaped: clusters most dangerous first, each with its contacts and its records.
- CSV: one row per record of a cluster, with the cluster's rank, size and severity.
- GraphML: records and contacts as nodes, an edge from each record to each contact it
  names; node attributes ``type`` (record or contact), ``label``, ``cluster`` (rank),
  ``kind``, ``verdict``, ``severity``, ``flags``, ``records``. Gephi, yEd, Cytoscape and
  networkx open it.
"""

from __future__ import annotations

import csv
import html
import re
from collections.abc import Callable
from typing import TextIO
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from beforeyousign.contacts import identity_of
from beforeyousign.network.graph import Cluster, Network

NETWORK_FORMATS = {".html": "html", ".htm": "html", ".csv": "csv", ".graphml": "graphml"}
SEVERITIES = ("critical", "high", "medium", "low")
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans",sans-serif;margin:1.5rem;
color:#1b1b1b;background:#fff;line-height:1.4}
h1{font-size:1.5rem;margin:0 0 .5rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
h3{font-size:1rem;margin:1rem 0 .3rem}
table{border-collapse:collapse;width:100%;margin:.3rem 0 1rem;font-size:.9rem}
th,td{border:1px solid #ccc;padding:.25rem .45rem;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right}
.note{color:#444;max-width:60rem}.sev{font-weight:600;padding:0 .3rem;border-radius:3px}
.sev-critical{background:#8b0000;color:#fff}.sev-high{background:#d9480f;color:#fff}
.sev-medium{background:#f59f00}.sev-low{background:#ffe066}.sev-none{background:#e9ecef}
section{border-top:2px solid #ddd}code{overflow-wrap:break-word}
"""


def network_format(output: str) -> str | None:
    for suffix, fmt in NETWORK_FORMATS.items():
        if output.lower().endswith(suffix):
            return fmt
    return None


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _severity(severity: str | None) -> str:
    name = severity if severity in SEVERITIES else "none"
    return f'<span class="sev sev-{name}">{_e(severity or "no flag")}</span>'


def write_html(network: Network, handle: TextIO, sources: list[str]) -> None:
    write = handle.write
    clusters = network.clusters
    write('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n')
    write('<meta name="viewport" content="width=device-width, initial-scale=1">\n')
    write("<title>Recruiter network — beforeyousign</title>\n")
    write(f"<style>{_STYLE}</style>\n</head>\n<body>\n<header>\n")
    write("<h1>Who is behind the ads: records that share a contact</h1>\n")
    write(
        f"<p>{network.records_read} records read from {_e(', '.join(sources))}; "
        f"{network.records_with_contacts} name a contact; {len(clusters)} clusters.</p>\n"
    )
    write(
        '<p class="note">A cluster groups the ads, posts and chats that share a phone number, '
        "a Telegram or WhatsApp handle or link, an e-mail address, a web address or a company "
        "name, directly or through other records. Sharing a contact is a lead to follow, not "
        "proof that the same people are behind them. Clusters are ranked by the most serious "
        "warning among their records, then by how many of their records carry a critical or "
        "high warning. Flags are possible indicators, never a legal verdict.</p>\n"
    )
    if network.dropped_contacts:
        dropped = ", ".join(f"{c.value} ({c.records})" for c in network.dropped_contacts[:20])
        write(f'<p class="note">Not used to link records (too widely shared or ignored): '
              f"{_e(dropped)}.</p>\n")  # fmt: skip
    write("</header>\n")
    if clusters:
        write("<h2>Clusters</h2>\n<table>\n<thead><tr><th>#</th><th>severity</th>")
        write("<th>records</th><th>dangerous</th><th>main contacts</th></tr></thead>\n<tbody>\n")
        for cluster in clusters:
            main = ", ".join(c.value for c in cluster.contacts[:3])
            write(
                f'<tr><td><a href="#cluster-{cluster.rank}">{cluster.rank}</a></td>'
                f"<td>{_severity(cluster.max_severity)}</td>"
                f'<td class="n">{len(cluster.records)}</td>'
                f'<td class="n">{cluster.dangerous}</td><td>{_e(main)}</td></tr>\n'
            )
        write("</tbody>\n</table>\n")
    else:
        write("<p>No records share a contact.</p>\n")
    for cluster in clusters:
        _write_cluster(cluster, write)
    write("</body>\n</html>\n")


def _write_cluster(cluster: Cluster, write: Callable[[str], object]) -> None:
    write(f'<section id="cluster-{cluster.rank}">\n')
    write(
        f"<h2>Cluster {cluster.rank}: {_severity(cluster.max_severity)} "
        f"{len(cluster.records)} records, {cluster.dangerous} dangerous</h2>\n"
    )
    write("<h3>Contacts</h3>\n<table>\n<thead><tr><th>kind</th><th>contact</th>")
    write("<th>records</th></tr></thead>\n<tbody>\n")
    for contact in cluster.contacts:
        write(
            f"<tr><td>{_e(contact.kind)}</td><td><code>{_e(contact.value)}</code></td>"
            f'<td class="n">{contact.records}</td></tr>\n'
        )
    write("</tbody>\n</table>\n")
    flags = cluster.flags
    if flags:
        listed = ", ".join(f"{flag} ×{count}" for flag, count in flags.most_common())
        write(f"<h3>Warnings</h3>\n<p>{_e(listed)}</p>\n")
    write("<h3>Records</h3>\n<table>\n<thead><tr><th>id</th><th>source</th><th>time</th>")
    write("<th>verdict</th><th>severity</th><th>flags</th><th>contacts</th></tr></thead>\n")
    write("<tbody>\n")
    for record in cluster.records:
        contacts = ", ".join(value for _kind, value in record.contacts)
        write(
            f"<tr><td><code>{_e(record.id)}</code></td><td>{_e(record.source)}</td>"
            f"<td>{_e(record.time)}</td><td>{_e(record.verdict)}</td>"
            f"<td>{_severity(record.max_severity)}</td><td>{_e(', '.join(record.flags))}</td>"
            f"<td>{_e(contacts)}</td></tr>\n"
        )
    write("</tbody>\n</table>\n</section>\n")


CSV_COLUMNS = (
    "cluster", "cluster_records", "cluster_dangerous", "cluster_max_severity",
    "cluster_contacts", "record_id", "source", "time", "verdict", "max_severity", "flags",
    "contacts",
)  # fmt: skip


def write_csv(network: Network, handle: TextIO) -> None:
    writer = csv.writer(handle)
    writer.writerow(CSV_COLUMNS)
    for cluster in network.clusters:
        shared = "; ".join(c.value for c in cluster.contacts if c.records > 1)
        for record in cluster.records:
            writer.writerow(
                [
                    cluster.rank, len(cluster.records), cluster.dangerous,
                    cluster.max_severity or "", shared, record.id, record.source or "",
                    record.time or "", record.verdict or "", record.max_severity or "",
                    "; ".join(record.flags),
                    "; ".join(value for _kind, value in record.contacts),
                ]
            )  # fmt: skip


_GRAPHML_KEYS = (
    ("type", "string"), ("label", "string"), ("cluster", "int"), ("kind", "string"),
    ("verdict", "string"), ("severity", "string"), ("flags", "string"), ("source", "string"),
    ("time", "string"), ("records", "int"),
)  # fmt: skip


def _xml(value: object) -> str:
    return xml_escape(_XML_INVALID.sub("", str(value)))


def _node(node_id: str, data: dict[str, object]) -> str:
    cells = "".join(
        f'<data key="{key}">{_xml(value)}</data>'
        for key, value in data.items()
        if value is not None and value != ""
    )
    return f"    <node id={quoteattr(node_id)}>{cells}</node>\n"


def write_graphml(network: Network, handle: TextIO) -> None:
    write = handle.write
    write('<?xml version="1.0" encoding="UTF-8"?>\n')
    write(
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
        'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
    )
    for key, kind in _GRAPHML_KEYS:
        write(f'  <key id="{key}" for="node" attr.name="{key}" attr.type="{kind}"/>\n')
    write('  <graph id="recruiters" edgedefault="undirected">\n')
    contact_ids: dict[str, str] = {}
    edges: list[tuple[str, str]] = []
    record_number = 0
    for cluster in network.clusters:
        in_cluster = {c.identity: c for c in cluster.contacts}
        for contact in cluster.contacts:
            contact_ids[contact.identity] = f"c{len(contact_ids)}"
            write(_node(contact_ids[contact.identity], {
                "type": "contact", "label": contact.value, "cluster": cluster.rank,
                "kind": contact.kind, "records": contact.records,
            }))  # fmt: skip
        for record in cluster.records:
            node_id = f"r{record_number}"
            record_number += 1
            write(_node(node_id, {
                "type": "record", "label": record.id, "cluster": cluster.rank,
                "verdict": record.verdict, "severity": record.max_severity,
                "flags": " ".join(record.flags), "source": record.source, "time": record.time,
            }))  # fmt: skip
            seen: set[str] = set()
            for kind, value in record.contacts:
                identity = identity_of(kind, value)
                if identity in in_cluster and identity not in seen:
                    seen.add(identity)
                    edges.append((node_id, contact_ids[identity]))
    for number, (source, target) in enumerate(edges):
        write(f'    <edge id="e{number}" source="{source}" target="{target}"/>\n')
    write("  </graph>\n</graphml>\n")
