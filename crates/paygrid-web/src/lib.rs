//! paygrid's web server: server-rendered pages (search, market report,
//! compare, offer, submit, methodology, sources) and the `/api/v1` JSON
//! API with its OpenAPI document, over one in-memory engine snapshot.
//!
//! [`app`] returns a plain [`axum::Router`], so tests drive it in process
//! with `tower::ServiceExt::oneshot`; [`serve`] binds it to a socket with
//! graceful shutdown.
//!
//! Invariants:
//! - Public routes answer with aggregates only; individual records and
//!   pending submissions never leave except through the admin endpoints.
//! - Reads never touch the database: they use the snapshot loaded at start
//!   (and reloaded after each moderation). Only submissions and moderation
//!   write, behind one mutex, on the blocking thread pool.
//! - Handlers that compute (reports, comparisons, offers) do so through
//!   [`AppState::compute`]: on the blocking pool, two tasks per core, so the
//!   async worker threads never wait on a page. Only work measured to take
//!   under a millisecond (one cell's benchmark, search) runs inline.
//!
//! Build cost, measured cold on this 2-core machine (dev profile, other
//! builds running, load 4–5, so wall times are pessimistic): the new
//! dependencies (axum without default features, hyper, tokio, tower,
//! form_urlencoded, http-body-util: 44 crates) take ~64 s CPU alone; on top
//! of the rest of the workspace, deps plus this crate add ~93 s CPU
//! (~103 s wall), of which this crate is ~12 s. tower-http (set-header,
//! limit, trace) would add only ~2.4 s CPU, but its body limit answers in
//! plain text and its trace layer needs a subscriber, while ours answer
//! with the JSON error table and keep query strings out of the log.

pub mod api;
pub mod error;
pub mod markdown;
pub mod middleware;
pub mod openapi;
pub mod pages;
pub mod params;
mod state;

pub use state::{AppState, Config, Data};

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::future::Future;

/// The whole application: pages, API, fallbacks and middleware.
pub fn app(state: AppState) -> Router {
    Router::new()
        .merge(pages::routes())
        .merge(api::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn(middleware::catch_panic))
        .layer(axum::middleware::from_fn(middleware::security_headers))
        .layer(axum::middleware::from_fn(middleware::request_log))
        .with_state(state)
}

fn wants_json(uri: &axum::http::Uri) -> bool {
    uri.path().starts_with("/api/")
}

async fn not_found(uri: axum::http::Uri) -> Response {
    let e = error::ApiError::new(error::Code::NotFound);
    if wants_json(&uri) {
        e.into_response()
    } else {
        error::PageError(e).into_response()
    }
}

async fn method_not_allowed(uri: axum::http::Uri) -> Response {
    let e = error::ApiError::new(error::Code::MethodNotAllowed);
    if wants_json(&uri) {
        e.into_response()
    } else {
        error::PageError(e).into_response()
    }
}

/// Serves `state` on `listener` until `shutdown` resolves, then stops
/// accepting and lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let service = app(state).into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service).with_graceful_shutdown(shutdown).await
}

/// Runs the server on `listener` (already bound, so the caller knows the
/// address before any request) on a new multi-threaded runtime, until
/// Ctrl-C or SIGTERM; requests in flight then finish.
pub fn run(listener: std::net::TcpListener, state: AppState) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        serve(listener, state, shutdown_signal()).await
    })
}

/// Resolves on Ctrl-C (SIGINT) or SIGTERM, whichever comes first.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// A JSON response with the given status.
pub fn json_response(status: StatusCode, value: &impl serde::Serialize) -> Response {
    match serde_json::to_vec(value) {
        Ok(body) => (status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], body).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("serialization failed: {e}")).into_response(),
    }
}
