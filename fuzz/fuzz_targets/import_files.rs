//! Every importer on arbitrary bytes: the first byte picks the kind (and
//! CSV or JSONL for generic), the rest is the file. A file may be refused
//! or its rows rejected; nothing may panic, and every row must end up
//! accepted or rejected.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paygrid_domain::record::Date;
use paygrid_ingest::{open, ImportOptions, Parsed, KINDS};

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else { return };
    let kind = KINDS[selector as usize % KINDS.len()];
    let name = if selector & 0x80 != 0 { "fuzz.jsonl" } else { "fuzz.csv" };
    let opts = ImportOptions::new(Date::new(2026, 11, 22).unwrap());
    let Ok(parsed) = open(kind, name, Box::new(std::io::Cursor::new(body.to_vec())), opts) else { return };
    match parsed {
        Parsed::Records(rows) => {
            for row in rows.take(10_000) {
                if row.is_err() {
                    break;
                }
            }
        }
        Parsed::Oews(rows) => {
            for row in rows.take(10_000) {
                if row.is_err() {
                    break;
                }
            }
        }
    }
});
