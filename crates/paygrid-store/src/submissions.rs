//! Salary submissions held for moderation (README.md, "Web and JSON API": public,
//! validated, rate-limited, held for moderation).
//!
//! A submission is stored as the JSON object the contributor sent. It
//! counts in no figure until a moderator approves it; approval turns it into
//! an ordinary record (kind `submission`, dataset `submissions`) in the same
//! transaction that marks it approved, so a crash can neither lose an
//! approved record nor count one twice.

use crate::sqlite::{insert_record, INSERT_RECORD, RECORD_COLUMNS};
use crate::{ImportMeta, SqliteStore, StoreError};
use paygrid_domain::record::Date;
use paygrid_domain::{Record, SourceKind};
use paygrid_ingest::submission::parse_submission;
use paygrid_ingest::ImportOptions;
use rusqlite::{params, OptionalExtension};

/// The dataset approved submissions are filed under.
pub const SUBMISSIONS_DATASET: &str = "submissions";
/// Shown as the licence of the submissions source.
pub const SUBMISSIONS_LICENCE: &str = "contributed through paygrid's submit form; published only as aggregates";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubmissionStatus {
    Pending,
    Approved,
    Rejected,
}

impl SubmissionStatus {
    pub const ALL: [SubmissionStatus; 3] = [SubmissionStatus::Pending, SubmissionStatus::Approved, SubmissionStatus::Rejected];

    pub fn slug(self) -> &'static str {
        match self {
            SubmissionStatus::Pending => "pending",
            SubmissionStatus::Approved => "approved",
            SubmissionStatus::Rejected => "rejected",
        }
    }

    pub fn from_slug(s: &str) -> Option<SubmissionStatus> {
        SubmissionStatus::ALL.into_iter().find(|st| st.slug() == s)
    }
}

/// One stored submission, as a moderator sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionInfo {
    pub id: i64,
    pub status: SubmissionStatus,
    pub submitted_at: String,
    pub moderated_at: Option<String>,
    /// The submitted JSON object, as text.
    pub payload: String,
    pub title: String,
    pub role: String,
    pub level: Option<String>,
    pub location: Option<String>,
    pub base: Option<f64>,
    pub total: f64,
    /// The record an approval created.
    pub record_id: Option<i64>,
}

/// What a moderation did.
#[derive(Debug, Clone, PartialEq)]
pub enum Moderation {
    Approved {
        record_id: i64,
    },
    Rejected,
    NotFound,
    /// Only pending submissions can be moderated.
    AlreadyModerated(SubmissionStatus),
    /// A submission stored before its validated record was kept (an older
    /// store) no longer passes validation; it stays pending. Newer
    /// submissions are approved as they were validated when they came in.
    Invalid(String),
}

/// Submission storage, beside [`crate::Store`]'s import-oriented methods.
pub trait SubmissionStore {
    /// Keeps a validated submission as pending. `record` is what
    /// [`parse_submission`] made of `payload`; `submitted_at` is an ISO
    /// timestamp from the caller (the store reads no clock).
    fn add_submission(&mut self, payload: &serde_json::Value, record: &Record, submitted_at: &str) -> Result<i64, StoreError>;

    /// Submissions oldest first, optionally of one status.
    fn list_submissions(&self, status: Option<SubmissionStatus>) -> Result<Vec<SubmissionInfo>, StoreError>;

    /// Approves (the submission becomes a record) or rejects a pending submission.
    fn moderate(&mut self, id: i64, approve: bool, at: &str) -> Result<Moderation, StoreError>;
}

fn status_of(text: &str) -> rusqlite::Result<SubmissionStatus> {
    SubmissionStatus::from_slug(text)
        .ok_or_else(|| rusqlite::Error::InvalidColumnType(1, text.into(), rusqlite::types::Type::Text))
}

/// The import entry approved submissions hang off; `imports` is what
/// `paygrid sources` and the sources page list, so submissions show up
/// there with their count like any other source.
fn submissions_meta(at: &str) -> ImportMeta {
    ImportMeta {
        kind: SourceKind::Submission,
        dataset: SUBMISSIONS_DATASET.into(),
        file: "submit form".into(),
        licence: Some(SUBMISSIONS_LICENCE.into()),
        imported_at: at.into(),
    }
}

impl SubmissionStore for SqliteStore {
    fn add_submission(&mut self, payload: &serde_json::Value, record: &Record, submitted_at: &str) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO submissions (status, submitted_at, payload, title, role, level, location, base, total)
             VALUES ('pending', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                submitted_at,
                payload.to_string(),
                record.raw_title,
                record.role.as_str(),
                record.level.map(|l| l.slug()),
                record.raw_location,
                record.base,
                record.total
            ],
        )?;
        let id = tx.last_insert_rowid();
        let meta = submissions_meta(submitted_at);
        let mut insert = tx.prepare_cached(&INSERT_RECORD.replacen("INTO records", "INTO submission_records", 1))?;
        insert_record(&mut insert, 0, &meta, &format!("sub:{id}"), record)?;
        drop(insert);
        tx.commit()?;
        Ok(id)
    }

    fn list_submissions(&self, status: Option<SubmissionStatus>) -> Result<Vec<SubmissionInfo>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT id, status, submitted_at, moderated_at, payload, title, role, level, location, base, total, record_id
             FROM submissions WHERE ?1 IS NULL OR status = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([status.map(SubmissionStatus::slug)], |r| {
            Ok(SubmissionInfo {
                id: r.get(0)?,
                status: status_of(&r.get::<_, String>(1)?)?,
                submitted_at: r.get(2)?,
                moderated_at: r.get(3)?,
                payload: r.get(4)?,
                title: r.get(5)?,
                role: r.get(6)?,
                level: r.get(7)?,
                location: r.get(8)?,
                base: r.get(9)?,
                total: r.get(10)?,
                record_id: r.get(11)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn moderate(&mut self, id: i64, approve: bool, at: &str) -> Result<Moderation, StoreError> {
        let tx = self.conn.transaction()?;
        let found: Option<(String, String, String)> = tx
            .query_row("SELECT status, submitted_at, payload FROM submissions WHERE id = ?1", [id], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((status, submitted_at, payload)) = found else { return Ok(Moderation::NotFound) };
        let status = status_of(&status)?;
        if status != SubmissionStatus::Pending {
            return Ok(Moderation::AlreadyModerated(status));
        }
        if !approve {
            tx.execute("UPDATE submissions SET status = 'rejected', moderated_at = ?2 WHERE id = ?1", params![id, at])?;
            tx.execute("DELETE FROM submission_records WHERE dedup_key = ?1", [format!("sub:{id}")])?;
            tx.commit()?;
            return Ok(Moderation::Rejected);
        }
        let key = format!("sub:{id}");
        let validated: bool =
            tx.query_row("SELECT EXISTS (SELECT 1 FROM submission_records WHERE dedup_key = ?1)", [&key], |r| r.get(0))?;
        // Only submissions stored before their record was kept need
        // validating here, against the day they were submitted.
        let legacy = if validated {
            None
        } else {
            let day = submitted_at.get(..10).and_then(Date::parse_iso);
            match (serde_json::from_str(&payload), day) {
                (Ok(json), Some(day)) => match parse_submission(&json, &ImportOptions::new(day)) {
                    Ok(r) => Some(r),
                    Err(e) => return Ok(Moderation::Invalid(e.to_string())),
                },
                _ => return Ok(Moderation::Invalid("the stored submission is unreadable".into())),
            }
        };
        let meta = submissions_meta(at);
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM imports WHERE kind = ?1 AND dataset = ?2 ORDER BY id LIMIT 1",
                params![meta.kind.slug(), meta.dataset],
                |r| r.get(0),
            )
            .optional()?;
        let import_id = match existing {
            Some(i) => i,
            None => {
                tx.execute(
                    "INSERT INTO imports (kind, dataset, file, file_hash, licence, imported_at, range_pairs) VALUES (?1, ?2, ?3, '', ?4, ?5, 0)",
                    params![meta.kind.slug(), meta.dataset, meta.file, meta.licence, meta.imported_at],
                )?;
                tx.last_insert_rowid()
            }
        };
        // The submission number is the dedup key: two contributors with the
        // same pay are two records.
        match &legacy {
            Some(record) => {
                insert_record(&mut tx.prepare_cached(INSERT_RECORD)?, import_id, &meta, &key, record)?;
            }
            None => {
                let columns = RECORD_COLUMNS.replacen("import_id", "?1", 1);
                tx.execute(
                    &format!(
                        "INSERT INTO records ({RECORD_COLUMNS}) SELECT {columns} FROM submission_records WHERE dedup_key = ?2"
                    ),
                    params![import_id, key],
                )?;
                tx.execute("DELETE FROM submission_records WHERE dedup_key = ?1", [&key])?;
            }
        }
        let record_id = tx.last_insert_rowid();
        let (day, unresolved, unknown): (Option<String>, bool, bool) = tx.query_row(
            "SELECT coalesce(date, CAST(year AS TEXT)), location_unresolved, NOT role_known FROM records WHERE id = ?1",
            [record_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        tx.execute(
            "UPDATE imports SET rows_read = rows_read + 1, accepted = accepted + 1,
                unresolved_locations = unresolved_locations + ?2, unknown_titles = unknown_titles + ?3,
                date_min = coalesce(min(date_min, ?4), date_min, ?4), date_max = coalesce(max(date_max, ?4), date_max, ?4),
                imported_at = ?5
             WHERE id = ?1",
            params![import_id, unresolved as i64, unknown as i64, day, at],
        )?;
        tx.execute(
            "UPDATE submissions SET status = 'approved', moderated_at = ?2, record_id = ?3 WHERE id = ?1",
            params![id, at, record_id],
        )?;
        tx.commit()?;
        Ok(Moderation::Approved { record_id })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Store;
    use serde_json::json;

    fn submit(store: &mut SqliteStore, v: serde_json::Value) -> i64 {
        let rec = parse_submission(&v, &ImportOptions::new(Date::new(2026, 11, 22).unwrap())).unwrap();
        store.add_submission(&v, &rec, "2026-11-22T10:00:00Z").unwrap()
    }

    #[test]
    fn pending_until_approved_then_a_record_of_its_own_source() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let v = json!({"title": "Senior Backend Engineer", "location": "Seattle, WA", "base": 185000, "date": "2026-03-01"});
        let a = submit(&mut s, v.clone());
        let b = submit(&mut s, v);
        assert_eq!(s.record_count().unwrap(), 0);
        let pending = s.list_submissions(Some(SubmissionStatus::Pending)).unwrap();
        assert_eq!(pending.iter().map(|p| p.id).collect::<Vec<_>>(), [a, b]);
        assert_eq!((pending[0].role.as_str(), pending[0].level.as_deref()), ("backend-engineer", Some("senior")));

        let Moderation::Approved { record_id } = s.moderate(a, true, "2026-11-23T09:00:00Z").unwrap() else { panic!() };
        assert!(record_id > 0);
        assert_eq!(s.moderate(b, true, "2026-11-23T09:01:00Z").unwrap(), Moderation::Approved { record_id: record_id + 1 });
        assert_eq!(s.record_count().unwrap(), 2, "identical submissions are two people");
        assert_eq!(s.moderate(a, false, "x").unwrap(), Moderation::AlreadyModerated(SubmissionStatus::Approved));
        assert_eq!(s.moderate(99, true, "x").unwrap(), Moderation::NotFound);

        let mut datasets = Vec::new();
        s.scan_records(&mut |ds, r| datasets.push((ds.to_string(), r.source))).unwrap();
        assert_eq!(datasets, vec![(SUBMISSIONS_DATASET.to_string(), SourceKind::Submission); 2]);
        let src = s.sources().unwrap();
        assert_eq!(src.len(), 1);
        assert_eq!((src[0].kind.as_str(), src[0].accepted, src[0].rows_read), ("submission", 2, 2));
        assert_eq!(src[0].licence.as_deref(), Some(SUBMISSIONS_LICENCE));
        assert_eq!((src[0].date_min.as_deref(), src[0].date_max.as_deref()), (Some("2026-03-01"), Some("2026-03-01")));
        assert_eq!(s.last_import().unwrap().as_deref(), Some("2026-11-23T09:01:00Z"));
        assert!(s.list_submissions(Some(SubmissionStatus::Pending)).unwrap().is_empty());
    }

    #[test]
    fn rejected_submissions_never_become_records() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let id = submit(&mut s, json!({"title": "Data Engineer", "location": "Denver, CO", "base": 120000}));
        assert_eq!(s.moderate(id, false, "2026-11-23T09:00:00Z").unwrap(), Moderation::Rejected);
        assert_eq!(s.record_count().unwrap(), 0);
        let all = s.list_submissions(None).unwrap();
        assert_eq!((all[0].status, all[0].moderated_at.as_deref()), (SubmissionStatus::Rejected, Some("2026-11-23T09:00:00Z")));
        assert_eq!(s.moderate(id, true, "x").unwrap(), Moderation::AlreadyModerated(SubmissionStatus::Rejected));
        assert!(s.sources().unwrap().is_empty());
    }

    /// A submission left pending by an older store (no validated record
    /// kept with it) is validated from its payload when approved; one that
    /// no longer passes stays pending with the reason.
    #[test]
    fn submissions_from_an_older_store_are_validated_on_approval() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let insert = |s: &SqliteStore, payload: &str| {
            s.conn
                .execute(
                    "INSERT INTO submissions (status, submitted_at, payload, title, role, total)
                     VALUES ('pending', '2026-11-22T10:00:00Z', ?1, 'Backend Engineer', 'backend-engineer', 150000)",
                    [payload],
                )
                .unwrap();
            s.conn.last_insert_rowid()
        };
        let good = insert(&s, r#"{"title": "Backend Engineer", "location": "Seattle, WA", "base": 150000}"#);
        let bad = insert(&s, r#"{"title": "Backend Engineer", "location": "Seattle, WA", "base": -5}"#);
        assert!(matches!(s.moderate(good, true, "2026-11-23T09:00:00Z").unwrap(), Moderation::Approved { .. }));
        assert_eq!(s.record_count().unwrap(), 1);
        assert!(matches!(s.moderate(bad, true, "2026-11-23T09:00:00Z").unwrap(), Moderation::Invalid(_)));
        assert_eq!(s.list_submissions(Some(SubmissionStatus::Pending)).unwrap().len(), 1);
    }
}
