"""The OpenAPI document of ``scorer serve``'s JSON API, built from the report's pydantic
models, so that the API's schema and ``scorer schema`` can never disagree."""

from __future__ import annotations

from typing import Any

from ._version import __version__
from .browse import DEFAULT_LIMIT, LABELS, MAX_LIMIT, ROW_COLUMNS, SORTABLE
from .features import Features
from .report import Report

_REF = "#/components/schemas/{model}"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": _REF.format(model=name)}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict[str, Any]:
    return _json(_ref("Error"), description)


def _row_schema() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    nullable_num = {"type": ["number", "null"]}
    props: dict[str, Any] = {
        "sha256": {"type": "string"}, "name": {"type": "string"}, "title": nullable_str,
        "url": nullable_str, "score": nullable_num, "label": {"enum": [*LABELS[:-1], None]},
        "probability": nullable_num, "words": {"type": "integer"},
        "scored_at": {"type": "string", "description": "UTC, ISO 8601."},
    }
    props.update(Features.model_json_schema()["properties"])
    return {"type": "object", "properties": props, "required": list(ROW_COLUMNS)}


def _schemas() -> dict[str, Any]:
    report = Report.model_json_schema(ref_template=_REF)
    schemas = report.pop("$defs")
    schemas["Report"] = report
    schemas["ScoreRequest"] = {
        "type": "object",
        "description": "One article: 'text', or 'html' holding an HTML page (its main text is "
        "extracted as for an .html file).",
        "properties": {
            "text": {"type": "string"}, "html": {"type": "string"},
            "title": {"type": ["string", "null"]}, "url": {"type": ["string", "null"]},
            "id": {"type": ["string", "number"], "description": "The report's input name."},
        },
        "oneOf": [{"required": ["text"]}, {"required": ["html"]}],
    }
    schemas["Error"] = {"type": "object", "properties": {"error": {"type": "string"}},
                        "required": ["error"]}
    schemas["ArticleRow"] = _row_schema()
    schemas["ArticleList"] = {
        "type": "object",
        "properties": {
            "rows": {"type": "array", "items": _ref("ArticleRow")},
            "total": {"type": "integer", "description": "Rows matching the filter."},
            "limit": {"type": "integer"}, "offset": {"type": "integer"},
            "sort": {"type": "string"}, "order": {"enum": ["asc", "desc"]},
            "label": {"type": ["string", "null"]},
            "next_offset": {"type": ["integer", "null"],
                            "description": "The offset of the next page; null on the last."},
        },
    }
    schemas["Health"] = {
        "type": "object",
        "properties": {"ok": {"type": "boolean"}, "version": {"type": "string"},
                       "model": {"type": ["string", "null"]}, "store": {"type": "boolean"},
                       "loaded": {"enum": ["list", "model"],
                                  "description": "What finds loaded terms by default "
                                                 "(a request may ask otherwise)."}},
    }
    return schemas


def _param(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


def document() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    listing = [
        _param("limit", {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT,
                         "default": DEFAULT_LIMIT}, "Rows per page."),
        _param("offset", {"type": "integer", "minimum": 0, "default": 0}, "Rows to skip."),
        _param("sort", {"enum": sorted(SORTABLE), "default": "scored_at"}, "Sort column."),
        _param("order", {"enum": ["asc", "desc"], "default": "desc"}, "Sort order."),
        _param("label", {"enum": list(LABELS)}, "Only articles with this label."),
    ]
    return {
        "openapi": "3.1.0",
        "info": {"title": "scorer", "version": __version__, "description":
                 "How well a news article is sourced and how loaded its language is, with "
                 "the evidence (character offsets) for every number."},
        "components": {
            "schemas": _schemas(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{}, {"bearer": []}],
        "paths": {
            "/v1/score": {"post": {
                "summary": "Score one article",
                "parameters": [_param("store", {"enum": ["0", "1"]},
                                      "1: also store the report (the server needs --db)."),
                               _param("loaded", {"enum": ["list", "model"]},
                                      "What finds the loaded terms: 'list', the word list, "
                                      "or 'model', the learnt model (probabilities and "
                                      "reasons for terms, a probability for every "
                                      "sentence); default: the server's --loaded.")],
                "requestBody": {"required": True, "content": {
                    "application/json": {"schema": _ref("ScoreRequest")}}},
                "responses": {
                    "200": _json(_ref("Report"), "The report, as `scorer score --json`."),
                    "400": _error("The input is refused (the CLI's message)."),
                    "401": _error("Missing or wrong API token."),
                    "413": _error("The body or the text is over the size limit."),
                    "415": _error("The body is not JSON."),
                }}},
            "/v1/articles": {"get": {
                "summary": "A page of the stored articles", "parameters": listing,
                "responses": {"200": _json(_ref("ArticleList"), "The rows and their total."),
                              "400": _error("A bad parameter."),
                              "404": _error("No store attached.")}}},
            "/v1/articles/{sha256}": {"get": {
                "summary": "One stored report",
                "parameters": [{"name": "sha256", "in": "path", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": _json(_ref("Report"), "The stored report."),
                              "404": _error("No such article, or no store attached.")}}},
            "/healthz": {"get": {
                "summary": "Liveness, version, model and store",
                "responses": {"200": _json(_ref("Health"), "The server is up.")}}},
        },
    }
