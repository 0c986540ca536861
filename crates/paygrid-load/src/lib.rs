//! From a store to an engine: the one place where stored records become
//! the analytic [`Snapshot`] and the published [`Engine`]. The CLI's
//! figure commands and the server both load through here, so both compute
//! from the same snapshot.
//!
//! Principal items: [`load_snapshot`] (raw, before the privacy rule: for
//! operators' measurements) and [`load_engine`] (published).

use paygrid_engine::{Engine, OewsRef, Snapshot, SnapshotBuilder};
use paygrid_store::{Store, StoreError};

/// The published engine over every stored record, at privacy floor `floor`.
pub fn load_engine(store: &dyn Store, floor: usize) -> Result<Engine, StoreError> {
    Ok(Engine::new(load_snapshot(store)?, floor))
}

/// The raw snapshot [`load_engine`] publishes: every stored record and the
/// OEWS estimates of the catalogue's occupations, before the privacy rule.
pub fn load_snapshot(store: &dyn Store) -> Result<Snapshot, StoreError> {
    let mut b = SnapshotBuilder::new();
    store.scan_records(&mut |ds, r| b.push(ds, &r))?;
    let mut socs: Vec<&str> = paygrid_domain::role::catalogue().iter().map(|r| r.soc).collect();
    socs.sort_unstable();
    socs.dedup();
    store.scan_oews(&socs, &mut |o| {
        b.push_oews(
            &o.area_type,
            OewsRef {
                year: o.year,
                area_code: o.area_code,
                area_name: o.area_name,
                occ_code: o.occ_code,
                occ_title: o.occ_title,
                employment: o.tot_emp,
                mean: o.a_mean,
                p10: o.a_p10,
                p25: o.a_p25,
                p50: o.a_median,
                p75: o.a_p75,
                p90: o.a_p90,
                footnotes: o.footnotes,
            },
        )
    })?;
    b.updated(store.last_import()?);
    Ok(b.build())
}
