//! The ready-to-run shell commands that the website's contract pages show: a `curl` call of the contract's
//! example against a local sandbox, or, for the exchanges a ministry system hosts, the `probe` that checks it.

use contracts_core::model::{AuthKind, Contract, Method, Registry};
use serde_json::Value;

use super::adapter::{LOGIN_PATH, TOKEN_PATH};
use super::host::portal_hosts;

/// Where `cargo contracts sandbox` listens by default.
pub const LOCAL_SANDBOX: &str = "http://127.0.0.1:8080";

/// The commands for `contract` in the page language `lang` (`vi` or `en`), or `None` when it has no example
/// request.
pub fn example(registry: &Registry, contract: &Contract, lang: &str) -> Option<String> {
    let vi = lang == "vi";
    if !portal_hosts(contract) {
        let comment = if vi {
            "# Hệ thống của bộ, tỉnh phục vụ nghiệp vụ này: kiểm tra điểm cuối của mình bằng"
        } else {
            "# Ministry systems serve this operation: check your endpoint with"
        };
        return Some(format!(
            "{comment}\ncargo contracts probe https://your-system.example.vn --contract {}",
            contract.id
        ));
    }
    let request = contract.examples.iter().find_map(|e| e.request.as_ref())?;
    let kind = registry
        .info
        .auth_schemes
        .get(&contract.auth)
        .map(|a| a.kind);
    let url = format!("{LOCAL_SANDBOX}{}", contract.path);
    let account = request
        .get("madonvi")
        .and_then(Value::as_str)
        .unwrap_or("000.00.00.H56");
    let mut lines = vec![if vi {
        "# Chạy môi trường thử nghiệm: cargo contracts sandbox".to_owned()
    } else {
        "# Start the sandbox: cargo contracts sandbox".to_owned()
    }];
    if contract.method == Method::Get {
        let token = request
            .get("access_token")
            .and_then(Value::as_str)
            .unwrap_or("TOKEN");
        lines.push(format!(
            "curl -s '{url}' -H 'Authorization: Bearer {}'",
            shell_single(token)
        ));
        return Some(lines.join("\n"));
    }
    let mut body = request.clone();
    let mut headers = String::new();
    match kind {
        Some(AuthKind::Session) => {
            lines.push(if vi {
                "# Đăng nhập (tên đăng nhập: mã đơn vị madonvi)".to_owned()
            } else {
                "# Log in (username: your agency code madonvi)".to_owned()
            });
            lines.push(format!(
                "SESSION=$(curl -s {LOCAL_SANDBOX}{LOGIN_PATH} -H 'Content-Type: application/json' \\\n  -d '{{\"username\": \"{}\", \"password\": \"sandbox\"}}' | sed -E 's/.*\"session\": *\"([^\"]*)\".*/\\1/')",
                shell_single(&json_text(account))
            ));
            if let Some(object) = body.as_object_mut()
                && object.contains_key("session")
            {
                object.insert("session".to_owned(), Value::from(SESSION_MARK));
            }
        }
        Some(AuthKind::OAuth2ClientCredentials | AuthKind::OidcAuthorizationCode) => {
            lines.push(if vi {
                "# Lấy access token".to_owned()
            } else {
                "# Get an access token".to_owned()
            });
            lines.push(format!(
                "TOKEN=$(curl -s {LOCAL_SANDBOX}{TOKEN_PATH} -d grant_type=client_credentials -d client_id=000.00.00.H56 -d client_secret=sandbox \\\n  | sed -E 's/.*\"access_token\": *\"([^\"]*)\".*/\\1/')"
            ));
            headers.push_str(" -H \"Authorization: Bearer $TOKEN\"");
        }
        _ => {}
    }
    lines.push(if vi {
        "# Gửi ví dụ của hợp đồng".to_owned()
    } else {
        "# Send the contract's example".to_owned()
    });
    let json = escape_hidden(&serde_json::to_string_pretty(&body).ok()?);
    let json = heredoc_text(&json).replace(&format!("\"{SESSION_MARK}\""), "\"$SESSION\"");
    lines.push(format!(
        "curl -s -X {} {url} -H 'Content-Type: application/json'{headers} --data-binary @- <<JSON\n{json}\nJSON",
        contract.method.as_str()
    ));
    Some(lines.join("\n"))
}

/// Stands for the session in the example body until it becomes `$SESSION`.
const SESSION_MARK: &str = "__SANDBOX_SESSION__";

/// JSON text with invisible and direction-changing characters written as `\uXXXX` escapes: the same JSON,
/// and nothing on the page that reads differently from what it sends.
fn escape_hidden(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        let hidden = matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
            || (c.is_control() && c != '\n');
        if hidden {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text inside an unquoted here-document: `\`, `$` and `` ` `` are escaped so that the shell keeps them.
fn heredoc_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text inside single quotes: a `'` ends the quote, so it is written `'\''`.
fn shell_single(text: &str) -> String {
    text.replace('\'', "'\\''")
}

/// A string as it appears inside a JSON string.
fn json_text(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted[1..quoted.len().saturating_sub(1)].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn here_documents_keep_dollars_backslashes_and_backquotes() {
        assert_eq!(
            heredoc_text(r#"{"a": "$x `y` \" \\"}"#),
            r#"{"a": "\$x \`y\` \\" \\\\"}"#
        );
    }

    #[test]
    fn hidden_characters_become_json_escapes() {
        assert_eq!(escape_hidden("\"a\u{202E}b\""), "\"a\\u202eb\"");
    }

    #[test]
    fn single_quotes_are_closed_and_reopened() {
        assert_eq!(shell_single("it's"), "it'\\''s");
    }
}
