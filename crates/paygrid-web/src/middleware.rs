//! The few cross-cutting pieces, written here instead of pulling in
//! tower-http: panics answered as errors, security headers, the request
//! log, the submission rate limiter and bounded body reading.

use crate::error::{ApiError, Code};
use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Largest request body a write endpoint reads.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// Scripts only from this origin (the autocomplete enhancement), no inline
/// script, no framing, forms post only here. Inline styles are allowed
/// because the report's charts are inline SVG with style attributes; they
/// cannot run code.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// A handler that panics would otherwise drop the connection with no
/// answer. This answers 500 with the JSON error body (the page error for
/// pages) and logs the panic's message and the path (not the query: it may
/// carry a person's pay).
pub async fn catch_panic(req: Request, next: Next) -> Response {
    let path = req.uri().path().to_string();
    let json = path.starts_with("/api/");
    match CatchUnwind(Box::pin(next.run(req))).await {
        Ok(res) => res,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "non-text panic".to_string());
            eprintln!("panic while answering {path}: {what}");
            let e = ApiError::new(Code::Internal);
            if json {
                axum::response::IntoResponse::into_response(e)
            } else {
                axum::response::IntoResponse::into_response(crate::error::PageError(e))
            }
        }
    }
}

/// Polls a future, turning a panic inside any poll into an `Err`.
struct CatchUnwind<F>(std::pin::Pin<Box<F>>);

impl<F: std::future::Future> std::future::Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn std::any::Any + Send>>;

    fn poll(mut self: std::pin::Pin<&mut Self>, cx: &mut std::task::Context<'_>) -> std::task::Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(std::task::Poll::Pending) => std::task::Poll::Pending,
            Ok(std::task::Poll::Ready(v)) => std::task::Poll::Ready(Ok(v)),
            Err(panic) => std::task::Poll::Ready(Err(panic)),
        }
    }
}

pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // Offer and compare URLs carry pay in their query strings: never send
    // them to another site.
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"));
    h.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    res
}

/// One line per request on stderr: method, path, status, duration. The
/// query string is left out on purpose: offer pages carry a person's pay
/// in it, and a log is not a place for that.
pub async fn request_log(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let res = next.run(req).await;
    eprintln!("{method} {path} {} {:.1}ms", res.status().as_u16(), start.elapsed().as_secs_f64() * 1000.0);
    res
}

/// Token bucket per client address: `burst` submissions at once, then one
/// per `every`. In memory: a restart forgives everyone, which is fine for
/// a limit whose job is to slow down floods, not to account.
pub struct RateLimiter {
    burst: f64,
    every: Duration,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Clone, Copy)]
struct Bucket {
    tokens: f64,
    at: Instant,
}

/// Addresses tracked before idle (full) buckets are dropped.
const MAX_TRACKED: usize = 10_000;

impl RateLimiter {
    pub fn new(burst: u32, every: Duration) -> RateLimiter {
        RateLimiter { burst: burst.max(1) as f64, every: every.max(Duration::from_millis(1)), buckets: Mutex::default() }
    }

    /// Takes a token for `ip`, or says how many seconds until one is free.
    pub fn check(&self, ip: IpAddr, now: Instant) -> Result<(), u64> {
        let rate = 1.0 / self.every.as_secs_f64();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        if buckets.len() >= MAX_TRACKED {
            let burst = self.burst;
            buckets.retain(|_, b| b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate < burst);
        }
        let b = buckets.entry(bucket_key(ip)).or_insert(Bucket { tokens: self.burst, at: now });
        b.tokens = (b.tokens + now.saturating_duration_since(b.at).as_secs_f64() * rate).min(self.burst);
        b.at = now;
        if b.tokens >= 1.0 {
            b.tokens -= 1.0;
            Ok(())
        } else {
            Err(((1.0 - b.tokens) / rate).ceil().max(1.0) as u64)
        }
    }
}

/// IPv6 clients usually own a whole /64; keying on the full address would
/// let one client rotate through billions of buckets.
fn bucket_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            let s = v6.segments();
            IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
        }
        IpAddr::V6(v6) => IpAddr::V4(v6.to_ipv4_mapped().expect("checked")),
        v4 => v4,
    }
}

/// The peer address the server saw. Requests without one (driven in
/// process, as the tests do) share the unspecified address. Forwarded
/// headers are not trusted: anyone can write them.
pub fn client_ip(req: &Request) -> IpAddr {
    req.extensions().get::<ConnectInfo<SocketAddr>>().map_or(IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED), |c| c.0.ip())
}

/// Reads a body of the given media type, at most [`MAX_BODY_BYTES`].
pub async fn read_body(headers: &HeaderMap, body: Body, media_type: &str) -> Result<Vec<u8>, ApiError> {
    let ct = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = ct.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case(media_type) {
        return Err(ApiError::new(Code::UnsupportedMediaType)
            .field("content-type")
            .message(format!("send the body as {media_type}, not {:?}", crate::params::truncate(ct, 60))));
    }
    let too_large = || {
        ApiError::new(Code::PayloadTooLarge).message(format!("the request body is over the {} KiB limit", MAX_BODY_BYTES / 1024))
    };
    let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large());
    }
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(b) => Ok(b.to_vec()),
        Err(e) => {
            let over = std::error::Error::source(&e)
                .is_some_and(|s| s.downcast_ref::<http_body_util::LengthLimitError>().is_some())
                || e.to_string().contains("length limit");
            Err(if over {
                too_large()
            } else {
                ApiError::new(Code::InvalidParameter).field("body").message(format!("the request body could not be read: {e}"))
            })
        }
    }
}

/// A JSON body, read with the size limit.
pub async fn read_json(headers: &HeaderMap, body: Body) -> Result<serde_json::Value, ApiError> {
    let bytes = read_body(headers, body, "application/json").await?;
    serde_json::from_slice(&bytes)
        .map_err(|e| ApiError::new(Code::MalformedJson).field("body").message(format!("the request body is not valid JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boom(what: &str) -> &'static str {
        panic!("{what}")
    }

    /// A handler that panics gets a 500 with the error body, JSON for the
    /// API and a page for pages, and the server keeps answering.
    #[tokio::test]
    async fn a_panicking_handler_answers_500() {
        use tower::ServiceExt;
        let router = axum::Router::new()
            .route("/api/v1/boom", axum::routing::get(|| async { boom("boom") }))
            .route("/boom", axum::routing::get(|| async { boom(&String::from("boom")) }))
            .route("/fine", axum::routing::get(|| async { "fine" }))
            .layer(axum::middleware::from_fn(catch_panic));
        let ask = |uri: &'static str| {
            let router = router.clone();
            async move {
                let res = router.oneshot(axum::http::Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
                let status = res.status();
                let body = axum::body::to_bytes(res.into_body(), 1 << 20).await.unwrap();
                (status, String::from_utf8(body.to_vec()).unwrap())
            }
        };
        let (status, body) = ask("/api/v1/boom").await;
        assert_eq!(status, axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["code"], "internal");
        let (status, body) = ask("/boom").await;
        assert_eq!(status, axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        assert!(body.contains("<html") || body.contains("<!DOCTYPE"), "{body}");
        assert_eq!(ask("/fine").await, (axum::http::StatusCode::OK, "fine".to_string()));
    }

    #[test]
    fn token_bucket_refills_at_its_rate() {
        let l = RateLimiter::new(2, Duration::from_secs(10));
        let t0 = Instant::now();
        let ip: IpAddr = "192.0.2.1".parse().unwrap();
        assert!(l.check(ip, t0).is_ok() && l.check(ip, t0).is_ok());
        assert_eq!(l.check(ip, t0), Err(10));
        assert!(l.check("192.0.2.2".parse().unwrap(), t0).is_ok(), "buckets are per address");
        assert_eq!(l.check(ip, t0 + Duration::from_secs(4)), Err(6));
        assert!(l.check(ip, t0 + Duration::from_secs(10)).is_ok());
        // One /64 is one client.
        let a: IpAddr = "2001:db8::1".parse().unwrap();
        let b: IpAddr = "2001:db8::2".parse().unwrap();
        assert!(l.check(a, t0).is_ok() && l.check(b, t0).is_ok());
        assert!(l.check(a, t0).is_err());
    }
}
