//! The submission endpoint's body parser on arbitrary bytes: JSON that
//! parses is validated like an import row; nothing may panic, and an
//! accepted submission is within the sanity range.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paygrid_domain::record::Date;
use paygrid_ingest::submission::parse_submission;
use paygrid_ingest::ImportOptions;

fuzz_target!(|data: &[u8]| {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) else { return };
    let opts = ImportOptions::new(Date::new(2026, 11, 22).unwrap());
    if let Ok(record) = parse_submission(&value, &opts) {
        assert!(record.total >= opts.min_pay && record.total <= opts.max_pay, "total {} out of range", record.total);
        if let Some(base) = record.base {
            assert!(base >= opts.min_pay && base <= opts.max_pay, "base {base} out of range");
        }
    }
});
