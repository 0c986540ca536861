//! Seeded randomness for the workload generator: xoshiro256** seeded through
//! splitmix64, Box–Muller normals and Walker/Vose alias tables for the Zipf
//! and level distributions.
//!
//! Own code rather than a crate so the generated records depend only on the
//! seed and this file: a dependency's algorithm change would silently change
//! every published benchmark figure.

/// One splitmix64 step; also how seeds become independent streams.
pub fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A well-mixed seed for stream `stream` of `seed`, so blocks of rows can
/// be generated on any number of threads and still give the same records.
pub fn stream_seed(seed: u64, stream: u64) -> u64 {
    let mut s = seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03);
    splitmix64(&mut s)
}

/// xoshiro256** with a cached second normal.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
    spare: Option<f64>,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut st = seed;
        let s = [splitmix64(&mut st), splitmix64(&mut st), splitmix64(&mut st), splitmix64(&mut st)];
        Rng { s, spare: None }
    }

    #[inline]
    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1) with 53 random bits.
    #[inline]
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform integer in 0..n (multiply-shift; the bias is below 2^-32·n,
    /// immaterial for n in the thousands).
    #[inline]
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next_u64() >> 32) * u64::from(n)) >> 32) as u32
    }

    /// Standard normal by Box–Muller, both values used.
    #[inline]
    pub fn normal(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - self.uniform(); // (0, 1]: ln is finite
        let u2 = self.uniform();
        let r = (-2.0 * u1.ln()).sqrt();
        let (s, c) = (2.0 * std::f64::consts::PI * u2).sin_cos();
        self.spare = Some(r * s);
        r * c
    }
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
