//! The one slug function: text to lowercase ASCII words joined by `-`,
//! for role ids of titles outside the catalogue, URL path parts and
//! heading anchors alike.

/// Lowercase ASCII words joined by `-`. Latin letters with diacritics fold
/// to their base letter ("Curaçao" -> `curacao`) and apostrophes vanish
/// ("Côte d'Ivoire" -> `cote-divoire`), so names stay readable in a URL.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut push = |s: &str| {
        for c in s.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('-') {
                out.push('-');
            }
        }
    };
    for c in text.chars() {
        match c {
            '\'' | '\u{2019}' | '\u{2018}' => {}
            c if c.is_ascii() => push(c.encode_utf8(&mut [0; 4])),
            c => push(fold(c)),
        }
    }
    out.trim_end_matches('-').to_string()
}

fn fold(c: char) -> &'static str {
    match c.to_lowercase().next().unwrap_or(c) {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'æ' => "ae",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' | 'ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => "o",
        'œ' => "oe",
        'ř' => "r",
        'ś' | 'š' | 'ş' | 'ș' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'ț' => "t",
        'þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        _ => "-",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_to_ascii() {
        assert_eq!(slugify("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(slugify("Curaçao"), "curacao");
        assert_eq!(slugify("Senior Backend Developer"), "senior-backend-developer");
        assert_eq!(slugify("  C++ / Qt dev "), "c-qt-dev");
        assert_eq!(slugify("Privacy: publication classes"), "privacy-publication-classes");
        assert_eq!(slugify("ÜBER"), "uber");
        assert_eq!(slugify("!!!"), "");
    }
}
