"""The YAML loader for files people edit by hand: rule packs, help-contact lists.

Stricter than ``yaml.SafeLoader`` in two ways that turn silent mistakes into errors that
name their place: a key given twice in one mapping is refused (the last would win
silently, so an edit could vanish), and dates stay strings so that a bad date is reported
by the code that reads its field.
"""

from __future__ import annotations

from typing import Any

import yaml


class StrictLoader(yaml.SafeLoader):
    """SafeLoader without duplicate keys and without implicit timestamps."""


def _no_duplicate_keys(loader: StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicate_keys)


def load_strict(source: str) -> Any:
    """Parse ``source`` with :class:`StrictLoader` (raises ``yaml.YAMLError``)."""
    return yaml.load(source, Loader=StrictLoader)
