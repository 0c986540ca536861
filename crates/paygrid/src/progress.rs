//! Progress for long work: drawn on stderr only when it is a terminal and
//! only once the work has taken more than a second.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{IsTerminal, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> CountingReader<R> {
    pub fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        CountingReader { inner, count }
    }
}

impl<R: Read> Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

pub struct Spinner {
    bar: Option<ProgressBar>,
    started: Instant,
    shown: std::cell::Cell<bool>,
}

impl Spinner {
    pub fn new(label: &str, total_bytes: Option<u64>, quiet: bool) -> Spinner {
        let enabled = !quiet && std::io::stderr().is_terminal();
        let bar = enabled.then(|| {
            let bar = ProgressBar::with_draw_target(total_bytes, ProgressDrawTarget::hidden());
            let style = if total_bytes.is_some() {
                ProgressStyle::with_template("{msg} [{bar:30}] {bytes}/{total_bytes} {eta}")
            } else {
                ProgressStyle::with_template("{msg} {spinner} {bytes}")
            };
            bar.set_style(style.expect("valid template").progress_chars("=> "));
            bar.set_message(label.to_string());
            bar
        });
        Spinner { bar, started: Instant::now(), shown: false.into() }
    }

    pub fn set(&self, pos: u64) {
        if let Some(bar) = &self.bar {
            if !self.shown.get() && self.started.elapsed() > Duration::from_secs(1) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
                self.shown.set(true);
            }
            bar.set_position(pos);
        }
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
