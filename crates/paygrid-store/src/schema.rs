//! Schema migrations, applied in order; `PRAGMA user_version` records how
//! many have run. Never edit a shipped migration: add a new one.

pub const MIGRATIONS: &[&str] = &[
    // 1: imports, records, rejects, OEWS reference estimates.
    r#"
    CREATE TABLE imports (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL,
        dataset       TEXT NOT NULL,
        file          TEXT NOT NULL,
        file_hash     TEXT NOT NULL,
        licence       TEXT,
        imported_at   TEXT NOT NULL,
        rows_read     INTEGER NOT NULL DEFAULT 0,
        accepted      INTEGER NOT NULL DEFAULT 0,
        rejected      INTEGER NOT NULL DEFAULT 0,
        duplicates    INTEGER NOT NULL DEFAULT 0,
        unresolved_locations INTEGER NOT NULL DEFAULT 0,
        unknown_titles INTEGER NOT NULL DEFAULT 0,
        date_min      TEXT,
        date_max      TEXT
    );
    CREATE INDEX imports_hash ON imports(file_hash);

    CREATE TABLE records (
        id            INTEGER PRIMARY KEY,
        import_id     INTEGER NOT NULL REFERENCES imports(id),
        kind          TEXT NOT NULL,
        dataset       TEXT NOT NULL,
        dedup_key     TEXT NOT NULL,
        external_id   TEXT,
        date          TEXT,
        year          INTEGER,
        raw_title     TEXT NOT NULL,
        raw_level     TEXT,
        raw_specialization TEXT,
        role          TEXT NOT NULL,
        role_known    INTEGER NOT NULL,
        level         TEXT,
        years_experience REAL,
        years_at_company REAL,
        company       TEXT,
        company_size  TEXT,
        industry      TEXT,
        raw_location  TEXT,
        country       TEXT,
        us_state      TEXT,
        metro         TEXT,
        remote        INTEGER NOT NULL,
        location_unresolved INTEGER NOT NULL,
        base          REAL,
        bonus         REAL NOT NULL,
        equity        REAL NOT NULL,
        signing       REAL NOT NULL,
        total         REAL NOT NULL,
        currency      TEXT NOT NULL,
        pay_period    TEXT NOT NULL,
        skills        TEXT NOT NULL,
        employment_type TEXT,
        UNIQUE (kind, dataset, dedup_key)
    );
    CREATE INDEX records_role ON records(role, level);
    CREATE INDEX records_metro ON records(metro);
    CREATE INDEX records_import ON records(import_id);

    CREATE TABLE rejects (
        id         INTEGER PRIMARY KEY,
        import_id  INTEGER NOT NULL REFERENCES imports(id),
        kind       TEXT NOT NULL,
        dataset    TEXT NOT NULL,
        file       TEXT NOT NULL,
        row        INTEGER NOT NULL,
        field      TEXT NOT NULL,
        reason     TEXT NOT NULL,
        UNIQUE (kind, dataset, row, field, reason)
    );
    CREATE INDEX rejects_import ON rejects(import_id);

    CREATE TABLE oews (
        import_id  INTEGER NOT NULL REFERENCES imports(id),
        year       INTEGER,
        area_code  TEXT NOT NULL,
        area_type  TEXT NOT NULL,
        area_name  TEXT NOT NULL,
        state_code TEXT,
        naics      TEXT NOT NULL,
        occ_code   TEXT NOT NULL,
        occ_title  TEXT NOT NULL,
        o_group    TEXT,
        tot_emp    REAL,
        a_mean     REAL,
        a_p10      REAL,
        a_p25      REAL,
        a_median   REAL,
        a_p75      REAL,
        a_p90      REAL,
        footnotes  TEXT,
        PRIMARY KEY (area_code, naics, occ_code)
    );
    CREATE INDEX oews_occ ON oews(occ_code);
    "#,
    // 2: salary submissions held for moderation. `payload` is the submitted
    // JSON object (generic import fields); an approved submission becomes a
    // record (kind `submission`, dataset `submissions`) and `record_id`
    // points at it. The summary columns let a moderator list submissions
    // without parsing payloads. No client address is kept.
    r#"
    CREATE TABLE submissions (
        id            INTEGER PRIMARY KEY,
        status        TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        submitted_at  TEXT NOT NULL,
        payload       TEXT NOT NULL,
        title         TEXT NOT NULL,
        role          TEXT NOT NULL,
        level         TEXT,
        location      TEXT,
        base          REAL,
        total         REAL NOT NULL,
        moderated_at  TEXT,
        record_id     INTEGER REFERENCES records(id)
    );
    CREATE INDEX submissions_status ON submissions(status, id);
    "#,
    // 3: posted pay ranges (docs/import-format.md, "Posted ranges"). A
    // record that stands for a posting's range keeps its ends; its base is
    // the midpoint. `range_pairs` counts the ranges an import collapsed;
    // NULL marks imports made before ranges were collapsed, whose records
    // include both ends of such postings as separate rows.
    r#"
    ALTER TABLE records ADD COLUMN base_low REAL;
    ALTER TABLE records ADD COLUMN base_high REAL;
    ALTER TABLE imports ADD COLUMN range_pairs INTEGER;
    "#,
    // 4: a submission's record as it was validated when it came in, so
    // that approving it stores exactly that (validation happens once, at
    // the edge). Same columns as `records`; `dedup_key` is `sub:<id>`.
    // Submissions pending from before this version have none and are
    // validated from their payload when approved.
    r#"
    CREATE TABLE submission_records AS SELECT * FROM records WHERE 0;
    CREATE UNIQUE INDEX submission_records_key ON submission_records(dedup_key);
    "#,
];
