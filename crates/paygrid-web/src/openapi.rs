//! The OpenAPI 3.1 document of `/api/v1`, written as a JSON value. A test
//! checks that its paths and methods are exactly the router's API routes;
//! the error codes come from the error table.

use crate::error::Code;
use serde_json::{json, Value};

fn query(name: &str, required: bool, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": required, "description": description, "schema": schema})
}

fn cell_params() -> Vec<Value> {
    vec![
        query(
            "role",
            true,
            "Role id (`backend-engineer`) or job title (`Senior Backend Developer`; the title's level applies unless `level` is given)",
            json!({"type": "string"}),
        ),
        query(
            "level",
            false,
            "entry, mid, senior, staff, principal, manager or executive (level words such as L5 or Sr also work); all levels when absent",
            json!({"type": "string"}),
        ),
        query(
            "location",
            false,
            "Free text (`Seattle, WA`, `Remote`, `world`) or a code (`42660`, `US`, `US-WA`); default United States",
            json!({"type": "string", "default": "United States"}),
        ),
        query("since", false, "First year included", json!({"type": "integer"})),
        query("until", false, "Last year included (the projection targets the year after)", json!({"type": "integer"})),
        json!({"name": "source", "in": "query", "required": false, "explode": true, "style": "form",
               "description": "Only these sources: an import kind or a dataset name (repeatable)",
               "schema": {"type": "array", "items": {"type": "string"}}}),
    ]
}

fn errors(codes: &[u16]) -> serde_json::Map<String, Value> {
    codes
        .iter()
        .map(|c| (c.to_string(), json!({"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})))
        .collect()
}

fn responses(ok_status: u16, ok_description: &str, ok_schema: Value, error_codes: &[u16]) -> Value {
    let mut m = errors(error_codes);
    m.insert(
        ok_status.to_string(),
        json!({"description": ok_description, "content": {"application/json": {"schema": ok_schema}}}),
    );
    Value::Object(m)
}

fn object() -> Value {
    json!({"type": "object"})
}

fn admin() -> Value {
    json!([{"bearer": []}])
}

fn id_param() -> Value {
    json!({"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}})
}

/// The document; `server` is the public URL of this server.
pub fn document(server: &str) -> Value {
    let submission_fields: serde_json::Map<String, Value> = paygrid_ingest::submission::FIELDS
        .iter()
        .map(|f| {
            let schema = match *f {
                "skills" => json!({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
                "remote" => json!({"oneOf": [{"type": "boolean"}, {"type": "string"}]}),
                "base" | "bonus" | "equity" | "signing_bonus" | "total" | "years_experience" | "years_at_company" => {
                    json!({"oneOf": [{"type": "number"}, {"type": "string"}]})
                }
                _ => json!({"type": "string"}),
            };
            (f.to_string(), schema)
        })
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "paygrid API",
            "version": "1",
            "description": "Salary benchmarks from real records. Every figure follows the definitions on /methodology \
                            (type-7 percentiles, confidence intervals with their exact coverage in `ci_coverage`, privacy floor k >= 5). \
                            Errors are {code, message, field}.",
        },
        "servers": [{"url": server}],
        "paths": {
            "/api/v1/benchmarks": {"get": {
                "summary": "Benchmark of one cell: n, mean, p10–p90 of base and TC with CIs and their coverage, trend, projection, OEWS reference, \
                            the records' years and `data_as_of`, each measure's own sources and period; with `modelled` and `rollup` \
                            alternatives. Same JSON as `paygrid benchmark --format json`.",
                "operationId": "getBenchmark",
                "parameters": cell_params(),
                "responses": responses(200, "The cell's benchmark", object(), &[400, 404]),
            }},
            "/api/v1/reports": {"get": {
                "summary": "Market report of one role x location (x level): every section of the report page as JSON.",
                "operationId": "getReport",
                "parameters": cell_params(),
                "responses": responses(200, "The report", object(), &[400, 404]),
            }},
            "/api/v1/compare": {"get": {
                "summary": "2–4 cells side by side with median differences from the first and whether their CIs overlap.",
                "operationId": "compareCells",
                "parameters": [{"name": "cell", "in": "query", "required": true, "explode": true, "style": "form",
                                "description": "role|level|location (level and location may be empty), 2 to 4 times",
                                "schema": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 4}}],
                "responses": responses(200, "The comparison", object(), &[400, 404]),
            }},
            "/api/v1/offers": {"post": {
                "summary": "Evaluate an offer: percentile ranks of base and TC, position, the same base in other metros, counter-offer with reasoning.",
                "operationId": "evaluateOffer",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Offer"}}}},
                "responses": responses(200, "The evaluation", object(), &[400, 404, 413, 415]),
            }},
            "/api/v1/roles": {"get": {
                "summary": "Roles matching a name, id or job title (autocomplete): best match first, then most records; paged.",
                "operationId": "searchRoles",
                "parameters": [
                    query("q", false, "Text typed so far; level words (Senior, L5) are kept in `suggest` and ignored in matching", json!({"type": "string"})),
                    query("offset", false, "Results to skip (the previous page's next_offset)", json!({"type": "integer", "minimum": 0, "maximum": 100000})),
                    query("limit", false, "Results per page", json!({"type": "integer", "minimum": 0, "maximum": 100, "default": 10})),
                ],
                "responses": responses(200, "Matching roles", json!({"type": "object", "required": ["roles", "total", "next_offset"], "properties": {
                    "roles": {"type": "array", "items": {"type": "object", "required": ["id", "name", "family", "soc", "n", "suggest"], "properties": {
                        "id": {"type": "string"}, "name": {"type": "string"}, "family": {"type": ["string", "null"]},
                        "soc": {"type": ["string", "null"]}, "n": {"type": ["integer", "null"]}, "suggest": {"type": "string"}}}},
                    "total": {"type": "integer"}, "next_offset": {"type": ["integer", "null"]}}}), &[400]),
            }},
            "/api/v1/locations": {"get": {
                "summary": "Locations matching free text (autocomplete): best match first, then most records; paged.",
                "operationId": "searchLocations",
                "parameters": [
                    query("q", false, "Text typed so far", json!({"type": "string"})),
                    query("offset", false, "Results to skip (the previous page's next_offset)", json!({"type": "integer", "minimum": 0, "maximum": 100000})),
                    query("limit", false, "Results per page", json!({"type": "integer", "minimum": 0, "maximum": 100, "default": 10})),
                ],
                "responses": responses(200, "Matching locations", json!({"type": "object", "required": ["locations", "total", "next_offset"], "properties": {
                    "locations": {"type": "array", "items": {"type": "object", "required": ["code", "name", "kind", "slug", "n"], "properties": {
                        "code": {"type": "string"}, "name": {"type": "string"}, "kind": {"type": "string"}, "slug": {"type": "string"},
                        "n": {"type": ["integer", "null"]}}}},
                    "total": {"type": "integer"}, "next_offset": {"type": ["integer", "null"]}}}), &[400]),
            }},
            "/api/v1/submissions": {"post": {
                "summary": "Submit a salary (the generic import fields). Validated like an import row, held as pending until a moderator approves it; \
                            rate-limited per client address.",
                "operationId": "submitSalary",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Submission"}}}},
                "responses": responses(202, "Accepted and pending moderation", json!({"type": "object", "properties": {
                    "id": {"type": "integer"}, "status": {"const": "pending"}, "interpreted": {"type": "object"}}}), &[400, 413, 415, 422, 429]),
            }},
            "/api/v1/admin/submissions": {"get": {
                "summary": "List submissions (admin).",
                "operationId": "listSubmissions",
                "security": admin(),
                "parameters": [query("status", false, "pending, approved, rejected or all (default all)", json!({"type": "string", "enum": ["pending", "approved", "rejected", "all"]}))],
                "responses": responses(200, "Submissions, oldest first", object(), &[400, 401, 403]),
            }},
            "/api/v1/admin/submissions/{id}/approve": {"post": {
                "summary": "Approve a pending submission (admin): it becomes a record and counts in figures from this response on.",
                "operationId": "approveSubmission",
                "security": admin(),
                "parameters": [id_param()],
                "responses": responses(200, "Approved", object(), &[400, 401, 403, 404, 409, 422]),
            }},
            "/api/v1/admin/submissions/{id}/reject": {"post": {
                "summary": "Reject a pending submission (admin).",
                "operationId": "rejectSubmission",
                "security": admin(),
                "parameters": [id_param()],
                "responses": responses(200, "Rejected", object(), &[400, 401, 403, 404, 409]),
            }},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document.",
                "operationId": "getOpenApi",
                "responses": responses(200, "OpenAPI 3.1 document", object(), &[]),
            }},
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "The server's PAYGRID_ADMIN_TOKEN"}},
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["code", "message", "field"],
                    "properties": {
                        "code": {"type": "string", "enum": Code::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>()},
                        "message": {"type": "string"},
                        "field": {"type": ["string", "null"], "description": "The parameter or body field at fault"},
                    },
                },
                "Offer": {
                    "type": "object",
                    "required": ["role", "base"],
                    "additionalProperties": false,
                    "properties": {
                        "role": {"type": "string"},
                        "level": {"type": "string"},
                        "location": {"type": "string", "default": "United States"},
                        "base": {"type": "number", "exclusiveMinimum": 0, "description": "Annual base, USD, within the sanity range imports apply (base and TC)"},
                        "bonus": {"type": "number", "minimum": 0, "description": "Annual target bonus, USD; absent or null = unknown, not zero"},
                        "equity_grant": {"type": "number", "minimum": 0, "description": "Whole equity grant, USD; absent or null = unknown, not zero"},
                        "vest_years": {"type": "number", "exclusiveMinimum": 0, "maximum": 10, "default": 4},
                        "signing": {"type": "number", "minimum": 0, "description": "One-off signing bonus, USD (counts a quarter a year); absent or null = unknown, not zero"},
                    },
                },
                "Submission": {
                    "type": "object",
                    "description": "The generic import fields (docs/import-format.md); title, a location paygrid can resolve and base (or total) are required; any other key is refused.",
                    "required": ["title", "location"],
                    "additionalProperties": false,
                    "properties": submission_fields,
                },
            },
        },
    })
}
