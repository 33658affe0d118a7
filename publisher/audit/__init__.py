"""The inspector's check of a built site (dead links, identity, metadata, staleness, outside hosts)."""
