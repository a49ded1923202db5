"""What the tool knows independently of any document: the taxonomy and the law."""
