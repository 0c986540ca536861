//! The store's listings: `paygrid sources`, `paygrid rejects`, `paygrid roles`.

use crate::output::{Format, Listing};
use crate::{print, CliError, Ctx};
use serde_json::json;

pub(crate) fn sources(ctx: &Ctx, format: Format) -> Result<(), CliError> {
    let store = ctx.store()?;
    let rows = store
        .sources()?
        .into_iter()
        .map(|s| {
            vec![
                json!(s.id),
                json!(s.kind),
                json!(s.dataset),
                json!(s.file),
                json!(s.licence),
                json!(s.imported_at),
                json!(s.rows_read),
                json!(s.accepted),
                json!(s.rejected),
                json!(s.duplicates),
                json!(s.range_pairs),
                json!(s.unresolved_locations),
                json!(s.unknown_titles),
                json!(s.date_min),
                json!(s.date_max),
            ]
        })
        .collect();
    let l = Listing {
        columns: vec![
            "id",
            "kind",
            "dataset",
            "file",
            "licence",
            "imported_at",
            "rows_read",
            "accepted",
            "rejected",
            "duplicates",
            "range_pairs",
            "unresolved_locations",
            "unknown_titles",
            "date_from",
            "date_to",
        ],
        rows,
    };
    print(&l.render(format));
    Ok(())
}

pub(crate) fn rejects(ctx: &Ctx, import: Option<i64>, limit: usize, format: Format) -> Result<(), CliError> {
    let store = ctx.store()?;
    let rows = store
        .rejects(import, limit)?
        .into_iter()
        .map(|r| vec![json!(r.import_id), json!(r.kind), json!(r.file), json!(r.row), json!(r.field), json!(r.reason)])
        .collect();
    let l = Listing { columns: vec!["import", "kind", "file", "row", "field", "reason"], rows };
    print(&l.render(format));
    Ok(())
}

pub(crate) fn roles(format: Format) -> Result<(), CliError> {
    let rows = paygrid_domain::role::catalogue()
        .iter()
        .map(|r| vec![json!(r.id), json!(r.name), json!(r.parent), json!(r.soc)])
        .collect();
    print(&Listing { columns: vec!["id", "name", "family", "soc"], rows }.render(format));
    Ok(())
}
