"""``python -m beforeyousign``: the same command line as the ``beforeyousign`` script."""

from beforeyousign.interfaces.cli import run

if __name__ == "__main__":
    run()
