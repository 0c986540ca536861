//! The `/api/v1` JSON API. Every route is listed once in [`routes`]; the
//! router is built from that list and the OpenAPI test checks the document
//! against it, so a route cannot go undocumented.

use crate::error::{ApiError, Code};
use crate::json_response;
use crate::middleware::{client_ip, read_json};
use crate::params::{self, Params};
use crate::state::{AppState, Data};
use axum::extract::{Path, RawQuery, Request, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use axum::routing::{get, post, MethodRouter};
use axum::Router;
use paygrid_engine::compare::{COMPARE_MAX_CELLS, COMPARE_MIN_CELLS};
use paygrid_engine::{CellQuery, CellSpec, Engine, Offer};
use paygrid_ingest::submission::parse_submission;
use paygrid_ingest::ImportOptions;
use paygrid_store::{Moderation, SubmissionInfo, SubmissionStatus};
use serde_json::{json, Value};
use std::time::Instant;

/// Results returned by the search endpoints.
pub const SEARCH_LIMIT: usize = 10;
/// The most results one search page returns.
pub const SEARCH_MAX: usize = 100;

/// Every API route: method, path (axum syntax, also OpenAPI's) and handler.
pub fn routes() -> Vec<(Method, &'static str, MethodRouter<AppState>)> {
    vec![
        (Method::GET, "/api/v1/benchmarks", get(benchmarks)),
        (Method::GET, "/api/v1/reports", get(reports)),
        (Method::GET, "/api/v1/compare", get(compare)),
        (Method::POST, "/api/v1/offers", post(offers)),
        (Method::GET, "/api/v1/roles", get(roles)),
        (Method::GET, "/api/v1/locations", get(locations)),
        (Method::POST, "/api/v1/submissions", post(submit)),
        (Method::GET, "/api/v1/admin/submissions", get(admin_list)),
        (Method::POST, "/api/v1/admin/submissions/{id}/approve", post(admin_approve)),
        (Method::POST, "/api/v1/admin/submissions/{id}/reject", post(admin_reject)),
        (Method::GET, "/api/v1/openapi.json", get(openapi)),
    ]
}

/// `(method, path)` of every API route, as the router has them.
pub fn route_list() -> Vec<(Method, &'static str)> {
    routes().into_iter().map(|(m, p, _)| (m, p)).collect()
}

pub fn router() -> Router<AppState> {
    routes().into_iter().fold(Router::new(), |r, (_, path, handler)| r.route(path, handler))
}

fn ok(value: &impl serde::Serialize) -> Response {
    json_response(StatusCode::OK, value)
}

/// Inline, not through [`AppState::compute`]: one cell's benchmark takes
/// 0.1 ms (one level in one country) to 0.9 ms (a whole role worldwide) on
/// a running server, and the hop to the blocking pool cost this endpoint a
/// third of its throughput under load (BENCHMARKS.md, "Load test").
async fn benchmarks(State(st): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let data = st.data();
    let q = params::cell_from(&data.engine, &Params::from_query(q.as_deref()))?;
    Ok(ok(&data.engine.cell_benchmark(&q)))
}

/// The report context of this server (canonical URLs, sources' licences).
pub fn report_context(st: &AppState, data: &Data) -> paygrid_report::ReportContext {
    let mut ctx = paygrid_report::ReportContext::new(st.now(), st.config().public_url.clone());
    ctx.sources = data
        .sources
        .iter()
        .map(|s| paygrid_report::SourceNote { dataset: s.dataset.clone(), kind: s.kind.clone(), licence: s.licence.clone() })
        .collect();
    ctx
}

async fn reports(State(st): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    st.compute(move |st| {
        let data = st.data();
        let q = params::cell_from(&data.engine, &Params::from_query(q.as_deref()))?;
        Ok(ok(&paygrid_report::build_report(&data.engine, &q, &report_context(st, &data))))
    })
    .await
}

/// One `role|level|location` cell of a comparison; level and location may
/// be empty (all levels; the default location).
pub fn compare_cell(engine: &Engine, text: &str, i: usize) -> Result<CellQuery, ApiError> {
    let field = format!("cell[{i}]");
    let Some((role, level, location)) = paygrid_engine::split_cell(text) else {
        return Err(ApiError::new(Code::InvalidParameter)
            .field(field)
            .message(format!("a cell is role|level|location (level may be empty), got {:?}", params::truncate(text, 80))));
    };
    let level = if level.is_empty() { None } else { Some(params::level(level, &format!("{field}.level"))?) };
    let location = if location.is_empty() { params::DEFAULT_LOCATION } else { location };
    let spec = CellSpec { role, level, location, ..Default::default() };
    params::cell(engine, &spec, |f| format!("{field}.{f}"))
}

/// Checks the count before anything else, so a wrong count is reported as such.
pub fn compare_cells(engine: &Engine, cells: &[&str]) -> Result<Vec<CellQuery>, ApiError> {
    if !(COMPARE_MIN_CELLS..=COMPARE_MAX_CELLS).contains(&cells.len()) {
        return Err(ApiError::new(Code::InvalidCellCount)
            .field("cell")
            .message(format!("a comparison takes {COMPARE_MIN_CELLS} to {COMPARE_MAX_CELLS} cells, got {}", cells.len())));
    }
    cells.iter().enumerate().map(|(i, c)| compare_cell(engine, c, i)).collect()
}

async fn compare(State(st): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    st.compute(move |st| {
        let data = st.data();
        let p = Params::from_query(q.as_deref());
        let cells = compare_cells(&data.engine, &p.all("cell"))?;
        let c = data
            .engine
            .compare(&cells)
            .map_err(|e| ApiError::new(Code::InvalidCellCount).field("cell").message(e.to_string()))?;
        Ok(ok(&c))
    })
    .await
}

/// An amount from a JSON field: a number or a string as people type it.
fn json_amount(body: &Value, key: &'static str) -> Result<Option<f64>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => match n.as_f64() {
            Some(x) if x.is_finite() && x >= 0.0 => Ok(Some(x)),
            _ => Err(ApiError::new(Code::InvalidOffer).field(key).message(format!("{key} must be a non-negative amount"))),
        },
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) => params::amount(s, key).map(Some),
        Some(_) => Err(ApiError::new(Code::InvalidOffer).field(key).message(format!("{key} must be a number"))),
    }
}

fn json_text<'a>(body: &'a Value, key: &str) -> Result<Option<&'a str>, ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.trim()).filter(|s| !s.is_empty())),
        Some(_) => Err(ApiError::new(Code::InvalidParameter).field(key).message(format!("{key} must be a string"))),
    }
}

/// The keys an offer request may have.
pub const OFFER_FIELDS: &[&str] = &["role", "level", "location", "base", "bonus", "equity_grant", "vest_years", "signing"];

/// An offer request: the cell and the offer's amounts.
pub struct OfferRequest {
    pub cell: CellQuery,
    pub offer: Offer,
}

/// Reads an offer from a JSON object (the API body) or form fields turned
/// into one (the offer page), so both validate the same way. Amounts not
/// given stay unknown; the offer must pass the sanity range an imported
/// row of the cell's country would.
pub fn offer_request(engine: &Engine, body: &Value) -> Result<OfferRequest, ApiError> {
    let Some(object) = body.as_object() else {
        return Err(ApiError::new(Code::InvalidParameter).field("body").message("an offer is a JSON object"));
    };
    // A misspelt key (`equity` for `equity_grant`) would otherwise drop
    // part of the offer in silence.
    if let Some(key) = object.keys().find(|k| !OFFER_FIELDS.contains(&k.as_str())) {
        return Err(ApiError::new(Code::InvalidParameter)
            .field(key.clone())
            .message(format!("unknown field {key:?}; an offer has {}", OFFER_FIELDS.join(", "))));
    }
    let level = json_text(body, "level")?.map(|l| params::level(l, "level")).transpose()?;
    let spec = CellSpec {
        role: json_text(body, "role")?.unwrap_or(""),
        level,
        location: json_text(body, "location")?.unwrap_or(params::DEFAULT_LOCATION),
        ..Default::default()
    };
    let cell = params::cell(engine, &spec, str::to_string)?;
    let base = json_amount(body, "base")?.ok_or_else(|| params::missing("base"))?;
    let offer = Offer {
        base,
        bonus: json_amount(body, "bonus")?,
        equity_grant: json_amount(body, "equity_grant")?,
        vest_years: json_amount(body, "vest_years")?.unwrap_or(Offer::DEFAULT_VEST_YEARS),
        signing: json_amount(body, "signing")?,
    };
    let range = paygrid_ingest::pay_bounds(cell.area.country());
    offer.check(range.min, range.max).map_err(|e| ApiError::new(Code::InvalidOffer).field(e.field).message(e.message))?;
    Ok(OfferRequest { cell, offer })
}

async fn offers(State(st): State<AppState>, headers: HeaderMap, req: Request) -> Result<Response, ApiError> {
    let body = read_json(&headers, req.into_body()).await?;
    st.compute(move |st| {
        let data = st.data();
        let r = offer_request(&data.engine, &body)?;
        Ok(ok(&data.engine.evaluate_offer(&r.cell, &r.offer)))
    })
    .await
}

/// The search text, cut to a length no real title or place needs, so a
/// megabyte query cannot make the title normalizer work for it.
fn search_text(p: &Params) -> String {
    p.get("q").unwrap_or("").chars().take(120).collect()
}

/// `offset` and `limit` of a search request (limit at most [`SEARCH_MAX`]).
fn paging(p: &Params) -> Result<(usize, usize), ApiError> {
    let number = |key: &'static str, default: usize, max: usize| -> Result<usize, ApiError> {
        p.get(key).map_or(Ok(default), |v| {
            v.parse::<usize>().ok().filter(|n| *n <= max).ok_or_else(|| {
                ApiError::new(Code::InvalidParameter).field(key).message(format!("{key} must be a whole number from 0 to {max}"))
            })
        })
    };
    Ok((number("offset", 0, 100_000)?, number("limit", SEARCH_LIMIT, SEARCH_MAX)?.max(1)))
}

async fn roles(State(st): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let data = st.data();
    let p = Params::from_query(q.as_deref());
    let (offset, limit) = paging(&p)?;
    let text = search_text(&p);
    let page = data.search_roles(&text, offset, limit);
    // The query's level words, kept in front of each suggestion: a browser
    // offers only options that contain what was typed, and "Senior Backend
    // Engineer" both does (for "Senior Back") and keeps the level.
    let level_words: Vec<&str> = text.split_whitespace().filter(|w| paygrid_engine::parse_level(w).is_some()).collect();
    let roles: Vec<Value> = page
        .items
        .iter()
        .map(|r| {
            let mut v = json!(r);
            let suggest = if level_words.is_empty() { r.name.clone() } else { format!("{} {}", level_words.join(" "), r.name) };
            v["suggest"] = json!(suggest);
            v
        })
        .collect();
    Ok(ok(&json!({ "roles": roles, "total": page.total, "next_offset": page.next_offset })))
}

async fn locations(State(st): State<AppState>, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    let data = st.data();
    let p = Params::from_query(q.as_deref());
    let (offset, limit) = paging(&p)?;
    let page = data.search_locations(&search_text(&p), offset, limit);
    Ok(ok(&json!({ "locations": page.items, "total": page.total, "next_offset": page.next_offset })))
}

/// Stores a submission as pending after the import rules and then the rate
/// limit of `client` (a refused submission does not use up the limit: a
/// contributor fixing a typo is not a flood); returns its id and how it was
/// read (the contributor's own figures, normalized).
pub async fn accept_submission(st: &AppState, client: std::net::IpAddr, payload: Value) -> Result<Value, ApiError> {
    let opts = ImportOptions::new(st.today());
    let record =
        parse_submission(&payload, &opts).map_err(|r| ApiError::new(Code::InvalidSubmission).field(r.field).message(r.reason))?;
    check_rate(st, client)?;
    let now = st.now();
    let echo = json!({
        "role": record.role.as_str(),
        "level": record.level.map(|l| l.slug()),
        "location": record.raw_location,
        "base": record.base,
        "total": record.total,
    });
    let id = st.with_store(move |s| s.add_submission(&payload, &record, &now)).await?;
    Ok(json!({"id": id, "status": "pending", "interpreted": echo}))
}

/// The rate limit for submissions, by client address.
fn check_rate(st: &AppState, client: std::net::IpAddr) -> Result<(), ApiError> {
    st.limiter().check(client, Instant::now()).map_err(|secs| {
        let mut e = ApiError::new(Code::RateLimited)
            .message(format!("too many submissions from this address: try again in {secs} seconds"));
        e.retry_after = Some(secs);
        e
    })
}

async fn submit(State(st): State<AppState>, req: Request) -> Result<Response, ApiError> {
    let client = client_ip(&req);
    let headers = req.headers().clone();
    let payload = read_json(&headers, req.into_body()).await?;
    let out = accept_submission(&st, client, payload).await?;
    Ok(json_response(StatusCode::ACCEPTED, &out))
}

/// Compares in time independent of where the strings differ, so the
/// token cannot be guessed byte by byte from response times.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = a.len() ^ b.len();
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= std::hint::black_box((x ^ y) as usize);
    }
    diff == 0
}

fn require_admin(st: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let Some(token) = st.config().admin_token.as_deref().filter(|t| !t.is_empty()) else {
        return Err(ApiError::new(Code::AdminDisabled));
    };
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        .map(str::trim)
        .ok_or_else(|| ApiError::new(Code::MissingAuthorization).field("authorization"))?;
    if constant_time_eq(given.as_bytes(), token.as_bytes()) {
        Ok(())
    } else {
        Err(ApiError::new(Code::InvalidToken).field("authorization"))
    }
}

fn submission_json(s: &SubmissionInfo) -> Value {
    json!({
        "id": s.id,
        "status": s.status.slug(),
        "submitted_at": s.submitted_at,
        "moderated_at": s.moderated_at,
        "title": s.title,
        "role": s.role,
        "level": s.level,
        "location": s.location,
        "base": s.base,
        "total": s.total,
        "record_id": s.record_id,
        "payload": serde_json::from_str::<Value>(&s.payload).unwrap_or(Value::String(s.payload.clone())),
    })
}

async fn admin_list(State(st): State<AppState>, headers: HeaderMap, RawQuery(q): RawQuery) -> Result<Response, ApiError> {
    require_admin(&st, &headers)?;
    let p = Params::from_query(q.as_deref());
    let status = match p.get("status") {
        None | Some("all") => None,
        Some(s) => Some(SubmissionStatus::from_slug(s).ok_or_else(|| {
            ApiError::new(Code::InvalidParameter).field("status").message("status is pending, approved, rejected or all")
        })?),
    };
    let list = st.with_store(move |s| s.list_submissions(status)).await?;
    let mut res = ok(&json!({"submissions": list.iter().map(submission_json).collect::<Vec<_>>()}));
    res.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(res)
}

/// Moderates a submission and, after an approval, reloads the snapshot so
/// the figures include it when this call returns.
pub async fn moderate(st: &AppState, id: i64, approve: bool) -> Result<Value, ApiError> {
    let now = st.now();
    let state = st.clone();
    let outcome = st
        .with_store(move |s| {
            let m = s.moderate(id, approve, &now)?;
            if matches!(m, Moderation::Approved { .. }) {
                state.reload_from(s)?;
            }
            Ok(m)
        })
        .await?;
    match outcome {
        Moderation::Approved { record_id } => Ok(json!({"id": id, "status": "approved", "record_id": record_id})),
        Moderation::Rejected => Ok(json!({"id": id, "status": "rejected"})),
        Moderation::NotFound => Err(ApiError::new(Code::SubmissionNotFound).field("id")),
        Moderation::AlreadyModerated(s) => Err(ApiError::new(Code::SubmissionNotPending)
            .field("id")
            .message(format!("submission {id} is already {}: only pending submissions can be moderated", s.slug()))),
        Moderation::Invalid(why) => Err(ApiError::new(Code::InvalidSubmission).field("id").message(why)),
    }
}

fn submission_id(text: &str) -> Result<i64, ApiError> {
    text.parse::<i64>().ok().filter(|i| *i > 0).ok_or_else(|| {
        ApiError::new(Code::InvalidParameter).field("id").message(format!("id must be a positive integer, got {text:?}"))
    })
}

async fn admin_approve(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Result<Response, ApiError> {
    require_admin(&st, &headers)?;
    Ok(ok(&moderate(&st, submission_id(&id)?, true).await?))
}

async fn admin_reject(State(st): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Result<Response, ApiError> {
    require_admin(&st, &headers)?;
    Ok(ok(&moderate(&st, submission_id(&id)?, false).await?))
}

async fn openapi(State(st): State<AppState>) -> Response {
    ok(&crate::openapi::document(&st.config().public_url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constant_time_comparison_is_equality() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(!constant_time_eq(b"", b"x"));
        assert!(constant_time_eq(b"", b""));
    }
}
