"""The ``publisher`` command."""
