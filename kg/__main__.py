"""``python -m kg`` runs the ``kg`` command."""
from kg.cli import app

if __name__ == "__main__":  # worker processes (spawn) import this module again: they must not run the command
    app(prog_name="kg")
