"""The public site: its model, pages, feeds, open data, search words, and the build that swaps it in."""
