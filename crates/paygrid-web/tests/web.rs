//! The web server driven in process with `tower::ServiceExt::oneshot` (no
//! socket), over a temporary SQLite store with synthetic records; one test
//! binds a real port to prove `serve` works end to end.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use paygrid_domain::record::Date;
use paygrid_domain::{Level, SourceKind};
use paygrid_engine::{Area, CellQuery};
use paygrid_ingest::{ImportOptions, Parsed};
use paygrid_load::load_engine;
use paygrid_store::{ImportMeta, SqliteStore, Store};
use paygrid_web::{app, AppState, Config};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;
use tower::ServiceExt;

const TOKEN: &str = "test-admin-token-0123456789";
const BASE_URL: &str = "http://paygrid.test";

fn now() -> String {
    "2026-11-22T12:00:00Z".to_string()
}

/// A temporary database file, removed on drop.
struct TempDb(PathBuf);

impl TempDb {
    fn new() -> TempDb {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir =
            std::env::temp_dir().join(format!("paygrid-web-test-{}-{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst)));
        std::fs::create_dir_all(&dir).unwrap();
        TempDb(dir)
    }

    fn path(&self) -> PathBuf {
        self.0.join("paygrid.db")
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Deterministic pseudo-random numbers in [0, 1).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Synthetic generic-format records: backend engineers at three levels in
/// three metros over four years, and data scientists across the US.
fn synthetic_csv() -> String {
    let mut rng = Lcg(42);
    let mut out = String::from("title,company,location,years_experience,base,bonus,equity,date,skills\n");
    let groups: &[(&str, &str, usize, f64)] = &[
        ("Senior Backend Engineer", "Seattle, WA", 40, 185_000.0),
        ("Senior Backend Engineer", "New York, NY", 30, 180_000.0),
        ("Senior Backend Engineer", "Austin, TX", 20, 160_000.0),
        ("Backend Engineer II", "Seattle, WA", 30, 150_000.0),
        ("Staff Backend Engineer", "Seattle, WA", 12, 230_000.0),
        ("Data Scientist", "Boston, MA", 25, 140_000.0),
        ("Data Scientist", "Chicago, IL", 15, 130_000.0),
    ];
    for (title, place, n, centre) in groups {
        for i in 0..*n {
            let base = (centre * (0.85 + 0.3 * rng.next())).round();
            let year = 2022 + (i % 4);
            let skills = if i % 2 == 0 { "Rust;PostgreSQL" } else { "Go;Kubernetes" };
            out.push_str(&format!(
                "{title},Acme {},\"{place}\",{},{base},{},{},{year}-0{}-15,{skills}\n",
                i % 3,
                3 + i % 10,
                (base * 0.1).round(),
                (base * 0.2).round(),
                1 + i % 9
            ));
        }
    }
    out
}

struct TestApp {
    state: AppState,
    router: Router,
    db: TempDb,
}

fn test_app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    test_app_from(&synthetic_csv(), tweak)
}

fn test_app_from(csv: &str, tweak: impl FnOnce(&mut Config)) -> TestApp {
    let db = TempDb::new();
    let mut store = SqliteStore::open(&db.path()).unwrap();
    let opts = ImportOptions::new(Date::new(2026, 11, 22).unwrap());
    let Parsed::Records(mut rows) =
        paygrid_ingest::open(SourceKind::Generic, "synthetic.csv", Box::new(std::io::Cursor::new(csv.to_string())), opts)
            .unwrap()
    else {
        panic!("records")
    };
    let meta = ImportMeta {
        kind: SourceKind::Generic,
        dataset: "synthetic".into(),
        file: "synthetic.csv".into(),
        licence: Some("CC0 1.0 (test data)".into()),
        imported_at: "2026-11-01T00:00:00Z".into(),
    };
    let s = store.import_records(&meta, &mut rows, &mut || "test-hash".into(), &mut |_| {}).unwrap();
    assert_eq!(s.rejected, 0);
    let mut config =
        Config { admin_token: Some(TOKEN.into()), public_url: BASE_URL.into(), now, submission_burst: 100, ..Default::default() };
    tweak(&mut config);
    let state = AppState::new(Box::new(store), config).unwrap();
    TestApp { router: app(state.clone()), state, db }
}

fn test_app() -> TestApp {
    test_app_with(|_| {})
}

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: String,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts the API error shape and returns (code, field).
    fn error(&self) -> (String, Option<String>) {
        let v = self.json();
        let obj = v.as_object().expect("error object");
        assert_eq!(obj.len(), 3, "exactly code, message, field: {v}");
        assert!(!v["message"].as_str().unwrap().is_empty());
        (v["code"].as_str().unwrap().to_string(), v["field"].as_str().map(str::to_string))
    }
}

async fn send(router: &Router, req: Request<Body>) -> Reply {
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), usize::MAX).await.unwrap();
    Reply { status, headers, body: String::from_utf8(bytes.to_vec()).unwrap() }
}

async fn get(router: &Router, uri: &str) -> Reply {
    send(router, Request::get(uri).body(Body::empty()).unwrap()).await
}

fn post_json(uri: &str, body: &Value, token: Option<&str>) -> Request<Body> {
    let mut b = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

fn admin(method: Method, uri: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::builder().method(method).uri(uri);
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::empty()).unwrap()
}

fn title_of(html: &str) -> &str {
    let start = html.find("<title>").expect("a title") + 7;
    &html[start..start + html[start..].find("</title>").unwrap()]
}

#[tokio::test]
async fn pages_render_with_titles_descriptions_and_sections() {
    let t = test_app();
    let r = &t.router;
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "/",
            "Salary benchmarks from real pay records",
            &["action=\"/search\"", "Most-asked reports", "Backend Engineer", "role-list"],
        ),
        (
            "/salaries/backend-engineer/united-states/senior",
            "Senior Backend Engineer",
            &["id=\"overview\"", "id=\"level-ladder\"", "<svg", "/compare?cell=backend-engineer%7Csenior%7CUS", "Check an offer"],
        ),
        ("/salaries/backend-engineer/seattle-tacoma-bellevue-wa", "Backend Engineer", &["id=\"overview\"", "Seattle"]),
        ("/compare", "Compare salaries", &["<form", "name=\"role\"", "Cell 4"]),
        ("/offer", "Check a job offer", &["name=\"base\"", "name=\"equity_grant\"", "name=\"vest_years\""]),
        ("/submit", "Add your salary", &["method=\"post\"", "name=\"title\"", "name=\"signing_bonus\"", "name=\"pay_period\""]),
        (
            "/methodology",
            "Methodology",
            &["<h2 id=\"privacy-floor-and-confidence\"", "Backtest on the data this server holds", "<table"],
        ),
        ("/sources", "Sources", &["synthetic", "CC0 1.0 (test data)"]),
    ];
    for (path, title, needles) in cases {
        let res = get(r, path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        assert_eq!(res.headers[header::CONTENT_TYPE], "text/html; charset=utf-8", "{path}");
        assert!(title_of(&res.body).contains(title), "{path}: title {:?}", title_of(&res.body));
        assert!(res.body.contains("<meta name=\"description\" content=\""), "{path}");
        let canonical = format!("<link rel=\"canonical\" href=\"{BASE_URL}{path}\">");
        assert!(res.body.contains(&canonical), "{path}: no {canonical}");
        for n in *needles {
            assert!(res.body.contains(n), "{path}: missing {n:?}");
        }
        assert!(!res.body.contains("<script>"), "{path}: pages carry no inline script");
    }
}

#[tokio::test]
async fn free_text_search_redirects_to_the_canonical_report() {
    let t = test_app();
    let res = get(&t.router, "/search?role=Senior+Backend+Developer&location=Seattle,+WA").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.headers[header::LOCATION], "/salaries/backend-engineer/seattle-tacoma-bellevue-wa/senior");
    let res = get(&t.router, "/search?role=backend-engineer&level=staff").await;
    assert_eq!(res.headers[header::LOCATION], "/salaries/backend-engineer/united-states/staff");
    // Errors re-show the form with the message, escaped.
    let res = get(&t.router, "/search?role=%3Cscript%3Ealert(1)%3C/script%3E").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("action=\"/search\"") && res.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!res.body.contains("<script>alert(1)"));
    let res = get(&t.router, "/search?role=backend-engineer&location=Xyzzy").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(res.body.contains("unknown location"));
}

#[tokio::test]
async fn unknown_role_location_or_address_is_404() {
    let t = test_app();
    for path in ["/salaries/no-such-role/united-states", "/salaries/backend-engineer/xyzzy", "/no/such/page"] {
        let res = get(&t.router, path).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        assert!(res.body.contains("<h1>Not found</h1>"), "{path}");
    }
    let res = get(&t.router, "/api/v1/nothing").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.error().0, "not_found");
    let res = send(&t.router, Request::delete("/api/v1/benchmarks").body(Body::empty()).unwrap()).await;
    assert_eq!(res.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.error().0, "method_not_allowed");
}

#[tokio::test]
async fn api_benchmark_is_the_engines_cell_benchmark() {
    let t = test_app();
    let engine = load_engine(&SqliteStore::open(&t.db.path()).unwrap(), 5).unwrap();
    for (uri, q) in [
        (
            "/api/v1/benchmarks?role=backend-engineer&level=senior&location=US",
            CellQuery::new("backend-engineer", Some(Level::Senior), Area::Country("US".into())),
        ),
        (
            "/api/v1/benchmarks?role=Senior+Backend+Developer&location=Seattle,+WA&since=2023",
            CellQuery {
                since: Some(2023),
                ..CellQuery::new("backend-engineer", Some(Level::Senior), Area::Metro("42660".into()))
            },
        ),
        (
            "/api/v1/benchmarks?role=data-scientist&location=Boston,+MA&source=synthetic",
            CellQuery {
                sources: vec!["synthetic".into()],
                ..CellQuery::new("data-scientist", None, Area::Metro("14460".into()))
            },
        ),
    ] {
        let res = get(&t.router, uri).await;
        assert_eq!(res.status, StatusCode::OK, "{uri}: {}", res.body);
        // Byte for byte: the API body is the serialization of the engine's published view.
        assert_eq!(res.body, serde_json::to_string(&engine.cell_benchmark(&q)).unwrap(), "{uri}");
    }
    let v = get(&t.router, "/api/v1/benchmarks?role=backend-engineer&level=senior&location=US").await.json();
    assert_eq!(v["n"], 90);
    assert!(v.get("modelled").is_some() && v.get("rollup").is_some());
}

#[tokio::test]
async fn api_reports_compare_offers_and_search() {
    let t = test_app();
    let r = &t.router;
    let v = get(r, "/api/v1/reports?role=backend-engineer&location=Seattle,+WA&level=senior").await.json();
    assert_eq!(v["canonical_url"], format!("{BASE_URL}/salaries/backend-engineer/seattle-tacoma-bellevue-wa/senior"));
    assert_eq!(v["overview"]["figures"]["n"], 40);

    let v = get(r, "/api/v1/compare?cell=backend-engineer|senior|Seattle,+WA&cell=backend-engineer|senior|Austin,+TX&cell=backend-engineer||US")
        .await
        .json();
    let cells = v["cells"].as_array().unwrap();
    assert_eq!(cells.len(), 3);
    assert_eq!(cells[1]["cell"]["n"], 20);
    assert_eq!(cells[1]["vs_first"][0]["measure"], "base");
    assert!(cells[1]["vs_first"][0]["ci_overlap"].is_boolean());

    let res = send(
        r,
        post_json(
            "/api/v1/offers",
            &json!({"role": "Backend Engineer", "level": "senior", "location": "Seattle, WA", "base": 150000, "bonus": "20,000",
                    "equity_grant": 200000, "vest_years": 4}),
            None,
        ),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = res.json();
    assert_eq!(v["offer"]["total"], 150_000.0 + 20_000.0 + 50_000.0);
    assert_eq!(v["counter"]["rule"], "below-median");
    assert!(v["base"]["percentile_rank"].as_u64().unwrap() < 50);
    assert!(v["other_metros"].as_array().unwrap().iter().any(|m| m["metro"] == "35620"), "New York among other metros: {v}");

    let v = get(r, "/api/v1/roles?q=Senior%20Backend%20Developer").await.json();
    assert_eq!(v["roles"][0]["id"], "backend-engineer");
    assert_eq!(v["roles"][0]["n"], 132);
    let v = get(r, "/api/v1/locations?q=seattle").await.json();
    assert_eq!(v["locations"][0]["code"], "42660");
    assert_eq!(v["locations"][0]["slug"], "seattle-tacoma-bellevue-wa");
    let v = get(r, "/api/v1/locations?q=Bay%20Area").await.json();
    assert_eq!(v["locations"][0]["code"], "41860", "free text resolves first: {v}");
    assert!(get(r, "/api/v1/roles?q=a").await.json()["roles"].as_array().unwrap().len() <= 10);
}

#[tokio::test]
async fn api_errors_carry_code_message_and_field() {
    let t = test_app();
    let r = &t.router;
    let cases: &[(&str, StatusCode, &str, Option<&str>)] = &[
        ("/api/v1/benchmarks?role=backend-engineer&level=wizard", StatusCode::BAD_REQUEST, "invalid_level", Some("level")),
        ("/api/v1/benchmarks?role=backend-engineer&location=Xyzzy", StatusCode::NOT_FOUND, "unknown_location", Some("location")),
        ("/api/v1/benchmarks?location=US", StatusCode::BAD_REQUEST, "missing_parameter", Some("role")),
        ("/api/v1/benchmarks?role=zymurgist", StatusCode::NOT_FOUND, "unknown_role", Some("role")),
        (
            "/api/v1/benchmarks?role=backend-engineer&since=2025&until=2023",
            StatusCode::BAD_REQUEST,
            "invalid_period",
            Some("since"),
        ),
        ("/api/v1/benchmarks?role=backend-engineer&since=soon", StatusCode::BAD_REQUEST, "invalid_parameter", Some("since")),
        ("/api/v1/benchmarks?role=backend-engineer&source=nope", StatusCode::BAD_REQUEST, "unknown_source", Some("source")),
        ("/api/v1/compare?cell=backend-engineer||US", StatusCode::BAD_REQUEST, "invalid_cell_count", Some("cell")),
        (
            "/api/v1/compare?cell=backend-engineer||US&cell=backend-engineer|wizard|US",
            StatusCode::BAD_REQUEST,
            "invalid_level",
            Some("cell[1].level"),
        ),
        (
            "/api/v1/compare?cell=backend-engineer||US&cell=nonsense",
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some("cell[1]"),
        ),
        ("/api/v1/admin/submissions?status=maybe", StatusCode::BAD_REQUEST, "invalid_parameter", Some("status")),
    ];
    for (uri, status, code, field) in cases {
        let res = if uri.contains("/admin/") { send(r, admin(Method::GET, uri, Some(TOKEN))).await } else { get(r, uri).await };
        assert_eq!(res.status, *status, "{uri}: {}", res.body);
        assert_eq!(res.error(), (code.to_string(), field.map(str::to_string)), "{uri}");
    }

    // Bodies: malformed JSON, wrong media type, over the size limit.
    let bad =
        Request::post("/api/v1/offers").header(header::CONTENT_TYPE, "application/json").body(Body::from("{\"role\": ")).unwrap();
    let res = send(r, bad).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::BAD_REQUEST, "malformed_json"));
    let form =
        Request::post("/api/v1/submissions").header(header::CONTENT_TYPE, "text/plain").body(Body::from("title=x")).unwrap();
    let res = send(r, form).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type"));
    let huge = json!({"title": "x".repeat(70 * 1024), "base": 100000});
    let res = send(r, post_json("/api/v1/submissions", &huge, None)).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));
    // A declared Content-Length over the limit is refused before reading.
    let req = Request::post("/api/v1/offers")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::CONTENT_LENGTH, "1000000")
        .body(Body::from("{}"))
        .unwrap();
    let res = send(r, req).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large"));

    // Offers and submissions name the field at fault.
    let res = send(r, post_json("/api/v1/offers", &json!({"role": "backend-engineer", "base": -5}), None)).await;
    assert_eq!((res.status, res.error()), (StatusCode::BAD_REQUEST, ("invalid_offer".into(), Some("base".into()))));
    let res = send(r, post_json("/api/v1/offers", &json!({"role": "backend-engineer"}), None)).await;
    assert_eq!(res.error(), ("missing_parameter".into(), Some("base".into())));
    // Amounts no import would accept are refused like an imported row (the
    // default location is the US, so the US floor applies).
    let range = paygrid_ingest::pay_bounds(Some("US"));
    let offers = [
        (json!({"base": 1e308}), "base"),
        (json!({"base": range.min - 1.0}), "base"),
        (json!({"base": range.max + 1.0}), "base"),
        (json!({"base": 150000, "bonus": 1e308}), "bonus"),
        (json!({"base": 150000, "equity_grant": 1e308}), "equity_grant"),
        (json!({"base": 150000, "signing": -1}), "signing"),
        (json!({"base": 150000, "vest_years": 0}), "vest_years"),
        (json!({"base": 150000, "vest_years": 11}), "vest_years"),
    ];
    for (mut body, field) in offers {
        body["role"] = json!("backend-engineer");
        let res = send(r, post_json("/api/v1/offers", &body, None)).await;
        assert_eq!((res.status, res.error()), (StatusCode::BAD_REQUEST, ("invalid_offer".into(), Some(field.into()))), "{body}");
        let message = res.json()["message"].as_str().unwrap().to_string();
        assert!(message.contains(field), "{message}");
    }
    let res = send(r, post_json("/api/v1/offers", &json!({"role": "backend-engineer", "base": 1e308}), None)).await;
    assert!(res.json()["message"].as_str().unwrap().contains("sanity range"), "{}", res.body);
    let page = get(r, "/offer?role=backend-engineer&base=1e308").await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.body.contains("sanity range") && page.body.contains("field: base"), "the form shows the error");
    let res = send(r, post_json("/api/v1/submissions", &json!({"title": "SWE", "base": 100000, "currency": "XYZ"}), None)).await;
    assert_eq!(
        (res.status, res.error()),
        (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_submission".into(), Some("currency".into())))
    );
}

#[tokio::test]
async fn openapi_document_matches_the_routes() {
    let t = test_app();
    let doc = get(&t.router, "/api/v1/openapi.json").await.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let routes = paygrid_web::api::route_list();
    let mut documented = Vec::new();
    for (path, item) in paths {
        for method in item.as_object().unwrap().keys() {
            documented.push((method.to_uppercase(), path.clone()));
        }
    }
    let mut routed: Vec<(String, String)> = routes.iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
    documented.sort();
    routed.sort();
    assert_eq!(documented, routed, "every API route is documented and every documented route exists");
    // The list is the router: each route answers its method (no 404/405 from routing).
    for (method, path) in &routes {
        let uri = path.replace("{id}", "1");
        let res = send(&t.router, admin(method.clone(), &uri, Some(TOKEN))).await;
        assert_ne!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {uri}");
        if res.status == StatusCode::NOT_FOUND {
            assert_ne!(res.error().0, "not_found", "{method} {uri} is not routed");
        }
    }
    let codes: Vec<&str> = doc["components"]["schemas"]["Error"]["properties"]["code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert!(codes.contains(&"payload_too_large") && codes.contains(&"rate_limited"));
}

fn benchmark_n(v: &Value) -> u64 {
    v["n"].as_u64().expect("published n")
}

#[tokio::test]
async fn submissions_count_only_after_approval() {
    let t = test_app();
    let r = &t.router;
    let cell = "/api/v1/benchmarks?role=backend-engineer&level=senior&location=Austin,+TX";
    let before = benchmark_n(&get(r, cell).await.json());
    assert_eq!(before, 20);

    let sub = json!({"title": "Senior Backend Developer", "location": "Austin, TX", "base": 171000, "bonus": 12000,
                     "skills": ["Rust"], "date": "2026-10-01"});
    let res = send(r, post_json("/api/v1/submissions", &sub, None)).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    let v = res.json();
    assert_eq!((v["status"].as_str(), v["interpreted"]["role"].as_str()), (Some("pending"), Some("backend-engineer")));
    let id = v["id"].as_i64().unwrap();

    // Pending: not counted, not public.
    assert_eq!(benchmark_n(&get(r, cell).await.json()), before);
    let list = send(r, admin(Method::GET, "/api/v1/admin/submissions?status=pending", Some(TOKEN))).await;
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.headers[header::CACHE_CONTROL], "no-store");
    let pending = list.json()["submissions"].as_array().unwrap().clone();
    assert_eq!(pending.len(), 1);
    assert_eq!((pending[0]["id"].as_i64(), pending[0]["payload"]["base"].as_i64()), (Some(id), Some(171000)));

    // Approval needs the token.
    let uri = format!("/api/v1/admin/submissions/{id}/approve");
    let res = send(r, admin(Method::POST, &uri, None)).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::UNAUTHORIZED, "missing_authorization"));
    assert_eq!(res.headers[header::WWW_AUTHENTICATE], "Bearer");
    let res = send(r, admin(Method::POST, &uri, Some("wrong-token"))).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::FORBIDDEN, "invalid_token"));
    assert_eq!(benchmark_n(&get(r, cell).await.json()), before);

    let res = send(r, admin(Method::POST, &uri, Some(TOKEN))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(res.json()["status"], "approved");
    // Approved, but alone in its privacy class (Austin, senior, 2026,
    // submissions): counting it would let anyone difference the figures
    // from before and after the approval.
    assert_eq!(benchmark_n(&get(r, cell).await.json()), before, "a lone submission is not counted");
    for base in [165_000, 168_000, 175_000, 180_000] {
        let mut more = sub.clone();
        more["base"] = json!(base);
        let id = send(r, post_json("/api/v1/submissions", &more, None)).await.json()["id"].as_i64().unwrap();
        let res = send(r, admin(Method::POST, &format!("/api/v1/admin/submissions/{id}/approve"), Some(TOKEN))).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    assert_eq!(benchmark_n(&get(r, cell).await.json()), before + 5, "counted once five make a class");
    let res = send(r, admin(Method::POST, &uri, Some(TOKEN))).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::CONFLICT, "submission_not_pending"));
    let res = send(r, admin(Method::POST, "/api/v1/admin/submissions/999/reject", Some(TOKEN))).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::NOT_FOUND, "submission_not_found"));
    let res = send(r, admin(Method::POST, "/api/v1/admin/submissions/abc/reject", Some(TOKEN))).await;
    assert_eq!((res.status, res.error()), (StatusCode::BAD_REQUEST, ("invalid_parameter".into(), Some("id".into()))));

    // A rejected one never counts; the sources page lists submissions.
    let id2 = send(r, post_json("/api/v1/submissions", &sub, None)).await.json()["id"].as_i64().unwrap();
    let res = send(r, admin(Method::POST, &format!("/api/v1/admin/submissions/{id2}/reject"), Some(TOKEN))).await;
    assert_eq!(res.json()["status"], "rejected");
    assert_eq!(benchmark_n(&get(r, cell).await.json()), before + 5);
    let sources = get(r, "/sources").await.body;
    assert!(sources.contains("submissions") && sources.contains("contributed through paygrid"));

    // The HTML form takes the same fields.
    let form = Request::post("/submit")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("title=Data+Scientist&location=Boston%2C+MA&base=140000&pay_period=year&currency=USD"))
        .unwrap();
    let res = send(r, form).await;
    assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
    assert!(res.body.contains("pending moderation"));
    // The pending form submission is not among the records; a few thin
    // ones are left out by the privacy rule, and the rest are published.
    let engine = &t.state.data().engine;
    assert_eq!(engine.privacy().records, 90 + 30 + 12 + 25 + 15 + 5);
    assert_eq!(engine.records().unwrap().get(), engine.privacy().records - engine.privacy().left_out);
}

#[tokio::test]
async fn admin_endpoints_are_closed_without_a_configured_token() {
    let t = test_app_with(|c| c.admin_token = None);
    for (m, uri) in [(Method::GET, "/api/v1/admin/submissions"), (Method::POST, "/api/v1/admin/submissions/1/approve")] {
        for token in [None, Some(TOKEN), Some("")] {
            let res = send(&t.router, admin(m.clone(), uri, token)).await;
            assert_eq!(res.status, StatusCode::FORBIDDEN, "{uri}");
            let (code, _) = res.error();
            assert_eq!(code, "admin_disabled");
            assert!(res.json()["message"].as_str().unwrap().contains("PAYGRID_ADMIN_TOKEN"));
        }
    }
}

#[tokio::test]
async fn submissions_are_rate_limited_per_client() {
    let t = test_app_with(|c| {
        c.submission_burst = 2;
        c.submission_every = Duration::from_secs(3600);
    });
    let sub = json!({"title": "Data Scientist", "location": "Boston, MA", "base": 120000});
    let from = |ip: &str| {
        let mut req = post_json("/api/v1/submissions", &sub, None);
        req.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new(ip.parse().unwrap(), 40000)));
        req
    };
    for _ in 0..2 {
        assert_eq!(send(&t.router, from("198.51.100.7")).await.status, StatusCode::ACCEPTED);
    }
    let res = send(&t.router, from("198.51.100.7")).await;
    assert_eq!((res.status, res.error().0.as_str()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
    let retry: u64 = res.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=3600).contains(&retry));
    assert_eq!(send(&t.router, from("198.51.100.8")).await.status, StatusCode::ACCEPTED, "another client has its own bucket");
    // The form shares the limit.
    let mut form = Request::post("/submit")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("title=Data+Scientist&location=Boston%2C+MA&base=120000"))
        .unwrap();
    form.extensions_mut().insert(axum::extract::ConnectInfo(std::net::SocketAddr::new("198.51.100.7".parse().unwrap(), 1)));
    let res = send(&t.router, form).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.body.contains("try again in"));
}

#[tokio::test]
async fn security_headers_on_every_kind_of_response() {
    let t = test_app();
    for uri in [
        "/",
        "/salaries/backend-engineer/united-states",
        "/api/v1/roles?q=data",
        "/api/v1/benchmarks",
        "/missing",
        "/assets/app.js",
    ] {
        let res = get(&t.router, uri).await;
        let h = &res.headers;
        let csp = h[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("default-src 'none'")
                && csp.contains("script-src 'self'")
                && !csp.contains("script-src 'self' 'unsafe-inline'"),
            "{uri}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{uri}");
        assert_eq!(h[header::REFERRER_POLICY], "no-referrer", "{uri}");
        assert_eq!(h[header::X_FRAME_OPTIONS], "DENY", "{uri}");
    }
}

#[tokio::test]
async fn user_text_renders_escaped() {
    let t = test_app();
    let r = &t.router;
    let evil = "<script>alert(1)</script>";
    // Six approved submissions carrying markup in every free-text field.
    for i in 0..6 {
        // A title that reads like a job, so that it gets a page of its own.
        let sub = json!({"title": format!("{evil} Engineer"), "company": evil, "industry": evil, "location": "Austin, TX", "base": 150000 + i * 1000,
                         "skills": [evil, "Rust"], "date": "2026-05-01"});
        let res = send(r, post_json("/api/v1/submissions", &sub, None)).await;
        assert_eq!(res.status, StatusCode::ACCEPTED, "{}", res.body);
        let id = res.json()["id"].as_i64().unwrap();
        assert_eq!(
            send(r, admin(Method::POST, &format!("/api/v1/admin/submissions/{id}/approve"), Some(TOKEN))).await.status,
            StatusCode::OK
        );
    }
    let role = t
        .state
        .data()
        .roles
        .iter()
        .find(|r| r.family.is_none() && r.soc.is_none())
        .map(|r| r.id.clone())
        .expect("the title's own role");
    let page = get(r, &format!("/salaries/{role}/united-states")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the company segment shows the text, escaped");
    assert!(!page.body.contains("<script>alert"), "no markup from data");
    for uri in
        ["/", "/compare?cell=backend-engineer||US&cell=%3Cscript%3E||US", "/offer?role=%3Cscript%3Ealert(1)%3C/script%3E&base=1"]
    {
        let res = get(r, uri).await;
        assert!(!res.body.contains("<script>alert"), "{uri}");
    }
    // A rejected form is shown again with what was typed, escaped.
    let form = Request::post("/submit")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(format!(
            "title={}&base=lots",
            form_urlencoded::byte_serialize(format!("\"{evil}").as_bytes()).collect::<String>()
        )))
        .unwrap();
    let res = send(r, form).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("value=\"&quot;&lt;script&gt;alert(1)&lt;/script&gt;\""), "{}", res.body);
    assert!(!res.body.contains("<script>alert"));
}

#[tokio::test]
async fn the_tools_work_without_javascript() {
    let t = test_app();
    let r = &t.router;
    let res = get(r, "/compare?role=backend-engineer&level=senior&location=Seattle,+WA&role=backend-engineer&level=senior&location=Austin,+TX&role=&level=&location=").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains("id=\"comparison\"") && res.body.contains("Austin"));
    assert!(res.body.contains("CIs overlap") || res.body.contains("CIs do not overlap"));
    let res = get(r, "/offer?role=Backend+Engineer&level=senior&location=Seattle%2C+WA&base=150000&bonus=20000&equity_grant=200000&vest_years=4&signing=").await;
    assert_eq!(res.status, StatusCode::OK);
    for needle in ["id=\"evaluation\"", "percentile", "Counter-offer", "Ask for a base of", "The same base in other metros"] {
        assert!(res.body.contains(needle), "offer page lacks {needle:?}");
    }
    let res = get(r, "/offer?role=backend-engineer&base=lots").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.body.contains("field: base"));
}

/// Binds port 0, serves, and talks HTTP/1.1 over a plain std TcpStream.
async fn spawn_app(
    state: AppState,
) -> (std::net::SocketAddr, tokio::sync::oneshot::Sender<()>, tokio::task::JoinHandle<std::io::Result<()>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(paygrid_web::serve(listener, state, async {
        let _ = rx.await;
    }));
    (addr, tx, server)
}

fn raw_get(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_answers_over_a_real_socket_and_shuts_down() {
    let t = test_app();
    let (addr, stop, server) = spawn_app(t.state.clone()).await;
    let reply = tokio::task::spawn_blocking(move || raw_get(addr, "/api/v1/roles?q=backend")).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 200 OK\r\n"), "{reply}");
    assert!(reply.to_ascii_lowercase().contains("x-content-type-options: nosniff"));
    assert!(reply.contains("\"id\":\"backend-engineer\""), "{reply}");
    let page =
        tokio::task::spawn_blocking(move || raw_get(addr, "/salaries/backend-engineer/united-states/senior")).await.unwrap();
    assert!(page.starts_with("HTTP/1.1 200 OK\r\n") && page.contains("</html>"));
    stop.send(()).unwrap();
    tokio::time::timeout(Duration::from_secs(10), server).await.expect("graceful shutdown").unwrap().unwrap();
    assert!(std::net::TcpStream::connect(addr).is_err(), "no longer listening");
}

/// A title whose few records the privacy rule withholds answers like a
/// title nobody reported: same status, same error body but for the name.
#[tokio::test]
async fn withheld_titles_answer_like_unseen_ones() {
    let mut csv = synthetic_csv();
    for i in 0..2 {
        csv.push_str(&format!("Zymurgist,Brewco,\"Seattle, WA\",5,{},0,0,2024-03-15,\n", 90_000 + 1_000 * i));
    }
    let t = test_app_from(&csv, |_| {});
    let r = &t.router;
    let ask = |title: &'static str| {
        let uri = format!("/api/v1/benchmarks?role={title}&location=Seattle,+WA");
        async move {
            let res = get(r, &uri).await;
            (res.status, res.body.replace(title, "T"))
        }
    };
    let rare = ask("Zymurgist").await;
    assert_eq!(rare, ask("Xylophonist").await);
    assert_eq!(rare.0, StatusCode::NOT_FOUND, "{}", rare.1);
    let roles = get(r, "/api/v1/roles?q=zym").await;
    assert!(!roles.body.to_lowercase().contains("zymurgist"), "{}", roles.body);
}

/// A misspelt key is refused naming it, in an offer and in a submission;
/// a submission's place must resolve; and refused submissions do not use
/// up the sender's rate limit.
#[tokio::test]
async fn unknown_fields_unresolved_places_and_the_rate_limit() {
    let t = test_app_with(|c| c.submission_burst = 2);
    let r = &t.router;
    let offer = json!({"role": "backend-engineer", "base": 150000, "equity": 40000});
    let res = send(r, post_json("/api/v1/offers", &offer, None)).await;
    assert_eq!((res.status, res.error()), (StatusCode::BAD_REQUEST, ("invalid_parameter".into(), Some("equity".into()))));

    let sub = |extra: Value| {
        let mut v = json!({"title": "Senior Backend Engineer", "location": "Seattle, WA", "base": 185000, "date": "2026-10-01"});
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        post_json("/api/v1/submissions", &v, None)
    };
    let res = send(r, sub(json!({"equity_grant": 40000}))).await;
    assert_eq!(
        (res.status, res.error()),
        (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_submission".into(), Some("equity_grant".into())))
    );
    let res = send(r, sub(json!({"location": "Xyzzy Plains"}))).await;
    assert_eq!(
        (res.status, res.error()),
        (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_submission".into(), Some("location".into())))
    );
    for _ in 0..5 {
        assert_eq!(send(r, sub(json!({"base": -5}))).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Seven refused so far, and the burst of two is still whole.
    assert_eq!(send(r, sub(json!({}))).await.status, StatusCode::ACCEPTED);
    assert_eq!(send(r, sub(json!({}))).await.status, StatusCode::ACCEPTED);
    assert_eq!(send(r, sub(json!({}))).await.status, StatusCode::TOO_MANY_REQUESTS);
}

/// The home page's example finds its role, results rank by match and then
/// by records and page on, places with records come before the alphabet,
/// and survey filler never becomes a role.
#[tokio::test]
async fn search_ranks_pages_and_keeps_junk_out() {
    let mut csv = synthetic_csv();
    for i in 0..6 {
        csv.push_str(&format!("Other please specify salary,Acme,\"Austin, TX\",5,{},0,0,2024-03-15,\n", 90_000 + 1_000 * i));
        csv.push_str(&format!("Pricing Analyst,Acme,\"Austin, TX\",5,{},0,0,2024-03-15,\n", 80_000 + 1_000 * i));
    }
    let t = test_app_from(&csv, |_| {});
    let r = &t.router;
    let v = get(r, "/api/v1/roles?q=Senior+Back").await.json();
    let first = &v["roles"][0];
    assert_eq!(first["id"], "backend-engineer", "{v}");
    assert_eq!(first["suggest"], "Senior Backend Engineer", "the suggestion contains what was typed");
    // Junk titles never appear; job-like titles with enough records do.
    let all = get(r, "/api/v1/roles?limit=100").await.json();
    let ids: Vec<&str> = all["roles"].as_array().unwrap().iter().map(|x| x["id"].as_str().unwrap()).collect();
    assert!(ids.contains(&"pricing-analyst") && !ids.iter().any(|i| i.contains("specify")), "{ids:?}");
    // Paging: the second page continues where the first stopped.
    let p1 = get(r, "/api/v1/locations?q=a&limit=3").await.json();
    let next = p1["next_offset"].as_u64().expect("more than one page");
    assert_eq!(next, 3);
    let p2 = get(r, &format!("/api/v1/locations?q=a&limit=3&offset={next}")).await.json();
    assert_ne!(p1["locations"][0]["code"], p2["locations"][0]["code"]);
    assert!(p1["total"].as_u64().unwrap() > 6);
    // With no query, places with records lead, most records first.
    let top = get(r, "/api/v1/locations").await.json();
    let ns: Vec<u64> = top["locations"].as_array().unwrap().iter().map(|l| l["n"].as_u64().unwrap_or(0)).collect();
    assert!(ns[0] > 0 && ns.windows(2).all(|w| w[0] >= w[1]), "{ns:?}");
    assert_ne!(top["locations"][0]["name"], "Antarctica");
    let bad = get(r, "/api/v1/roles?limit=5000").await;
    assert_eq!((bad.status, bad.error().1), (StatusCode::BAD_REQUEST, Some("limit".into())));
}

/// Level aliases in a report's address lead to the level's own page.
#[tokio::test]
async fn level_aliases_redirect_to_the_canonical_page() {
    let t = test_app();
    for alias in ["l5", "L5", "sr", "Senior"] {
        let res = get(&t.router, &format!("/salaries/backend-engineer/united-states/{alias}")).await;
        assert_eq!(res.status, StatusCode::PERMANENT_REDIRECT, "{alias}");
        assert_eq!(res.headers[header::LOCATION], "/salaries/backend-engineer/united-states/senior", "{alias}");
    }
    assert_eq!(get(&t.router, "/salaries/backend-engineer/united-states/wizard").await.status, StatusCode::BAD_REQUEST);
}
