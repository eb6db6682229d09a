"""Loaded language, learnt."""
