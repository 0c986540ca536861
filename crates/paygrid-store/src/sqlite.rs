//! The SQLite implementation of [`Store`].

use crate::schema::MIGRATIONS;
use crate::{ImportMeta, ImportSummary, Progress, RejectInfo, SourceInfo, Store, StoreError};
use paygrid_domain::money::PayPeriod;
use paygrid_domain::record::{Date, PayRange};
use paygrid_domain::role::{slugify, RoleId};
use paygrid_domain::{Level, Record, SourceKind};
use paygrid_ingest::{FileError, OewsOutcome, OewsRow, Outcome, Reject};
use rusqlite::{params, Connection, OptionalExtension, Transaction};
use std::path::Path;

pub struct SqliteStore {
    pub(crate) conn: Connection,
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `path` and migrates it.
    pub fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(StoreError::Io)?;
        }
        let conn = Connection::open(path)?;
        // WAL: readers (the web server) keep reading while an import
        // writes; synchronous=NORMAL in WAL mode still never corrupts and
        // loses at most the last commit on power loss, not on a crash.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        Self::setup(conn)
    }

    pub fn open_in_memory() -> Result<SqliteStore, StoreError> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(conn: Connection) -> Result<SqliteStore, StoreError> {
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let version: i64 = self.conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let known = MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew { found: version, known });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = self.conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// SQLite's own consistency check; "ok" when healthy.
    pub fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(self.conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    pub fn connection(&self) -> &Connection {
        &self.conn
    }
}

fn begin_import(tx: &Transaction<'_>, meta: &ImportMeta) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO imports (kind, dataset, file, file_hash, licence, imported_at, range_pairs) VALUES (?1, ?2, ?3, '', ?4, ?5, 0)",
        params![meta.kind.slug(), meta.dataset, meta.file, meta.licence, meta.imported_at],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_reject(tx: &Transaction<'_>, id: i64, meta: &ImportMeta, r: &Reject) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT OR IGNORE INTO rejects (import_id, kind, dataset, file, row, field, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![id, meta.kind.slug(), meta.dataset, meta.file, r.row as i64, r.field, r.reason])?;
    Ok(())
}

/// Finishes an import: records the hash, and rolls back when the same bytes
/// were already imported under another dataset name (a renamed copy).
fn finish_import(
    tx: Transaction<'_>,
    meta: &ImportMeta,
    mut s: ImportSummary,
    hash: String,
) -> Result<ImportSummary, StoreError> {
    let earlier: Option<i64> = tx
        .query_row(
            "SELECT id FROM imports WHERE file_hash = ?1 AND kind = ?2 AND dataset <> ?3 ORDER BY id LIMIT 1",
            params![hash, meta.kind.slug(), meta.dataset],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = earlier {
        tx.rollback()?;
        s.same_as_import = Some(id);
        s.accepted = 0;
        s.import_id = 0;
        return Ok(s);
    }
    tx.execute(
        "UPDATE imports SET file_hash = ?2, rows_read = ?3, accepted = ?4, rejected = ?5, duplicates = ?6,
            unresolved_locations = ?7, unknown_titles = ?8, date_min = ?9, date_max = ?10, range_pairs = ?11 WHERE id = ?1",
        params![
            s.import_id,
            hash,
            s.rows_read as i64,
            s.accepted as i64,
            s.rejected as i64,
            s.duplicates as i64,
            s.unresolved_locations as i64,
            s.unknown_titles as i64,
            s.date_min,
            s.date_max,
            s.range_pairs as i64
        ],
    )?;
    tx.commit()?;
    Ok(s)
}

fn track_dates(s: &mut ImportSummary, r: &Record) {
    let d = match (r.date, r.year) {
        (Some(d), _) => d.to_string(),
        (None, Some(y)) => y.to_string(),
        _ => return,
    };
    if s.date_min.as_ref().is_none_or(|m| d < *m) {
        s.date_min = Some(d.clone());
    }
    if s.date_max.as_ref().is_none_or(|m| d > *m) {
        s.date_max = Some(d);
    }
}

/// The columns of a stored record after its id, in `INSERT_RECORD`'s order.
pub(crate) const RECORD_COLUMNS: &str = "import_id, kind, dataset, dedup_key, external_id, date, year,
    raw_title, raw_level, raw_specialization, role, role_known, level, years_experience, years_at_company, company, company_size, industry,
    raw_location, country, us_state, metro, remote, location_unresolved, base, bonus, equity, signing, total,
    currency, pay_period, skills, employment_type, base_low, base_high";

pub(crate) const INSERT_RECORD: &str = "INSERT OR IGNORE INTO records (import_id, kind, dataset, dedup_key, external_id, date, year,
    raw_title, raw_level, raw_specialization, role, role_known, level, years_experience, years_at_company, company, company_size, industry,
    raw_location, country, us_state, metro, remote, location_unresolved, base, bonus, equity, signing, total,
    currency, pay_period, skills, employment_type, base_low, base_high)
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
    ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35)";

/// Inserts one record with `INSERT_RECORD`; 0 rows means a duplicate of
/// `(kind, dataset, key)`. Shared by file imports and approved submissions
/// so that both store a record the same way.
pub(crate) fn insert_record(
    insert: &mut rusqlite::CachedStatement<'_>,
    import_id: i64,
    meta: &ImportMeta,
    key: &str,
    r: &Record,
) -> rusqlite::Result<usize> {
    insert.execute(params![
        import_id,
        meta.kind.slug(),
        meta.dataset,
        key,
        r.external_id,
        r.date.map(|d| d.to_string()),
        r.year,
        r.raw_title,
        r.raw_level,
        r.raw_specialization,
        r.role.as_str(),
        r.role_known,
        r.level.map(|l| l.slug()),
        r.years_experience,
        r.years_at_company,
        r.company,
        r.company_size,
        r.industry,
        r.raw_location,
        r.country,
        r.us_state,
        r.metro,
        r.remote,
        r.location_unresolved,
        r.base,
        r.bonus,
        r.equity,
        r.signing,
        r.total,
        r.currency,
        r.pay_period.slug(),
        r.skills.join(";"),
        r.employment_type,
        r.base_range.map(|x| x.low),
        r.base_range.map(|x| x.high),
    ])
}

impl Store for SqliteStore {
    fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM imports)", [], |r| r.get(0))?)
    }

    fn import_records(
        &mut self,
        meta: &ImportMeta,
        rows: &mut dyn Iterator<Item = Result<Outcome, FileError>>,
        file_hash: &mut dyn FnMut() -> String,
        progress: Progress<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let tx = self.conn.transaction()?;
        let mut s = ImportSummary { import_id: begin_import(&tx, meta)?, ..Default::default() };
        {
            let mut insert = tx.prepare_cached(INSERT_RECORD)?;
            // Imports made before posted ranges were collapsed stored both
            // ends of a range as records of their own: such a posting is
            // already there, and adding its midpoint would count it twice.
            let before_ranges: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM imports WHERE kind = ?1 AND dataset = ?2 AND range_pairs IS NULL)",
                params![meta.kind.slug(), meta.dataset],
                |r| r.get(0),
            )?;
            let mut stored_before_ranges = tx.prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM records r JOIN imports i ON i.id = r.import_id
                 WHERE r.kind = ?1 AND r.dataset = ?2 AND r.dedup_key = ?3 AND i.range_pairs IS NULL)",
            )?;
            for outcome in rows {
                s.rows_read += 1;
                if s.rows_read.is_multiple_of(4096) {
                    progress(s.rows_read);
                }
                match outcome.map_err(StoreError::File)? {
                    Outcome::Rejected(r) => {
                        s.rejected += 1;
                        insert_reject(&tx, s.import_id, meta, &r)?;
                    }
                    Outcome::Accepted { key, record: r, folded, .. } => {
                        let row_count = 1 + u64::from(folded.is_some());
                        s.rows_read += row_count - 1;
                        if let Some(f) = folded.as_deref().filter(|_| before_ranges) {
                            let mut stored = true;
                            for k in &f.row_keys {
                                stored &= stored_before_ranges
                                    .query_row(params![meta.kind.slug(), meta.dataset, k], |r| r.get::<_, bool>(0))?;
                            }
                            if stored {
                                s.duplicates += row_count;
                                continue;
                            }
                        }
                        let inserted = insert_record(&mut insert, s.import_id, meta, &key, &r)?;
                        if inserted == 0 {
                            s.duplicates += row_count;
                            continue;
                        }
                        s.accepted += 1;
                        s.range_pairs += row_count - 1;
                        s.unresolved_locations += r.location_unresolved as u64;
                        s.unknown_titles += !r.role_known as u64;
                        track_dates(&mut s, &r);
                    }
                }
            }
        }
        progress(s.rows_read);
        finish_import(tx, meta, s, file_hash())
    }

    fn import_oews(
        &mut self,
        meta: &ImportMeta,
        rows: &mut dyn Iterator<Item = Result<OewsOutcome, FileError>>,
        file_hash: &mut dyn FnMut() -> String,
        progress: Progress<'_>,
    ) -> Result<ImportSummary, StoreError> {
        let tx = self.conn.transaction()?;
        let mut s = ImportSummary { import_id: begin_import(&tx, meta)?, ..Default::default() };
        {
            // A newer release replaces the older estimate for the same cell;
            // an identical re-import changes nothing and counts as duplicates.
            let mut same = tx.prepare_cached(
                "SELECT 1 FROM oews WHERE area_code = ?1 AND naics = ?2 AND occ_code = ?3 AND year IS ?4
                 AND a_mean IS ?5 AND a_median IS ?6 AND tot_emp IS ?7",
            )?;
            let mut upsert = tx.prepare_cached(
                "INSERT OR REPLACE INTO oews (import_id, year, area_code, area_type, area_name, state_code, naics, occ_code,
                 occ_title, o_group, tot_emp, a_mean, a_p10, a_p25, a_median, a_p75, a_p90, footnotes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
            )?;
            for outcome in rows {
                s.rows_read += 1;
                if s.rows_read.is_multiple_of(8192) {
                    progress(s.rows_read);
                }
                match outcome.map_err(StoreError::File)? {
                    OewsOutcome::Rejected(r) => {
                        s.rejected += 1;
                        insert_reject(&tx, s.import_id, meta, &r)?;
                    }
                    OewsOutcome::Row(o) => {
                        if same.exists(params![o.area_code, o.naics, o.occ_code, o.year, o.a_mean, o.a_median, o.tot_emp])? {
                            s.duplicates += 1;
                            continue;
                        }
                        upsert.execute(params![
                            s.import_id,
                            o.year,
                            o.area_code,
                            o.area_type,
                            o.area_name,
                            o.state_code,
                            o.naics,
                            o.occ_code,
                            o.occ_title,
                            o.o_group,
                            o.tot_emp,
                            o.a_mean,
                            o.a_p10,
                            o.a_p25,
                            o.a_median,
                            o.a_p75,
                            o.a_p90,
                            o.footnotes
                        ])?;
                        s.accepted += 1;
                        if let Some(y) = o.year.map(|y| y.to_string()) {
                            s.date_min = Some(s.date_min.map_or(y.clone(), |m| m.min(y.clone())));
                            s.date_max = Some(s.date_max.map_or(y.clone(), |m| m.max(y)));
                        }
                    }
                }
            }
        }
        progress(s.rows_read);
        finish_import(tx, meta, s, file_hash())
    }

    fn sources(&self) -> Result<Vec<SourceInfo>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT id, kind, dataset, file, licence, imported_at, rows_read, accepted, rejected, duplicates,
                    unresolved_locations, unknown_titles, date_min, date_max, COALESCE(range_pairs, 0) FROM imports ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(SourceInfo {
                id: r.get(0)?,
                kind: r.get(1)?,
                dataset: r.get(2)?,
                file: r.get(3)?,
                licence: r.get(4)?,
                imported_at: r.get(5)?,
                rows_read: r.get::<_, i64>(6)? as u64,
                accepted: r.get::<_, i64>(7)? as u64,
                rejected: r.get::<_, i64>(8)? as u64,
                duplicates: r.get::<_, i64>(9)? as u64,
                unresolved_locations: r.get::<_, i64>(10)? as u64,
                unknown_titles: r.get::<_, i64>(11)? as u64,
                date_min: r.get(12)?,
                date_max: r.get(13)?,
                range_pairs: r.get::<_, i64>(14)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn rejects(&self, import_id: Option<i64>, limit: usize) -> Result<Vec<RejectInfo>, StoreError> {
        let mut st = self.conn.prepare(
            "SELECT import_id, kind, file, row, field, reason FROM rejects
             WHERE ?1 IS NULL OR import_id = ?1 ORDER BY import_id DESC, row LIMIT ?2",
        )?;
        let rows = st.query_map(params![import_id, limit as i64], |r| {
            Ok(RejectInfo {
                import_id: r.get(0)?,
                kind: r.get(1)?,
                file: r.get(2)?,
                row: r.get::<_, i64>(3)? as u64,
                field: r.get(4)?,
                reason: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn scan_records(&self, f: &mut dyn FnMut(&str, Record)) -> Result<(), StoreError> {
        let mut st = self.conn.prepare(
            "SELECT dataset, kind, external_id, date, year, raw_title, raw_level, raw_specialization, role, role_known, level,
                    years_experience, years_at_company, company, company_size, industry, raw_location, country, us_state, metro,
                    remote, location_unresolved, base, bonus, equity, signing, total, currency, pay_period, skills, employment_type,
                    base_low, base_high
             FROM records ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let dataset: String = r.get(0)?;
            let text = |i: usize| -> rusqlite::Result<Option<String>> { r.get(i) };
            let kind: String = r.get(1)?;
            let role: String = r.get(8)?;
            let skills: String = r.get(29)?;
            let record = Record {
                source: SourceKind::from_slug(&kind).unwrap_or(SourceKind::Generic),
                external_id: text(2)?,
                date: text(3)?.as_deref().and_then(Date::parse_iso),
                year: r.get(4)?,
                raw_title: r.get(5)?,
                raw_level: text(6)?,
                raw_specialization: text(7)?,
                role: RoleId::parse(&role).unwrap_or_else(|| slugify(&role)),
                role_known: r.get(9)?,
                level: text(10)?.as_deref().and_then(Level::from_slug),
                years_experience: r.get(11)?,
                years_at_company: r.get(12)?,
                company: text(13)?,
                company_size: text(14)?,
                industry: text(15)?,
                raw_location: text(16)?,
                country: text(17)?,
                us_state: text(18)?,
                metro: text(19)?,
                remote: r.get(20)?,
                location_unresolved: r.get(21)?,
                base: r.get(22)?,
                base_range: match (r.get(31)?, r.get(32)?) {
                    (Some(low), Some(high)) => Some(PayRange { low, high }),
                    _ => None,
                },
                bonus: r.get(23)?,
                equity: r.get(24)?,
                signing: r.get(25)?,
                total: r.get(26)?,
                currency: r.get(27)?,
                pay_period: text(28)?.as_deref().and_then(PayPeriod::parse).unwrap_or(PayPeriod::Year),
                skills: if skills.is_empty() { Vec::new() } else { skills.split(';').map(str::to_string).collect() },
                employment_type: text(30)?,
            };
            f(&dataset, record);
        }
        Ok(())
    }

    fn scan_oews(&self, socs: &[&str], f: &mut dyn FnMut(OewsRow)) -> Result<(), StoreError> {
        let mut st = self.conn.prepare(
            "SELECT year, area_code, area_type, area_name, state_code, naics, occ_code, occ_title, o_group, tot_emp,
                    a_mean, a_p10, a_p25, a_median, a_p75, a_p90, footnotes
             FROM oews WHERE naics = '000000' AND occ_code = ?1",
        )?;
        for soc in socs {
            let mut rows = st.query([soc])?;
            while let Some(r) = rows.next()? {
                f(OewsRow {
                    year: r.get(0)?,
                    area_code: r.get(1)?,
                    area_type: r.get(2)?,
                    area_name: r.get(3)?,
                    state_code: r.get(4)?,
                    naics: r.get(5)?,
                    occ_code: r.get(6)?,
                    occ_title: r.get(7)?,
                    o_group: r.get(8)?,
                    tot_emp: r.get(9)?,
                    a_mean: r.get(10)?,
                    a_p10: r.get(11)?,
                    a_p25: r.get(12)?,
                    a_median: r.get(13)?,
                    a_p75: r.get(14)?,
                    a_p90: r.get(15)?,
                    footnotes: r.get(16)?,
                });
            }
        }
        Ok(())
    }

    fn last_import(&self) -> Result<Option<String>, StoreError> {
        Ok(self.conn.query_row("SELECT MAX(imported_at) FROM imports", [], |r| r.get(0))?)
    }

    fn record_count(&self) -> Result<u64, StoreError> {
        Ok(self.conn.query_row("SELECT COUNT(*) FROM records", [], |r| r.get::<_, i64>(0))? as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use paygrid_domain::record::PayRange;
    use paygrid_ingest::Folded;

    fn meta() -> ImportMeta {
        ImportMeta {
            kind: SourceKind::Aijobs,
            dataset: "aijobs.csv".into(),
            file: "aijobs.csv".into(),
            licence: None,
            imported_at: "2026-11-22T00:00:00Z".into(),
        }
    }

    fn record(base: f64, range: Option<(f64, f64)>) -> Record {
        let mut r = Record::example("data-scientist", Some(Level::Senior), base);
        r.source = SourceKind::Aijobs;
        r.raw_title = "Data Scientist".into();
        r.raw_level = Some("SE".into());
        r.raw_location = Some("US".into());
        r.base_range = range.map(|(low, high)| PayRange { low, high });
        r
    }

    fn pair(key: &str, low: f64, high: f64, row_keys: [&str; 2]) -> Outcome {
        Outcome::Accepted {
            row: 2,
            key: key.into(),
            record: Box::new(record((low + high) / 2.0, Some((low, high)))),
            folded: Some(Box::new(Folded { row: 3, row_keys: row_keys.map(str::to_string) })),
        }
    }

    fn import(s: &mut SqliteStore, rows: Vec<Outcome>) -> ImportSummary {
        let mut it = rows.into_iter().map(Ok);
        s.import_records(&meta(), &mut it, &mut || "hash".to_string(), &mut |_| {}).unwrap()
    }

    /// A store of schema version 2 (before posted ranges) holding the two
    /// ends of one posting as two records, as imports then stored them.
    fn store_before_ranges() -> SqliteStore {
        let conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..2] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 2).unwrap();
        conn.execute_batch(
            "INSERT INTO imports (id, kind, dataset, file, file_hash, imported_at, rows_read, accepted)
             VALUES (1, 'aijobs', 'aijobs.csv', 'aijobs.csv', 'old', '2025-01-01T00:00:00Z', 2, 2);
             INSERT INTO records (import_id, kind, dataset, dedup_key, year, raw_title, role, role_known, level, remote,
                location_unresolved, base, bonus, equity, signing, total, currency, pay_period, skills)
             VALUES (1, 'aijobs', 'aijobs.csv', 'h:high', 2024, 'Data Scientist', 'data-scientist', 1, 'senior', 0, 0,
                180000, 0, 0, 0, 180000, 'USD', 'year', ''),
                    (1, 'aijobs', 'aijobs.csv', 'h:low', 2024, 'Data Scientist', 'data-scientist', 1, 'senior', 0, 0,
                120000, 0, 0, 0, 120000, 'USD', 'year', '');",
        )
        .unwrap();
        SqliteStore::setup(conn).unwrap()
    }

    #[test]
    fn a_store_from_before_ranges_opens_and_keeps_its_records() {
        let s = store_before_ranges();
        let version: i64 = s.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
        assert_eq!(version, MIGRATIONS.len() as i64);
        let mut bases = Vec::new();
        s.scan_records(&mut |_, r| bases.push((r.base, r.base_range))).unwrap();
        assert_eq!(bases, [(Some(180_000.0), None), (Some(120_000.0), None)]);
        let src = s.sources().unwrap();
        assert_eq!((src.len(), src[0].accepted, src[0].range_pairs), (1, 2, 0));
    }

    #[test]
    fn a_range_already_stored_as_two_rows_is_not_added_again() {
        let mut s = store_before_ranges();
        let sum = import(
            &mut s,
            vec![pair("p:same", 120_000.0, 180_000.0, ["h:high", "h:low"]), pair("p:new", 100_000.0, 150_000.0, ["h:a", "h:b"])],
        );
        assert_eq!((sum.rows_read, sum.accepted, sum.duplicates, sum.range_pairs), (4, 1, 2, 1));
        let mut got = Vec::new();
        s.scan_records(&mut |_, r| got.push((r.base, r.base_range.map(|x| (x.low, x.high))))).unwrap();
        assert_eq!(got[2], (Some(125_000.0), Some((100_000.0, 150_000.0))));
        // Imported again: the new posting is a duplicate by its own key.
        let again = import(&mut s, vec![pair("p:new", 100_000.0, 150_000.0, ["h:a", "h:b"])]);
        assert_eq!((again.accepted, again.duplicates, again.range_pairs), (0, 2, 0));
        assert_eq!(s.record_count().unwrap(), 3);
    }

    #[test]
    fn in_a_new_store_a_range_counts_once_whatever_single_rows_exist() {
        let mut s = SqliteStore::open_in_memory().unwrap();
        let single = Outcome::Accepted { row: 2, key: "h:high".into(), record: Box::new(record(180_000.0, None)), folded: None };
        let sum = import(&mut s, vec![single, pair("p:x", 120_000.0, 180_000.0, ["h:high", "h:low"])]);
        assert_eq!((sum.rows_read, sum.accepted, sum.duplicates, sum.range_pairs), (3, 2, 0, 1));
    }
}
