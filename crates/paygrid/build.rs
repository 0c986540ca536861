//! Tells the tests whether the real datasets that may not be shipped
//! (Levels.fyi, the Stack Overflow survey sample) are beside the clone, in
//! `../shared/data` or wherever `PAYGRID_SHARED_DATA` points. Tests that
//! need them are marked `ignore` with the reason when they are missing, so
//! a fresh clone's `cargo test` lists what it left out instead of failing
//! or silently passing; `.ci/run` provides the data and runs them.

use std::path::PathBuf;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(shared_data)");
    println!("cargo::rerun-if-env-changed=PAYGRID_SHARED_DATA");
    let dir = match std::env::var_os("PAYGRID_SHARED_DATA") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it")).join("../../../shared/data"),
    };
    let needed = ["records/levels_fyi_2017-2020.csv", "records/so_survey_2025_sample_1000.csv"];
    for rel in needed {
        println!("cargo::rerun-if-changed={}", dir.join(rel).display());
    }
    println!("cargo::rustc-env=PAYGRID_SHARED_DATA_DIR={}", dir.display());
    if needed.iter().all(|rel| dir.join(rel).is_file()) {
        println!("cargo::rustc-cfg=shared_data");
    }
}
