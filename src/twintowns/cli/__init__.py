"""The command-line shell (Typer): parses arguments, calls the library, shapes output."""
