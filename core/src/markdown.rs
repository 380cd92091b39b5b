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
            c if is_inline_special(c) && !within(&spans, at) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether Markdown gives `c` a meaning inline (links, images, emphasis, code, raw HTML, entities, autolinks,
/// escapes, headings and tables at a line's start).
fn is_inline_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '!' | '#' | '|'
    )
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

/// Text from a contract made inert for a Markdown field that keeps its lines (an OpenAPI or Postman
/// description, which readers render as CommonMark): every character Markdown gives a meaning to inline is
/// escaped with a backslash (backticks included: the text has no code spans of its own), nothing at the start of
/// a line can open a block (heading, quote, list, code, table, HTML), and hidden characters show as `U+XXXX`.
/// A line's indentation is dropped, as four spaces would make it code. [`unescape`] gives the text back.
pub fn text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let line = line.trim_start().trim_end_matches('\r');
        let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let mut previous = None;
        let mut chars = line.char_indices().peekable();
        while let Some((at, c)) = chars.next() {
            let opens_block = at == 0 && matches!(c, '-' | '+' | '=')
                || (at == digits && at > 0 && matches!(c, '.' | ')'));
            let next = chars.peek().map(|&(_, c)| c);
            // `_` between letters or digits can neither open nor close emphasis (`error_code` stays as it is).
            let within_word = c == '_'
                && previous.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric);
            previous = Some(c);
            match c {
                c if is_hidden(c) => out.push_str(&format!("U+{:04X}", c as u32)),
                '_' if within_word => out.push(c),
                c if is_inline_special(c) || opens_block => {
                    out.push('\\');
                    out.push(c);
                }
                c => out.push(c),
            }
        }
    }
    out
}

/// Markdown text read back as the text it shows, where it has only backslash escapes (what [`text`] and
/// [`inline`] write): each backslash before ASCII punctuation is dropped, as CommonMark reads it.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match chars.peek() {
            Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The HTML CommonMark makes of `markdown`.
    fn html(markdown: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, pulldown_cmark::Parser::new(markdown));
        out
    }

    #[test]
    fn text_keeps_its_lines_and_opens_no_block() {
        let hostile = "# title\n> quote\n- item\n+ item\n1. one\n12) two\n    code\n===\n<div>\n| a | b |\n[r]: javascript:x\n`tick` *em* \\";
        let escaped = text(hostile);
        let rendered = html(&escaped);
        for tag in [
            "<h1",
            "<h2",
            "<blockquote",
            "<ul",
            "<ol",
            "<pre",
            "<div",
            "<table",
            "<em",
            "<code",
            "<a ",
        ] {
            assert!(!rendered.contains(tag), "{tag} in {rendered}");
        }
        assert_eq!(rendered.matches("<p>").count(), 1, "{rendered}");
        let unindented: Vec<&str> = hostile.lines().map(str::trim_start).collect();
        assert_eq!(unescape(&escaped), unindented.join("\n"));
        assert_eq!(
            text("Mã hồ sơ 1.0, số 2.\n\nĐoạn hai"),
            "Mã hồ sơ 1.0, số 2.\n\nĐoạn hai"
        );
        assert_eq!(text("a\u{202E}b"), "aU+202Eb");
        assert_eq!(text("error_code _x_ a__b"), "error_code \\_x\\_ a\\_\\_b");
        assert!(!html(&text("snake_case_name and _em_")).contains("<em"));
        assert_eq!(unescape("a\\b \\\\ \\é"), "a\\b \\ \\é");
    }

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
