"""The package version (its own module, so that any module can import it without importing
the package's public API first)."""

__version__ = "0.1.0"
