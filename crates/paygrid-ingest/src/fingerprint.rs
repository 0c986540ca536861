//! Stable content fingerprints: dedup keys and whole-file identity must not
//! change between paygrid versions, so no `std::hash` (its output is not
//! guaranteed stable).

/// FNV-1a, 128-bit. Not cryptographic: it identifies rows and files of
/// honest sources; a forged collision could only hide a row from its own
/// dataset, which the submit path does not use for dedup.
#[derive(Clone)]
pub struct Fingerprint(u128);

const OFFSET: u128 = 0x6c62272e07bb014262b821756295c58d;
const PRIME: u128 = 0x0000000001000000000000000000013B;

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint(OFFSET)
    }
}

impl Fingerprint {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn update(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for &b in bytes {
            h ^= b as u128;
            h = h.wrapping_mul(PRIME);
        }
        self.0 = h;
    }

    /// Adds one field followed by a separator that cannot occur in decoded
    /// text fields, so ("ab","c") and ("a","bc") differ.
    pub fn field(&mut self, s: &str) {
        self.update(s.as_bytes());
        self.update(&[0x1f]);
    }

    pub fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_boundaries_matter() {
        let mut a = Fingerprint::new();
        a.field("ab");
        a.field("c");
        let mut b = Fingerprint::new();
        b.field("a");
        b.field("bc");
        assert_ne!(a.hex(), b.hex());
        assert_eq!(Fingerprint::new().hex().len(), 32);
    }
}
