"""Thin adapters from the outside world to :mod:`beforeyousign.pipeline`: no domain logic."""
