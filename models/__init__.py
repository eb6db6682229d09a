"""The shipped sourcing-quality model(s) and their SHA-256 manifest, as package data.

This folder installs as ``scorer.models``; see README.md here for the model card.
"""
