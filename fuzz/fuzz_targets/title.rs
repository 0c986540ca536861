//! Title normalization on arbitrary text and hints: never panics, always
//! yields a valid role slug.
#![no_main]

use libfuzzer_sys::fuzz_target;
use paygrid_domain::role::RoleId;
use paygrid_domain::title::{normalize_title, TitleHints};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.splitn(4, '\u{1f}');
    let title = parts.next().unwrap_or("");
    let company = parts.next();
    let level = parts.next();
    let spec = parts.next();
    let hints = TitleHints {
        company,
        company_level: level,
        specialization: spec,
        level_text: level,
        years_experience: data.first().map(|&b| f64::from(b) / 4.0),
    };
    let m = normalize_title(title, &hints);
    assert!(RoleId::parse(m.role.as_str()).is_some(), "invalid slug {:?}", m.role);
});
