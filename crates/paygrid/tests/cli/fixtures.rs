#![allow(dead_code)] // each test module uses the fixtures it needs
//! Stores built once per test run from the real datasets in
//! `../shared/data`, shared read-only by every test that needs them.
//! Building them goes through the binary (`paygrid import`), the path
//! users run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

/// Where this run's fixture stores live. Directories left by earlier runs
/// are removed, but never one whose test process is still running: two
/// test runs may share a target directory.
fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
        if let Ok(entries) = std::fs::read_dir(base) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Some(pid) = name.strip_prefix("real-fixtures-") else { continue };
                let running = Path::new("/proc").join(pid).exists();
                let old = e
                    .metadata()
                    .and_then(|m| m.modified())
                    .ok()
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age > std::time::Duration::from_secs(24 * 3600));
                if !running || old {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = base.join(format!("real-fixtures-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    })
}

/// A store built from real files; `defaults` says whether the embedded
/// default data (OEWS, aijobs.net, devops-jobs.net) is in it.
pub struct Fixture {
    pub db: PathBuf,
    pub defaults: bool,
}

impl Fixture {
    fn build(name: &str, defaults: bool, imports: &[(&str, &str)]) -> Fixture {
        let f = Fixture { db: root().join(format!("{name}.db")), defaults };
        if defaults {
            // The first command on an empty store loads the embedded defaults.
            f.ok(&["sources"]);
        }
        for (kind, rel) in imports {
            let path = super::shared(rel);
            f.ok(&["import", kind, path.to_str().unwrap()]);
        }
        f
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_paygrid"));
        c.arg("--db").arg(&self.db).arg("--quiet");
        if !self.defaults {
            c.arg("--no-default-data");
        }
        c.env_remove("PAYGRID_DB").env_remove("PAYGRID_NO_DEFAULT_DATA").stdin(Stdio::null());
        c
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Runs a command that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert!(o.status.success(), "paygrid {args:?} failed: {}", String::from_utf8_lossy(&o.stderr));
        String::from_utf8(o.stdout).unwrap()
    }

    /// Runs a command with `--format json` appended and parses its output.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut a = args.to_vec();
        a.extend(["--format", "json"]);
        let out = self.ok(&a);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("paygrid {args:?}: not JSON ({e}): {out}"))
    }
}

const LEVELS_FYI: (&str, &str) = ("levels-fyi", "records/levels_fyi_2017-2020.csv");
const SO_SAMPLE: (&str, &str) = ("stackoverflow", "records/so_survey_2025_sample_1000.csv");

/// Levels.fyi 2017–2020 alone.
pub fn levels_fyi() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| Fixture::build("levels-fyi", false, &[LEVELS_FYI]))
}

/// The Stack Overflow 2025 survey sample alone.
pub fn so_sample() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| Fixture::build("so-sample", false, &[SO_SAMPLE]))
}

/// The embedded default data, as a first run loads it.
pub fn defaults() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| Fixture::build("defaults", true, &[]))
}

/// The embedded defaults plus Levels.fyi: a mixed store.
pub fn defaults_and_levels_fyi() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| Fixture::build("defaults-levels-fyi", true, &[LEVELS_FYI]))
}
