//! Contract text prepared for the page: hidden characters made visible, anchors and JSON safe for their context.

use contracts_core::model::Text;

/// Characters that change text direction or have no width: a reader must see them, not be fooled by them.
pub fn is_hidden(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
        || (c.is_control() && c != '\n' && c != '\t')
}

/// The text with every hidden character written as `U+XXXX`. HTML escaping is left to the templates.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&format!("U+{:04X}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The text in `lang` (English falls back to Vietnamese), made visible.
pub fn pick(text: &Text, lang: &str) -> String {
    if lang == "en" {
        visible(text.en_or_vi())
    } else {
        visible(&text.vi)
    }
}

/// An optional text in `lang`.
pub fn pick_opt(text: Option<&Text>, lang: &str) -> Option<String> {
    text.map(|t| pick(t, lang))
}

/// JSON for display: pretty, with hidden characters as `\uXXXX` escapes (the same JSON value).
pub fn json_pretty(value: &serde_json::Value) -> String {
    escape_hidden_in_json(&serde_json::to_string_pretty(value).unwrap_or_default())
}

/// JSON on one line, hidden characters escaped.
pub fn json_compact(value: &serde_json::Value) -> String {
    escape_hidden_in_json(&serde_json::to_string(value).unwrap_or_default())
}

/// JSON whose characters that matter in HTML or JavaScript source are escaped too: `<`, `>`, `&`, U+2028 and
/// U+2029 become `\uXXXX`. In JSON text these can only appear inside strings, so the value is unchanged.
pub fn json_for_script(value: &serde_json::Value) -> String {
    let json = serde_json::to_string(value).unwrap_or_default();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c if is_hidden(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

fn escape_hidden_in_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if is_hidden(c) && c != '\n' {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// An HTML id (and URL fragment) from any text: ASCII letters, digits, `-` and `_` are kept, every other
/// character becomes its code point in hex between dots. Distinct texts give distinct anchors.
pub fn anchor(prefix: &str, text: &str) -> String {
    let mut out = String::from(prefix);
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!(".{:x}.", c as u32));
        }
    }
    out
}

/// Whether `url` may be a link: `https://` or `http://` and no character that could end the attribute
/// or hide what it is.
pub fn is_safe_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://"))
        && url
            .chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\'))
}

/// A number without a needless `.0`.
pub fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_characters_become_visible() {
        assert_eq!(visible("a\u{202E}b\u{200B}c"), "aU+202EbU+200Bc");
        assert_eq!(
            json_compact(&serde_json::json!({"k\u{202E}": "v\u{200B}"})),
            "{\"k\\u202e\":\"v\\u200b\"}"
        );
    }

    #[test]
    fn script_json_cannot_close_a_script_or_break_a_line() {
        let value = serde_json::json!({"x": "</script><!-- & \u{2028}\u{2029}"});
        let text = json_for_script(&value);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        assert!(!text.contains('\u{2028}') && !text.contains('\u{2029}'));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn anchors_are_plain_and_distinct() {
        assert_eq!(anchor("f-", "Ma_HoSo-1"), "f-Ma_HoSo-1");
        assert_eq!(anchor("c-", "</script>"), "c-.3c..2f.script.3e.");
        assert_ne!(anchor("", "a.b"), anchor("", "a_b"));
        assert_eq!(anchor("p-", "đ"), "p-.111.");
        assert_ne!(anchor("", "a.b"), anchor("", "a\u{2eb}"));
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_safe_url(
            "https://vanban.chinhphu.vn/?pageid=27160&docid=212345"
        ));
        assert!(!is_safe_url("javascript:alert(1)"));
        assert!(!is_safe_url("https://x\" onmouseover=\"alert(1)"));
        assert!(!is_safe_url("https://a b"));
    }
}
