"""表彰公示发布器: the public side of a commendation program as a static site."""

__version__ = "0.1.0"
