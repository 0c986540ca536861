//! The submission endpoint's body parser on arbitrary bytes: JSON that
//! parses is validated like an import row; nothing may panic, and an
//! accepted submission is within the sanity range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paygrid_domain::record::Date;
use paygrid_ingest::submission::parse_submission;
use paygrid_ingest::{check_annual_pay, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let opts = ImportOptions::new(Date::new(2026, 11, 22).unwrap());
    if let Ok(record) = parse_submission(&value, &opts) {
        let country = record.country.as_deref();
        assert!(check_annual_pay(record.total, country).is_ok(), "total {} out of range", record.total);
        if let Some(base) = record.base {
            assert!(check_annual_pay(base, country).is_ok(), "base {base} out of range");
        }
    }
});
