"""Settings, read from SCORER_* environment variables and a .env file.

Settings are passed to the library explicitly (``score_text(text, settings=...)``) so
that tests and embedding applications can build their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a user can tune without touching code."""

    model_config = SettingsConfigDict(
        env_prefix="SCORER_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    model_path: Path | None = Field(
        None, description="Model file to score with; unset means the shipped model."
    )
    trust_model: bool = Field(
        False,
        description="Load a model file that is not in the shipped hash manifest "
        "(joblib files are pickle: loading one runs code).",
    )
    loaded_signal: Literal["list", "model"] = Field(
        "list",
        description="What finds loaded terms: 'list', the hand-written word list, or "
        "'model', the learnt loaded-language model (a probability and reasons for every "
        "term, a probability for every sentence; about 1.3 ms more an article in a batch).",
    )
    loaded_model_path: Path | None = Field(
        None, description="Loaded-language model file (JSON); unset means the shipped one.",
    )
    extra_lexicons: dict[str, list[Path]] = Field(
        default_factory=dict,
        description='Extra lexicon files merged into a shipped list, e.g. '
        '{"loaded": ["my_terms.txt"]}; same format as the shipped files.',
    )
    max_bytes: int = Field(
        10_000_000, gt=0, description="Inputs larger than this many bytes are refused."
    )
    min_words: int = Field(
        150, ge=0,
        description="Below this many words a report carries a 'too short to judge' warning.",
    )
    english_min_ratio: float = Field(
        0.2, ge=0.0, le=1.0,
        description="Share of words that must be common English function words for the "
        "text to count as English.",
    )
    scare_quote_max_words: int = Field(
        4, ge=0, description="Quotations of at most this many words count as scare quotes."
    )
    serve_max_body: int = Field(
        12_000_000, gt=0,
        description="`scorer serve`: request bodies larger than this many bytes are refused "
        "(413); a little above max_bytes, as JSON escapes make a body longer than its text.",
    )
    api_token: SecretStr | None = Field(
        None,
        description="`scorer serve`: the token clients send as `Authorization: Bearer "
        "<token>`; required when the server listens on an address other than loopback.",
    )

    @field_validator("model_path", "loaded_model_path", "api_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """``SCORER_MODEL_PATH=""`` means the shipped model, as if it were not set (not
        the current folder, which is what ``Path("")`` would be); an empty
        ``SCORER_API_TOKEN`` is no token (never a token anyone can send)."""
        return None if isinstance(value, str) and not value.strip() else value
