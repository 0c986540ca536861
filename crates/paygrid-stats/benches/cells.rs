//! Throughput of the per-cell kernel on the BENCHMARKS.md workload shape:
//! ~750k cells, ~10M values per measure, two measures (base and TC).
//! `cargo bench -p paygrid-stats` (release build); prints seconds per pass.

use std::hint::black_box;
use std::time::Instant;

use paygrid_stats::rng::Rng;
use paygrid_stats::{cell_stats, cell_summary, Design};

fn main() {
    let cells = 750_000usize;
    let mut rng = Rng::new(42);
    // Cell sizes: heavy-tailed around a mean of ~13 values.
    let sizes: Vec<usize> = (0..cells).map(|_| (rng.lognormal(2.0, 0.9) as usize).max(1)).collect();
    let total: usize = sizes.iter().sum();
    let values: Vec<f64> = (0..total).map(|_| rng.lognormal(11.6, 0.45)).collect();
    println!("{cells} cells, {total} values per measure");

    for (name, with_ci) in [("summary (n, mean, p10..p90)", false), ("summary + 95% CIs (5 percentiles, mean)", true)] {
        let mut best = f64::INFINITY;
        for _ in 0..3 {
            let mut buf = values.clone();
            let t = Instant::now();
            for _measure in 0..2 {
                let mut off = 0;
                for &n in &sizes {
                    let cell = &mut buf[off..off + n];
                    if with_ci {
                        black_box(cell_stats(cell));
                    } else {
                        black_box(cell_summary(cell));
                    }
                    off += n;
                }
            }
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{name}: {best:.3} s for 2 measures (best of 3, single thread)");
    }

    // A log-pay regression at the stated size: 100k rows, ~300 coefficients.
    let design = Design::new(3, &[6, 250, 40]);
    let rows = 100_000;
    let t = Instant::now();
    let mut acc = design.accumulator();
    for _ in 0..rows {
        let yoe = rng.uniform() * 25.0;
        let levels = [(rng.uniform() * 6.0) as usize, (rng.uniform() * 250.0) as usize, (rng.uniform() * 40.0) as usize];
        let skills = [f64::from(u8::from(rng.uniform() < 0.3)), f64::from(u8::from(rng.uniform() < 0.1))];
        let y = 11.0 + 0.03 * yoe + 0.1 * levels[0] as f64 + 0.05 * skills[0] + 0.3 * rng.normal();
        design.push(&mut acc, &[yoe, skills[0], skills[1]], &levels, y);
    }
    let pushed = t.elapsed().as_secs_f64();
    let fit = acc.fit().expect("fit");
    println!(
        "OLS {rows} rows x {} coefficients: accumulate {pushed:.3} s, fit {:.3} s (rank {})",
        acc.coefficients(),
        t.elapsed().as_secs_f64() - pushed,
        fit.rank
    );
}
