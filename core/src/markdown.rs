//! Contract text made safe for Markdown (the migration guides, the changelog, `diff --format markdown`, rustdoc):
//! what a reader sees is the text, never a link, raw HTML, emphasis or an invisible character.

/// The byte ranges of the Markdown code spans of `text`: a run of backticks up to the next run of the same
/// length (an unmatched run is text, as CommonMark reads it).
pub fn code_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let runs: Vec<(usize, usize)> = {
        let mut runs = Vec::new();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b'`' {
                let start = at;
                while at < bytes.len() && bytes[at] == b'`' {
                    at += 1;
                }
                runs.push((start, at - start));
            } else {
                at += 1;
            }
        }
        runs
    };
    let mut spans = Vec::new();
    let mut index = 0;
    while index < runs.len() {
        let (start, length) = runs[index];
        match runs[index + 1..].iter().position(|&(_, l)| l == length) {
            Some(offset) => {
                let (end, _) = runs[index + 1 + offset];
                spans.push((start, end + length));
                index += offset + 2;
            }
            None => index += 1,
        }
    }
    spans
}

/// Whether the byte `at` is inside one of `spans`.
pub fn within(spans: &[(usize, usize)], at: usize) -> bool {
    spans.iter().any(|&(start, end)| (start..end).contains(&at))
}

/// Characters that change text direction, have no width, or are controls: written as `U+XXXX`.
pub fn is_hidden(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
        || c.is_control()
}

/// Text, possibly with code spans (`` `x` ``) the tool wrote around values, made inert for Markdown on one line:
/// outside code spans every character Markdown gives a meaning to inline (links, images, emphasis, raw HTML,
/// entities, autolinks, escapes) is escaped with a backslash, and an unmatched backtick too; inside them the
/// text is already literal. Everywhere, line breaks become spaces and hidden characters `U+XXXX`.
pub fn inline(text: &str) -> String {
    let spans = code_spans(text);
    let mut out = String::with_capacity(text.len() + 8);
    for (at, c) in text.char_indices() {
        match c {
            '\n' | '\r' => out.push(' '),
            c if is_hidden(c) => out.push_str(&format!("U+{:04X}", c as u32)),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '!' | '#' | '|'
                if !within(&spans, at) =>
            {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Text kept as it is (for a fenced code block), but with every hidden character but line breaks and tabs
/// written as `U+XXXX`.
pub fn visible(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c.to_string(),
            c if is_hidden(c) => format!("U+{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Text as one inline code span: fenced with more backticks than any run inside it (and padded when it starts
/// or ends with one), on one line, hidden characters as `U+XXXX`.
pub fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| match c {
            '\n' | '\r' => " ".to_owned(),
            c if is_hidden(c) => format!("U+{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect();
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_stays_text() {
        let cases = [
            ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
            ("<script>", "\\<script\\>"),
            ("a\u{202E}b\nc", "aU+202Eb c"),
            ("*em* _u_ ~s~ &amp;", "\\*em\\* \\_u\\_ \\~s\\~ \\&amp;"),
            ("`[kept]` and `odd", "`[kept]` and \\`odd"),
            ("Mã hồ sơ 1.0", "Mã hồ sơ 1.0"),
        ];
        for (text, expected) in cases {
            assert_eq!(inline(text), expected, "{text}");
        }
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`x"), "`` `x ``");
        assert_eq!(code("plain"), "`plain`");
    }
}
