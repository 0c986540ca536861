//! Seeded randomness for the workload generator: the statistics crate's
//! generator (xoshiro256**, Box–Muller normals), independent streams per
//! block of rows, and Walker/Vose alias tables for the Zipf and level
//! distributions.
//!
//! Own code rather than an external crate so the generated records depend
//! only on the seed and paygrid's source: a dependency's algorithm change
//! would silently change every published benchmark figure.

pub use paygrid_stats::rng::{splitmix64, Rng};

/// A well-mixed seed for stream `stream` of `seed`, so blocks of rows can
/// be generated on any number of threads and still give the same records.
pub fn stream_seed(seed: u64, stream: u64) -> u64 {
    let mut s = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
    splitmix64(&mut s)
}

/// O(1) sampling from a fixed discrete distribution (Vose's alias method):
/// one 64-bit draw picks a column with its high half and decides between the
/// column and its alias with the low half.
#[derive(Debug, Clone)]
pub struct Alias {
    /// Acceptance threshold per column, scaled to 2^32.
    threshold: Vec<u64>,
    alias: Vec<u32>,
}

impl Alias {
    /// From non-negative weights (at least one positive).
    pub fn new(weights: &[f64]) -> Alias {
        let n = weights.len();
        assert!(n > 0 && n <= u32::MAX as usize, "alias table needs 1..2^32 weights");
        let total: f64 = weights.iter().sum();
        assert!(total > 0.0 && total.is_finite(), "weights must have a positive finite sum");
        let mut scaled: Vec<f64> = weights.iter().map(|w| w * n as f64 / total).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| scaled[i] < 1.0);
        while let (Some(s), Some(&l)) = (small.pop(), large.last()) {
            alias[s] = l as u32;
            scaled[l] -= 1.0 - scaled[s];
            if scaled[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        // Leftovers are 1 up to rounding.
        for i in small.into_iter().chain(large) {
            scaled[i] = 1.0;
        }
        let threshold = scaled.iter().map(|&p| (p.clamp(0.0, 1.0) * 4_294_967_296.0) as u64).collect();
        Alias { threshold, alias }
    }

    /// Zipf(s) over ranks 1..=n: P(k) ∝ k^-s; index 0 is rank 1.
    pub fn zipf(n: usize, s: f64) -> Alias {
        let w: Vec<f64> = (1..=n).map(|k| (k as f64).powf(-s)).collect();
        Alias::new(&w)
    }

    #[inline]
    pub fn sample(&self, rng: &mut Rng) -> u32 {
        let u = rng.next_u64();
        let col = (((u >> 32) * self.threshold.len() as u64) >> 32) as usize;
        if (u & 0xFFFF_FFFF) < self.threshold[col] {
            col as u32
        } else {
            self.alias[col]
        }
    }

    pub fn len(&self) -> usize {
        self.threshold.len()
    }

    pub fn is_empty(&self) -> bool {
        self.threshold.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_reproduces_its_weights() {
        let w = [20.0, 30.0, 25.0, 12.0, 8.0, 5.0];
        let a = Alias::new(&w);
        let mut rng = Rng::new(7);
        let mut counts = [0usize; 6];
        let n = 600_000;
        for _ in 0..n {
            counts[a.sample(&mut rng) as usize] += 1;
        }
        for (c, w) in counts.iter().zip(w) {
            let share = *c as f64 / n as f64;
            assert!((share - w / 100.0).abs() < 0.003, "{share} vs {w}%");
        }
    }

    #[test]
    fn zipf_ranks_fall_off_as_a_power() {
        let a = Alias::zipf(400, 1.0);
        let mut rng = Rng::new(1);
        let mut counts = vec![0usize; 400];
        for _ in 0..400_000 {
            counts[a.sample(&mut rng) as usize] += 1;
        }
        // P(1) / P(2) = 2 and P(1) / P(4) = 4 under Zipf(1).
        let r2 = counts[0] as f64 / counts[1] as f64;
        let r4 = counts[0] as f64 / counts[3] as f64;
        assert!((r2 - 2.0).abs() < 0.1 && (r4 - 4.0).abs() < 0.25, "{r2} {r4}");
    }

    #[test]
    fn normals_have_unit_variance() {
        let mut rng = Rng::new(3);
        let n = 200_000;
        let v: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let m = v.iter().sum::<f64>() / n as f64;
        let var = v.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / n as f64;
        assert!(m.abs() < 0.01 && (var - 1.0).abs() < 0.01);
        assert_ne!(stream_seed(1, 0), stream_seed(1, 1));
    }
}
