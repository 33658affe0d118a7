"""What a built site must pass before it goes out: no foreign script, no private value, clean pictures."""
