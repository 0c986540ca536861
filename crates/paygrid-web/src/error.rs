//! Every error the server can answer with, from one table: a stable code
//! string (what clients match on), the HTTP status and a default message.
//! The API sends `{code, message, field}`; pages show the same message in
//! an HTML page with the same status; the OpenAPI document lists the codes
//! from this table, so documentation and behaviour cannot drift.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

macro_rules! error_codes {
    ($($variant:ident => $code:literal, $status:ident, $message:literal;)*) => {
        /// The error-code table.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable string clients match on.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            pub fn status(self) -> StatusCode {
                match self {
                    $(Code::$variant => StatusCode::$status,)*
                }
            }

            pub fn default_message(self) -> &'static str {
                match self {
                    $(Code::$variant => $message,)*
                }
            }
        }
    };
}

error_codes! {
    MissingParameter => "missing_parameter", BAD_REQUEST, "a required parameter is missing";
    InvalidParameter => "invalid_parameter", BAD_REQUEST, "a parameter has an invalid value";
    InvalidLevel => "invalid_level", BAD_REQUEST,
        "unknown level: use entry, mid, senior, staff, principal, manager or executive";
    InvalidPeriod => "invalid_period", BAD_REQUEST, "since must be a year not after until";
    UnknownRole => "unknown_role", NOT_FOUND, "no role or job title in the catalogue or the data matches";
    UnknownLocation => "unknown_location", NOT_FOUND,
        "unknown location: try a city and state (\"Seattle, WA\"), a country, a metro code or \"Remote\"";
    UnknownSource => "unknown_source", BAD_REQUEST, "no import kind or dataset has this name";
    InvalidCellCount => "invalid_cell_count", BAD_REQUEST, "a comparison takes 2 to 4 cells";
    InvalidOffer => "invalid_offer", BAD_REQUEST,
        "an offer amount is missing, not a non-negative number, or outside the sanity range imports apply";
    MalformedJson => "malformed_json", BAD_REQUEST, "the request body is not valid JSON";
    UnsupportedMediaType => "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE, "send the body as application/json";
    PayloadTooLarge => "payload_too_large", PAYLOAD_TOO_LARGE, "the request body is over the 64 KiB limit";
    InvalidSubmission => "invalid_submission", UNPROCESSABLE_ENTITY,
        "the submission was rejected by the import rules (docs/import-format.md)";
    RateLimited => "rate_limited", TOO_MANY_REQUESTS, "too many submissions from this address: try again later";
    MissingAuthorization => "missing_authorization", UNAUTHORIZED,
        "send the admin token as `Authorization: Bearer <token>`";
    InvalidToken => "invalid_token", FORBIDDEN, "the admin token is not valid";
    AdminDisabled => "admin_disabled", FORBIDDEN,
        "admin endpoints are disabled: start the server with PAYGRID_ADMIN_TOKEN set to enable them";
    SubmissionNotFound => "submission_not_found", NOT_FOUND, "no submission has this id";
    SubmissionNotPending => "submission_not_pending", CONFLICT, "only pending submissions can be moderated";
    NotFound => "not_found", NOT_FOUND, "nothing lives at this address";
    MethodNotAllowed => "method_not_allowed", METHOD_NOT_ALLOWED, "this address does not accept this HTTP method";
    Internal => "internal", INTERNAL_SERVER_ERROR, "internal error; the server log has the details";
}

/// An error answer. `field` names the parameter or body field at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub code: Code,
    pub message: String,
    pub field: Option<String>,
    /// Seconds, sent as `Retry-After` (rate limiting).
    pub retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(code: Code) -> ApiError {
        ApiError { code, message: code.default_message().to_string(), field: None, retry_after: None }
    }

    pub fn field(mut self, field: impl Into<String>) -> ApiError {
        self.field = Some(field.into());
        self
    }

    pub fn message(mut self, message: impl Into<String>) -> ApiError {
        self.message = message.into();
        self
    }

    pub fn internal(e: impl std::fmt::Display) -> ApiError {
        eprintln!("internal error: {e}");
        ApiError::new(Code::Internal)
    }

    pub fn status(&self) -> StatusCode {
        self.code.status()
    }

    pub fn to_json(&self) -> serde_json::Value {
        json!({"code": self.code.as_str(), "message": self.message, "field": self.field})
    }

    fn decorate(&self, res: &mut Response) {
        let headers = res.headers_mut();
        if let Some(s) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(s));
        }
        if self.code == Code::MissingAuthorization {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
    }
}

impl From<paygrid_store::StoreError> for ApiError {
    fn from(e: paygrid_store::StoreError) -> ApiError {
        ApiError::internal(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = crate::json_response(self.status(), &self.to_json());
        self.decorate(&mut res);
        res
    }
}

/// The same error for a browser: an HTML page with the same status.
pub struct PageError(pub ApiError);

impl From<ApiError> for PageError {
    fn from(e: ApiError) -> PageError {
        PageError(e)
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let e = self.0;
        let mut res = (e.status(), crate::pages::error_page(&e)).into_response();
        e.decorate(&mut res);
        res
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_snake_case_and_errors() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {}", c.as_str());
            assert!(c.as_str().chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
            assert!(c.status().is_client_error() || c.status().is_server_error());
            assert!(!c.default_message().is_empty());
        }
    }
}
