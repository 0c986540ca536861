//! `paygrid moderate`: list pending salary submissions and approve or
//! reject them. An approved submission becomes a record and counts in
//! figures from then on; a running server sees it after its next reload
//! (the admin API moderates a live server and reloads it at once).

use crate::output::{Format, Listing};
use crate::{print, CliError};
use paygrid_store::{Backend, Moderation, SubmissionStatus};
use serde_json::json;

#[derive(clap::Args, Debug, Clone)]
pub struct ModerateArgs {
    /// List submissions (pending ones unless --status says otherwise); the default without --approve/--reject
    #[arg(long)]
    pub list: bool,
    /// pending, approved, rejected or all
    #[arg(long, default_value = "pending")]
    pub status: String,
    /// Approve this submission (repeatable)
    #[arg(long, value_name = "ID")]
    pub approve: Vec<i64>,
    /// Reject this submission (repeatable)
    #[arg(long, value_name = "ID")]
    pub reject: Vec<i64>,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

pub fn run(store: &mut dyn Backend, args: &ModerateArgs) -> Result<(), CliError> {
    let mut failed = Vec::new();
    for (ids, approve) in [(&args.approve, true), (&args.reject, false)] {
        for &id in ids {
            let line = match store.moderate(id, approve, &crate::now_iso())? {
                Moderation::Approved { record_id } => format!("submission {id}: approved (record {record_id})"),
                Moderation::Rejected => format!("submission {id}: rejected"),
                Moderation::NotFound => {
                    failed.push(format!("submission {id}: no such submission"));
                    continue;
                }
                Moderation::AlreadyModerated(s) => {
                    failed.push(format!("submission {id}: already {}", s.slug()));
                    continue;
                }
                Moderation::Invalid(why) => {
                    failed.push(format!("submission {id}: no longer valid, left pending: {why}"));
                    continue;
                }
            };
            print(&format!("{line}\n"));
        }
    }
    if args.list || (args.approve.is_empty() && args.reject.is_empty()) {
        let status = match args.status.as_str() {
            "all" => None,
            s => Some(
                SubmissionStatus::from_slug(s)
                    .ok_or_else(|| CliError::Input(format!("unknown status {s:?}; one of pending, approved, rejected, all")))?,
            ),
        };
        let rows = store
            .list_submissions(status)?
            .into_iter()
            .map(|s| {
                vec![
                    json!(s.id),
                    json!(s.status.slug()),
                    json!(s.submitted_at),
                    json!(s.title),
                    json!(s.role),
                    json!(s.level),
                    json!(s.location),
                    json!(s.base),
                    json!(s.total),
                ]
            })
            .collect();
        let l = Listing {
            columns: vec!["id", "status", "submitted_at", "title", "role", "level", "location", "base", "total"],
            rows,
        };
        print(&l.render(args.format));
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::Input(failed.join("; ")))
    }
}
