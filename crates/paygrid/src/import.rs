//! `paygrid import` and the first-run load of the embedded defaults: file
//! in, one store transaction, a summary out.

use crate::defaults::{default_licence, DEFAULTS};
use crate::output::{Format, Listing};
use crate::progress::{CountingReader, Spinner};
use crate::{print, today, CliError, Ctx};
use paygrid_domain::SourceKind;
use paygrid_ingest::{open, ImportOptions, Parsed};
use paygrid_store::{ImportMeta, ImportSummary, Store};
use serde_json::json;
use std::io::Read;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

pub struct Request<'a> {
    pub kind: SourceKind,
    /// Shown in `sources` and used in errors.
    pub file_label: String,
    pub dataset: String,
    pub licence: Option<String>,
    pub reader: Box<dyn Read + Send>,
    pub total_bytes: Option<u64>,
    pub opts: ImportOptions,
    pub quiet: bool,
    pub label: &'a str,
}

/// XXH3-128 of the file's bytes as they stream past, so a renamed copy of
/// an imported file is recognised without a second read. Stored as
/// `xxh3-128:<32 hex digits>`; stores written before carry an older,
/// unprefixed hash, which simply never matches (their rows are still
/// deduplicated one by one).
#[derive(Default)]
struct FileHash(xxhash_rust::xxh3::Xxh3Default);

impl FileHash {
    fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn hex(&mut self) -> String {
        format!("xxh3-128:{:032x}", self.0.digest128())
    }
}

struct HashingReader<R> {
    inner: R,
    hash: Arc<Mutex<FileHash>>,
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.lock().expect("hash lock").update(&buf[..n]);
        Ok(n)
    }
}

/// Test hook: abort the process after this many rows, inside the
/// transaction, to prove an interrupted import leaves nothing behind.
fn abort_after() -> Option<u64> {
    std::env::var("PAYGRID_TEST_ABORT_AFTER_ROWS").ok()?.parse().ok()
}

pub fn run(store: &mut dyn Store, req: Request<'_>) -> Result<ImportSummary, CliError> {
    let bytes_read = Arc::new(AtomicU64::new(0));
    let hash = Arc::new(Mutex::new(FileHash::default()));
    let reader = HashingReader { inner: CountingReader::new(req.reader, bytes_read.clone()), hash: hash.clone() };
    let parsed = open(req.kind, &req.file_label, Box::new(reader), req.opts)
        .map_err(|e| CliError::Input(format!("{}: {e}", req.file_label)))?;
    let meta = ImportMeta {
        kind: req.kind,
        dataset: req.dataset,
        file: req.file_label.clone(),
        licence: req.licence.or_else(|| default_licence(req.kind).map(str::to_string)),
        imported_at: crate::now_iso(),
    };
    let spinner = Spinner::new(req.label, req.total_bytes, req.quiet);
    let mut progress = |_rows: u64| spinner.set(bytes_read.load(Ordering::Relaxed));
    let mut file_hash = || hash.lock().expect("hash lock").hex();
    let abort = abort_after();
    let mut seen = 0u64;
    let mut tick = move || {
        seen += 1;
        if abort == Some(seen) {
            std::process::abort();
        }
    };
    let result = match parsed {
        Parsed::Records(rows) => {
            let mut rows = rows.inspect(|_| tick());
            store.import_records(&meta, &mut rows, &mut file_hash, &mut progress)
        }
        Parsed::Oews(rows) => {
            let mut rows = rows.inspect(|_| tick());
            store.import_oews(&meta, &mut rows, &mut file_hash, &mut progress)
        }
    };
    spinner.finish();
    result.map_err(|e| match e {
        paygrid_store::StoreError::File(f) => CliError::Input(format!("{}: {f}; nothing was imported", req.file_label)),
        other => CliError::Store(other.to_string()),
    })
}

/// Loads the embedded defaults into an empty store.
pub fn load_defaults(store: &mut dyn Store, quiet: bool) -> Result<(), CliError> {
    if !quiet {
        eprintln!("First run: loading the embedded default data (OEWS May 2025, aijobs.net, devops-jobs.net)…");
    }
    for d in DEFAULTS {
        let label = format!("embedded:{}", d.name);
        let s = run(
            store,
            Request {
                kind: d.kind,
                file_label: label.clone(),
                dataset: d.name.trim_end_matches(".gz").to_string(),
                licence: Some(d.licence.to_string()),
                reader: Box::new(d.bytes),
                total_bytes: Some(d.bytes.len() as u64),
                opts: ImportOptions::new(today()),
                quiet,
                label: d.name,
            },
        )?;
        if !quiet {
            eprintln!("  {}", summary_line(&label, &s));
        }
    }
    Ok(())
}

pub fn summary_line(file: &str, s: &ImportSummary) -> String {
    if let Some(id) = s.same_as_import {
        return format!("{file}: same content as import #{id}; nothing added");
    }
    // Only sources with posted ranges have pairs; other summaries read as before.
    let pairs = if s.range_pairs > 0 { format!(", {} range pairs collapsed", s.range_pairs) } else { String::new() };
    format!(
        "{file}: {} rows read: {} accepted, {} rejected, {} duplicates skipped{pairs}, {} unresolved locations, {} unknown titles",
        s.rows_read, s.accepted, s.rejected, s.duplicates, s.unresolved_locations, s.unknown_titles
    )
}

/// `paygrid import`: reads the file (or standard input), imports it in one
/// transaction and prints the summary.
#[allow(clippy::too_many_arguments)]
pub(crate) fn command(
    ctx: &Ctx,
    kind: SourceKind,
    file: PathBuf,
    dataset: Option<String>,
    licence: Option<String>,
    keep_duplicates: bool,
    min_pay: Option<f64>,
    max_pay: f64,
    format: Format,
) -> Result<(), CliError> {
    let lowest = min_pay.unwrap_or(paygrid_ingest::sanity::GLOBAL_FLOOR);
    if !(lowest > 0.0 && lowest < max_pay) {
        return Err(CliError::Input(format!("--min-pay {lowest} must be positive and below --max-pay {max_pay}")));
    }
    let label = file.display().to_string();
    let (reader, total): (Box<dyn std::io::Read + Send>, Option<u64>) = if label == "-" {
        (Box::new(std::io::stdin()), None)
    } else {
        let f = std::fs::File::open(&file).map_err(|e| CliError::Io(format!("{label}: {e}")))?;
        let meta = f.metadata().map_err(|e| CliError::Io(format!("{label}: {e}")))?;
        if meta.is_dir() {
            return Err(CliError::Io(format!("{label}: is a directory")));
        }
        (Box::new(f), Some(meta.len()))
    };
    let base_name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_else(|| "stdin".into());
    let dataset = dataset.unwrap_or_else(|| base_name.trim_end_matches(".gz").to_string());
    let mut store = ctx.store()?;
    let mut opts = ImportOptions::new(today());
    opts.keep_duplicates = keep_duplicates;
    opts.min_pay = min_pay;
    opts.max_pay = max_pay;
    let s = run(
        store.as_mut(),
        Request {
            kind,
            file_label: label.clone(),
            dataset,
            licence,
            reader,
            total_bytes: total,
            opts,
            quiet: ctx.quiet,
            label: &base_name,
        },
    )?;
    match format {
        Format::Table | Format::Md => print(&format!("{}\n", summary_line(&label, &s))),
        Format::Json | Format::Csv => {
            let l = Listing {
                columns: vec![
                    "import_id",
                    "file",
                    "rows_read",
                    "accepted",
                    "rejected",
                    "duplicates",
                    "range_pairs",
                    "unresolved_locations",
                    "unknown_titles",
                    "same_as_import",
                ],
                rows: vec![vec![
                    json!(s.import_id),
                    json!(label),
                    json!(s.rows_read),
                    json!(s.accepted),
                    json!(s.rejected),
                    json!(s.duplicates),
                    json!(s.range_pairs),
                    json!(s.unresolved_locations),
                    json!(s.unknown_titles),
                    json!(s.same_as_import),
                ]],
            };
            let text = l.render(format);
            if format == Format::Json {
                let v: serde_json::Value = serde_json::from_str(&text).expect("own JSON");
                print(&format!("{}\n", serde_json::to_string_pretty(&v[0]).expect("JSON")));
            } else {
                print(&text);
            }
        }
    }
    if s.rejected > 0 && s.import_id > 0 && !ctx.quiet {
        eprintln!("see the rejected rows with: paygrid rejects --import {}", s.import_id);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::FileHash;

    /// The published XXH3-128 test vector for empty input, and a value
    /// computed independently with Python's `xxhash` package, streamed in
    /// uneven chunks as a reader delivers them.
    #[test]
    fn file_hash_is_standard_xxh3_128() {
        assert_eq!(FileHash::default().hex(), "xxh3-128:99aa06d3014798d86001c324468d497f");
        let bytes = b"paygrid,salary\n".repeat(1000);
        let mut h = FileHash::default();
        for chunk in bytes.chunks(997) {
            h.update(chunk);
        }
        assert_eq!(h.hex(), "xxh3-128:0426d13a261ba709212447abf68c8c6d");
    }
}
