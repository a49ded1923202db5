"""``beforeyousign network``: clusters of records that share contacts, on a small graph
whose answer is known, and the HTML, CSV and GraphML written from them."""

from __future__ import annotations

import csv
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from beforeyousign.interfaces.cli import main
from beforeyousign.network import build_network, load_records, write_network
from beforeyousign.network.graph import UnionFind

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
P1, P2 = "+79123456789", "+79001112233"


def row(
    key: str, contacts: list[tuple[str, str]], severities: tuple[str, ...] = (),
    verdict: str = "some_warning_signs",
) -> dict[str, Any]:  # fmt: skip
    """A batch results row with what the network reads."""
    return {
        "record": {"id": key, "source": "ads.jsonl", "time": None, "author": None,
                   "forwarded_from": None},
        "verdict": {"id": verdict},
        "flags": [{"id": f"flag_{s}", "severity": s} for s in severities],
        "contacts": [{"kind": k, "value": v, "raw": v} for k, v in contacts],
    }  # fmt: skip


#: Two clusters joined through different kinds of contact, a loner, a record without
#: contacts and an error row:
#:   A -P1- B -@h1- C            (high, high, none)
#:   D -e1- E -P2(wa.me)- F      (medium, critical, none)
#:   G (its own number), H (no contact), an error row
GRAPH = [
    row("A", [("phone", P1)], ("high",)),
    row("B", [("phone", P1), ("telegram", "@h1")], ("high", "medium")),
    row("C", [("telegram", "@h1")]),
    row("D", [("email", "e1@x.ru")], ("medium",)),
    row("E", [("email", "e1@x.ru"), ("whatsapp", P2)], ("critical",)),
    row("F", [("phone", P2)], ()),
    row("G", [("phone", "+79990000000")], ("critical",)),
    row("H", [], ("critical",)),
    {"record": {"id": "bad"}, "source": {"name": "bad"}, "error": {"code": "bad_record"}},
]


def write_rows(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return path


def ids(network: Any) -> list[list[str]]:
    return [sorted(r.id for r in cluster.records) for cluster in network.clusters]


def test_clusters_are_the_connected_components_ranked_by_danger(tmp_path: Path) -> None:
    network = build_network(load_records([write_rows(tmp_path / "r.jsonl", GRAPH)]))
    # D-E-F holds a critical record: first; then A-B-C (high). G is alone; H names nobody.
    assert ids(network) == [["D", "E", "F"], ["A", "B", "C"]]
    first, second = network.clusters
    assert (first.rank, first.max_severity, first.dangerous) == (1, "critical", 1)
    assert (second.rank, second.max_severity, second.dangerous) == (2, "high", 2)
    assert network.records_read == 8  # the error row is not a record
    assert network.records_with_contacts == 7
    # the wa.me number and the number written out are one contact
    assert {c.identity for c in first.contacts} == {"email:e1@x.ru", f"phone:{P2}"}
    shared = {c.value: c.records for c in second.contacts}
    assert shared == {P1: 2, "@h1": 2}
    assert [r.id for r in first.records] == ["E", "D", "F"]  # most severe first


def test_min_size_one_lists_loners_too(tmp_path: Path) -> None:
    network = build_network(load_records([write_rows(tmp_path / "r.jsonl", GRAPH)]), min_size=1)
    assert ids(network) == [["D", "E", "F"], ["G"], ["A", "B", "C"]]


def test_more_dangerous_posts_rank_first_at_equal_severity() -> None:
    from beforeyousign.network.graph import RecordNode

    def node(key: str, phone: str, severity: str | None) -> RecordNode:
        return RecordNode(key, None, None, None, severity, (), (("phone", phone),))

    network = build_network([
        node("a1", "+1", "high"), node("a2", "+1", "low"),
        node("b1", "+2", "high"), node("b2", "+2", "high"),
    ])  # fmt: skip
    assert ids(network) == [["b1", "b2"], ["a1", "a2"]]


def test_widely_shared_or_ignored_contacts_do_not_link(tmp_path: Path) -> None:
    hub = [row(f"R{i}", [("url", "news.example/x"), ("phone", f"+7900000000{i}")])
           for i in range(4)]  # fmt: skip
    hub.append(row("S", [("phone", "+79000000000")]))
    path = write_rows(tmp_path / "r.jsonl", hub)
    assert ids(build_network(load_records([path]))) == [["R0", "R1", "R2", "R3", "S"]]
    limited = build_network(load_records([path]), max_records=3)
    assert ids(limited) == [["R0", "S"]]
    assert [c.value for c in limited.dropped_contacts] == ["news.example/x"]
    ignored = build_network(load_records([path]), ignore=["NEWS.example/x"])
    assert ids(ignored) == ids(limited)


def test_union_find() -> None:
    sets = UnionFind()
    items = [sets.add() for _ in range(6)]
    sets.union(items[0], items[1])
    sets.union(items[2], items[3])
    sets.union(items[1], items[3])
    assert len({sets.find(i) for i in items}) == 3
    assert sets.find(0) == sets.find(2) != sets.find(4)


HOSTILE_ID = '<script>alert("x")</script>&'


def test_html_is_self_contained_and_escaped(tmp_path: Path) -> None:
    rows = [*GRAPH, row(HOSTILE_ID, [("phone", P1)], ("low",)),
            row("I", [("organisation", 'ООО «<b>Щит</b>»')], ()),
            row("J", [("organisation", 'ООО «<b>Щит</b>»')], ())]  # fmt: skip
    output = tmp_path / "recruiters.html"
    write_network([str(write_rows(tmp_path / "r.jsonl", rows))], str(output))
    page = output.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;" in page
    assert "&lt;b&gt;Щит&lt;/b&gt;" in page
    # nothing to fetch: no external stylesheet, script, image, font or frame
    assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(", page)
    assert re.findall(r'href="([^"]*)"', page) == ["#cluster-1", "#cluster-2", "#cluster-3"]
    assert page.count("<section") == 3


def test_csv_has_a_row_per_record_of_each_cluster(tmp_path: Path) -> None:
    output = tmp_path / "recruiters.csv"
    write_network([str(write_rows(tmp_path / "r.jsonl", GRAPH))], str(output))
    with open(output, encoding="utf-8", newline="") as handle:
        table = list(csv.DictReader(handle))
    assert [(r["cluster"], r["record_id"]) for r in table] == [
        ("1", "E"), ("1", "D"), ("1", "F"), ("2", "A"), ("2", "B"), ("2", "C"),
    ]  # fmt: skip
    assert table[0]["cluster_max_severity"] == "critical"
    assert table[0]["cluster_contacts"] == f"{P2}; e1@x.ru"


def test_graphml_for_gephi(tmp_path: Path) -> None:
    output = tmp_path / "recruiters.graphml"
    write_network([str(write_rows(tmp_path / "r.jsonl", GRAPH))], str(output))
    root = ET.parse(output).getroot()
    assert root.tag == f"{GRAPHML}graphml"
    keys = {k.get("attr.name") for k in root.iter(f"{GRAPHML}key")}
    assert {"type", "label", "cluster", "kind", "severity"} <= keys
    graph = root.find(f"{GRAPHML}graph")
    assert graph is not None and graph.get("edgedefault") == "undirected"

    def data(node: ET.Element) -> dict[str, str]:
        return {d.get("key") or "": d.text or "" for d in node.iter(f"{GRAPHML}data")}

    nodes = {n.get("id"): data(n) for n in graph.iter(f"{GRAPHML}node")}
    records = {d["label"] for d in nodes.values() if d["type"] == "record"}
    contacts = {d["label"] for d in nodes.values() if d["type"] == "contact"}
    assert records == {"A", "B", "C", "D", "E", "F"}
    assert contacts == {P1, "@h1", "e1@x.ru", P2}
    edges = {
        (nodes[e.get("source")]["label"], nodes[e.get("target")]["label"])
        for e in graph.iter(f"{GRAPHML}edge")
    }
    assert edges == {
        ("A", P1), ("B", P1), ("B", "@h1"), ("C", "@h1"),
        ("D", "e1@x.ru"), ("E", "e1@x.ru"), ("E", P2), ("F", P2),
    }  # fmt: skip


def test_flat_outputs_give_the_same_clusters(tmp_path: Path) -> None:
    from beforeyousign.batch.outputs import FLAT_COLUMNS, flat_row

    flat = tmp_path / "results.csv"
    with open(flat, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FLAT_COLUMNS)
        writer.writeheader()
        for r in GRAPH:
            writer.writerow(flat_row(r))
    from_jsonl = build_network(load_records([write_rows(tmp_path / "r.jsonl", GRAPH)]))
    from_csv = build_network(load_records([flat]))
    assert ids(from_csv) == ids(from_jsonl)
    assert [c.max_severity for c in from_csv.clusters] == ["critical", "high"]


def test_cli_network_end_to_end_on_batch_results(tmp_path: Path) -> None:
    """Batch results of real ads, then the network: the ads sharing a recruiter's number
    (written three ways) are one cluster, the unrelated ad is not in it."""
    from batchfixtures import CLEANER_AD_EN, MILITARY_AD_RU, PASSPORT_AD_EN, write_jsonl

    ads = [
        {"id": "mil", "text": MILITARY_AD_RU},  # +7 912 345-67-89
        {"id": "pass", "text": PASSPORT_AD_EN},  # wa.me/79123456789
        {"id": "cook", "text": "Повар, звоните 8 (912) 345-67-89"},
        {"id": "clean", "text": CLEANER_AD_EN},  # another number
    ]
    source = write_jsonl(tmp_path / "ads.jsonl", ads)
    results = tmp_path / "results.jsonl"
    runner = CliRunner()
    batch = runner.invoke(main, ["batch", str(source), "-o", str(results), "--workers", "1"])
    assert batch.exit_code == 0, batch.output
    out = tmp_path / "recruiters.html"
    result = runner.invoke(main, ["network", str(results), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 clusters; 4 of 4 records name a contact" in result.stderr
    page = out.read_text("utf-8")
    assert "+79123456789" in page and "clean" not in page
    wrong = runner.invoke(main, ["network", str(results), "-o", str(tmp_path / "x.pdf")])
    assert wrong.exit_code == 2


@pytest.mark.parametrize("suffix", [".html", ".csv", ".graphml"])
def test_no_clusters_still_writes_a_valid_file(tmp_path: Path, suffix: str) -> None:
    output = tmp_path / f"net{suffix}"
    network = write_network([str(write_rows(tmp_path / "r.jsonl", GRAPH[6:]))], str(output))
    assert network.clusters == []
    assert output.read_text("utf-8")
    if suffix == ".graphml":
        ET.parse(output)
