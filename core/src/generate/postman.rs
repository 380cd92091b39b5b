//! A Postman collection (format v2.1) of the whole registry, and one file per example payload.
//!
//! The collection has a folder per data group (and one to sign in first), one request per contract with its
//! example body and the answers of its examples, the base URLs and credentials as collection variables, and the
//! authentication each contract's scheme states: a bearer token in the header, or the session token written
//! into the body where the DVCQG adapter reads it. Its defaults point at the sandbox, so that it runs as it is
//! against `cargo contracts sandbox`. The example files hold each example's request and response exactly as
//! the contract writes them (wire form), for tests and for `cargo contracts validate`.

use heck::ToLowerCamelCase;
use serde_json::{Map, Value, json};

use super::openapi::{SANDBOX_URL, operation_description};
use super::{Job, Output};
use crate::markdown;
use crate::model::{AuthKind, AuthScheme, Contract, Group, Method, Party, Registry};

/// The collection, inside `generated/`.
pub const COLLECTION: &str = "postman/registry.postman_collection.json";

/// The folder of the example files inside `generated/`.
pub const EXAMPLES: &str = "examples";

/// The schema of the format, which Postman reads the collection's version from.
const SCHEMA: &str = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json";

/// The base URL of the endpoints ministry and provincial systems host, until the user sets theirs.
const SYSTEM_URL: &str = "https://ministry-system.invalid";

/// Where the sandbox signs systems in and hands out tokens (the adapter's `auth_endpoint`, an OAuth2 token URL).
const SANDBOX_LOGIN: &str = "dvcqg/login";
const SANDBOX_TOKEN: &str = "/oauth2/token";

/// The collection, and the example files (one job per contract, as the other outputs are made).
pub fn jobs(registry: &Registry) -> Vec<Job<'_>> {
    let collection: Job<'_> = Box::new(move || {
        vec![Output::File(
            COLLECTION.to_owned(),
            pretty(&collection(registry)).into(),
        )]
    });
    let examples = registry.contracts.values().map(|contract| -> Job<'_> {
        Box::new(move || {
            example_files(contract)
                .into_iter()
                .map(|(name, bytes)| Output::File(name, bytes.into()))
                .collect()
        })
    });
    std::iter::once(collection).chain(examples).collect()
}

/// The path inside `generated/` of the `index`th example (from 0) of a contract, for `direction` (`request` or
/// `response`): `examples/<id>.request.json` for the first, `examples/<id>.example-2.request.json` after it.
pub fn example_file(contract: &Contract, index: usize, direction: &str) -> String {
    match index {
        0 => format!("{EXAMPLES}/{}.{direction}.json", contract.id),
        _ => format!(
            "{EXAMPLES}/{}.example-{}.{direction}.json",
            contract.id,
            index + 1
        ),
    }
}

/// Each example's request and response, as written in the contract.
fn example_files(contract: &Contract) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for (index, example) in contract.examples.iter().enumerate() {
        for (direction, value) in [
            ("request", &example.request),
            ("response", &example.response),
        ] {
            if let Some(value) = value {
                files.push((example_file(contract, index, direction), pretty(value)));
            }
        }
    }
    files
}

/// Pretty JSON with a final newline.
fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn collection(registry: &Registry) -> Value {
    let mut items = Vec::new();
    if let Some(folder) = sign_in_folder(registry) {
        items.push(folder);
    }
    for group in &registry.info.groups {
        let mut contracts: Vec<&Contract> = registry
            .contracts
            .values()
            .filter(|c| c.group.as_deref() == Some(group.id.as_str()))
            .collect();
        contracts.sort_by_cached_key(|c| legal_order(c));
        let requests: Vec<Value> = contracts
            .into_iter()
            .map(|c| request_item(registry, c))
            .collect();
        if !requests.is_empty() {
            items.push(folder(group, requests));
        }
    }
    // Contracts in no group (a registry without `groups:`) at the top.
    items.extend(
        registry
            .contracts
            .values()
            .filter(|c| c.group.is_none())
            .map(|c| request_item(registry, c)),
    );
    json!({
        "info": info(registry),
        "item": items,
        "variable": variables(registry),
    })
}

fn info(registry: &Registry) -> Value {
    let name = &registry.info.name;
    let mut description = vec![markdown::text(&format!(
        "{} ({})",
        name.en_or_vi(),
        name.vi
    ))];
    if let Some(text) = &registry.info.description {
        description.push(markdown::text(text.en_or_vi()));
    }
    description.push(format!(
        "One request per contract, with its example, in a folder per data group. The variable `baseUrl` is the \
         Portal adapter's base URL; it starts as the sandbox's ({SANDBOX_URL}, `cargo contracts sandbox`), so \
         that the collection runs as it is against it. Run the requests of the folder \"{}\" first: they store the \
         credentials the other requests send.",
        SIGN_IN.0
    ));
    let mut info = json!({
        "name": name.en_or_vi(),
        "description": description.join("\n\n"),
        "schema": SCHEMA,
    });
    if let (Some(version), Some(map)) = (&registry.info.version, info.as_object_mut()) {
        map.insert("version".into(), version.to_string().into());
    }
    info
}

/// The folder of the requests that obtain credentials: its name in English and Vietnamese.
const SIGN_IN: (&str, &str) = ("Sign in", "Đăng nhập");

/// The authentication schemes the contracts use, in id order.
fn used_schemes(registry: &Registry) -> Vec<&AuthScheme> {
    registry
        .info
        .auth_schemes
        .values()
        .filter(|s| registry.contracts.values().any(|c| c.auth == s.id))
        .collect()
}

/// The variable that holds a scheme's credential: `dvcqgSessionToken` for `dvcqg-session`.
fn token_variable(scheme: &AuthScheme) -> String {
    format!("{}Token", scheme.id.to_lower_camel_case())
}

/// A request that obtains the credential of each scheme a request can obtain (a session, a client-credentials
/// token) and stores it in the scheme's variable; `None` when no scheme can.
fn sign_in_folder(registry: &Registry) -> Option<Value> {
    let requests: Vec<Value> = used_schemes(registry)
        .into_iter()
        .filter_map(sign_in_request)
        .collect();
    if requests.is_empty() {
        return None;
    }
    Some(json!({
        "name": format!("{} ({})", SIGN_IN.0, SIGN_IN.1),
        "description": "Obtain the credentials the other requests send, and store them in the collection's variables.",
        "item": requests,
    }))
}

fn sign_in_request(scheme: &AuthScheme) -> Option<Value> {
    let variable = token_variable(scheme);
    let label = scheme.label.en_or_vi();
    match scheme.kind {
        AuthKind::Session => {
            let field = scheme.token_field.as_deref().unwrap_or("session");
            let body = json!({"username": "{{username}}", "password": "{{password}}"});
            let script = [
                "const answer = pm.response.json();".to_owned(),
                "pm.test(\"signed in\", () => pm.expect(answer.error_code).to.eql(0));".to_owned(),
                format!(
                    "pm.collectionVariables.set({}, answer[{}]);",
                    js_string(&variable),
                    js_string(field)
                ),
            ];
            Some(json!({
                "name": format!("Sign in: {label}"),
                "event": [test_event(&script)],
                "request": {
                    "method": "POST",
                    "header": json_headers(true),
                    "body": raw_json(&body, &["username", "password"]),
                    "url": url("{{baseUrl}}", "/{{authEndpoint}}", &[]),
                    "description": format!(
                        "{} The answer's `{field}` is stored in the variable `{variable}`, which the requests \
                         of this scheme send.",
                        markdown::text(scheme.description.as_ref().unwrap_or(&scheme.label).en_or_vi())
                    ),
                },
            }))
        }
        AuthKind::OAuth2ClientCredentials => {
            let field = scheme.token_field.as_deref().unwrap_or("access_token");
            let script = [
                "const answer = pm.response.json();".to_owned(),
                format!(
                    "pm.test(\"token issued\", () => pm.expect(answer[{}]).to.be.a(\"string\"));",
                    js_string(field)
                ),
                format!(
                    "pm.collectionVariables.set({}, answer[{}]);",
                    js_string(&variable),
                    js_string(field)
                ),
            ];
            let form = [
                ("grant_type", "client_credentials"),
                ("client_id", "{{clientId}}"),
                ("client_secret", "{{clientSecret}}"),
            ];
            Some(json!({
                "name": format!("Get a token: {label}"),
                "event": [test_event(&script)],
                "request": {
                    "method": "POST",
                    "header": [],
                    "body": {
                        "mode": "urlencoded",
                        "urlencoded": form
                            .iter()
                            .map(|(key, value)| json!({"key": key, "value": value, "type": "text"}))
                            .collect::<Vec<_>>(),
                    },
                    "url": url("{{tokenUrl}}", "", &[]),
                    "description": format!(
                        "{} The token is stored in the variable `{variable}`.",
                        markdown::text(scheme.description.as_ref().unwrap_or(&scheme.label).en_or_vi())
                    ),
                },
            }))
        }
        // The user signs in with a browser (OpenID Connect), an API key or a certificate is given beforehand.
        AuthKind::OidcAuthorizationCode | AuthKind::ApiKey | AuthKind::MutualTls => None,
    }
}

/// A contract's place in a folder: its first legal reference (source, then each part, numbers compared as
/// numbers), then its id.
type LegalOrder = (Option<(String, Vec<(u64, String)>)>, String);

/// Where a contract comes in the Circular: by its first legal reference, numbers compared as numbers (7.3 before
/// 10.1), then by id. A folder lists its requests in that order, so that a dossier is synchronised (10.1) before
/// its progress (10.2).
fn legal_order(contract: &Contract) -> LegalOrder {
    let cited = contract.legal.first().map(|legal| {
        let path = legal
            .path
            .iter()
            .map(|part| (part.parse().unwrap_or(u64::MAX), part.clone()))
            .collect();
        (legal.source.clone(), path)
    });
    (cited, contract.id.clone())
}

fn folder(group: &Group, requests: Vec<Value>) -> Value {
    let mut description = vec![markdown::text(&format!(
        "{} ({})",
        group.title.en_or_vi(),
        group.title.vi
    ))];
    if let Some(text) = &group.description {
        description.push(markdown::text(text.en_or_vi()));
    }
    json!({
        "name": format!("{} ({})", group.title.en_or_vi(), group.title.vi),
        "description": description.join("\n\n"),
        "item": requests,
    })
}

/// The request of a contract, with the answers of its examples.
fn request_item(registry: &Registry, contract: &Contract) -> Value {
    let scheme = registry.info.auth_schemes.get(&contract.auth);
    let base = match contract.host {
        Party::Portal => "{{baseUrl}}",
        Party::MinistrySystem => "{{systemUrl}}",
    };
    let example = contract.examples.iter().find_map(|e| e.request.as_ref());
    let query = match contract.method {
        Method::Get => query(registry, contract, example),
        _ => Vec::new(),
    };
    let mut request = Map::new();
    request.insert("method".into(), contract.method.as_str().into());
    request.insert(
        "header".into(),
        json_headers(contract.method != Method::Get).into(),
    );
    if contract.method != Method::Get {
        let body = example.map_or_else(
            || json!({}),
            |value| with_session(value.clone(), scheme, contract),
        );
        let session = scheme
            .filter(|s| s.kind == AuthKind::Session)
            .map(token_variable);
        let ours: Vec<&str> = session.iter().map(String::as_str).collect();
        request.insert("body".into(), raw_json(&body, &ours));
    }
    request.insert("url".into(), url(base, &contract.path, &query));
    request.insert("auth".into(), auth(scheme));
    request.insert(
        "description".into(),
        operation_description(registry, contract).into(),
    );
    let responses: Vec<Value> = contract
        .examples
        .iter()
        .enumerate()
        .filter_map(|(index, example)| {
            let answer = example.response.as_ref()?;
            let name = example.title.as_ref().map_or_else(
                || format!("Example {}", index + 1),
                |t| t.en_or_vi().to_owned(),
            );
            Some(json!({
                "name": name,
                "originalRequest": original_request(&request),
                "status": "OK",
                "code": 200,
                "_postman_previewlanguage": "json",
                "header": [{"key": "Content-Type", "value": "application/json"}],
                "body": String::from_utf8(pretty(answer)).unwrap_or_default().trim_end(),
            }))
        })
        .collect();
    let mut events = vec![test_event(&ACCEPTED.map(str::to_owned))];
    if contract.host == Party::MinistrySystem {
        events.insert(0, prerequest_event(&SKIP_UNSET_SYSTEM.map(str::to_owned)));
    }
    json!({
        "name": format!("{} ({})", contract.title.en_or_vi(), contract.operation),
        "event": events,
        "request": request,
        "response": responses,
    })
}

/// The test of every contract's request: an HTTP success, and an `error_code` of zero where the answer has one
/// (the adapter's "accepted": `0`, `"0"` or `"00"`).
const ACCEPTED: [&str; 7] = [
    "pm.test(\"accepted\", () => {",
    "    pm.response.to.be.success;",
    "    const answer = pm.response.json();",
    "    if (answer !== null && typeof answer === \"object\" && \"error_code\" in answer) {",
    "        pm.expect(String(answer.error_code)).to.match(/^0+$/);",
    "    }",
    "});",
];

/// The requests to a ministry or provincial system are skipped until `systemUrl` names one.
const SKIP_UNSET_SYSTEM: [&str; 3] = [
    "if (pm.variables.replaceIn(\"{{systemUrl}}\").endsWith(\".invalid\")) {",
    "    pm.execution.skipRequest();",
    "}",
];

/// The request as a saved answer repeats it: without its description and authentication.
fn original_request(request: &Map<String, Value>) -> Value {
    let mut original = request.clone();
    original.remove("description");
    original.remove("auth");
    Value::Object(original)
}

/// The example body, with the session token (for a scheme whose token travels in the body) replaced by the
/// variable the sign-in request fills.
fn with_session(mut body: Value, scheme: Option<&AuthScheme>, contract: &Contract) -> Value {
    let Some(scheme) = scheme.filter(|s| s.kind == AuthKind::Session) else {
        return body;
    };
    let Some(field) = scheme.token_field.as_deref() else {
        return body;
    };
    let listed = contract.request.fields.iter().any(|f| f.wire_name == field);
    if let (true, Some(map)) = (listed, body.as_object_mut()) {
        map.insert(
            field.to_owned(),
            format!("{{{{{}}}}}", token_variable(scheme)).into(),
        );
    }
    body
}

/// A GET request's fields as query parameters, with the values of its example; the field that holds a credential
/// sent in a header is left to the authentication.
fn query(
    registry: &Registry,
    contract: &Contract,
    example: Option<&Value>,
) -> Vec<(String, String)> {
    let credential = registry
        .info
        .auth_schemes
        .get(&contract.auth)
        .filter(|s| s.in_header())
        .and_then(|s| s.token_field.as_deref());
    contract
        .request
        .fields
        .iter()
        .filter(|f| Some(f.wire_name.as_str()) != credential)
        .filter_map(|f| {
            let value = example?.get(&f.wire_name)?;
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            Some((f.wire_name.clone(), text))
        })
        .collect()
}

/// The authentication of a request, as its scheme states it.
fn auth(scheme: Option<&AuthScheme>) -> Value {
    let Some(scheme) = scheme else {
        return json!({"type": "noauth"});
    };
    let token = format!("{{{{{}}}}}", token_variable(scheme));
    match scheme.kind {
        AuthKind::OAuth2ClientCredentials | AuthKind::OidcAuthorizationCode => json!({
            "type": "bearer",
            "bearer": [{"key": "token", "value": token, "type": "string"}],
        }),
        AuthKind::ApiKey => json!({
            "type": "apikey",
            "apikey": [
                {"key": "key", "value": "X-API-Key", "type": "string"},
                {"key": "value", "value": token, "type": "string"},
                {"key": "in", "value": "header", "type": "string"},
            ],
        }),
        // The session travels in the body; a client certificate is set in Postman's settings.
        AuthKind::Session | AuthKind::MutualTls => json!({"type": "noauth"}),
    }
}

/// The collection's variables: the base URLs, then what the sign-in requests send and the credentials they
/// store, scheme by scheme.
fn variables(registry: &Registry) -> Vec<Value> {
    let variable = |key: &str, value: &str, description: String| json!({"key": key, "value": value, "type": "string", "description": description});
    let mut out = vec![variable(
        "baseUrl",
        SANDBOX_URL,
        format!(
            "The Portal adapter's base URL (`adapter_url`), which the Portal gives each connected system. The \
             default is the sandbox's ({SANDBOX_URL})."
        ),
    )];
    if registry
        .contracts
        .values()
        .any(|c| c.host == Party::MinistrySystem)
    {
        out.push(variable(
            "systemUrl",
            SYSTEM_URL,
            "The base URL of the ministry or provincial system whose endpoints you call (the default names no \
             host)."
                .to_owned(),
        ));
    }
    let schemes = used_schemes(registry);
    if schemes.iter().any(|s| s.kind == AuthKind::Session) {
        out.push(variable(
            "authEndpoint",
            SANDBOX_LOGIN,
            format!(
                "Where the adapter signs systems in (`auth_endpoint`), after baseUrl and a `/`; the sandbox's is \
                 {SANDBOX_LOGIN}."
            ),
        ));
        out.push(variable(
            "username",
            "test-system",
            "The adapter account (the sandbox takes any, and names your system in its report after it: use your \
             agency code)."
                .to_owned(),
        ));
        out.push(variable(
            "password",
            "test",
            "The adapter account's password (the sandbox takes any).".to_owned(),
        ));
    }
    if schemes
        .iter()
        .any(|s| s.kind == AuthKind::OAuth2ClientCredentials)
    {
        out.push(variable(
            "tokenUrl",
            &format!("{{{{baseUrl}}}}{SANDBOX_TOKEN}"),
            format!(
                "The OAuth2 token endpoint (client credentials); the sandbox's is {SANDBOX_TOKEN} on baseUrl."
            ),
        ));
        out.push(variable(
            "clientId",
            "test-client",
            "The OAuth2 client id (the sandbox takes any).".to_owned(),
        ));
        out.push(variable(
            "clientSecret",
            "test-secret",
            "The OAuth2 client secret (the sandbox takes any).".to_owned(),
        ));
    }
    for scheme in schemes {
        if scheme.kind == AuthKind::MutualTls {
            continue;
        }
        let how = match scheme.kind {
            AuthKind::Session | AuthKind::OAuth2ClientCredentials => {
                format!(
                    "Filled by the request \"{}\" of the folder \"{}\".",
                    markdown::text(&sign_in_name(scheme)),
                    SIGN_IN.0
                )
            }
            _ => "Set it by hand.".to_owned(),
        };
        out.push(variable(
            &token_variable(scheme),
            "",
            format!(
                "The credential of `{}` ({}). {how}",
                scheme.id,
                markdown::text(scheme.label.en_or_vi())
            ),
        ));
    }
    out
}

/// The name of the request that obtains a scheme's credential.
fn sign_in_name(scheme: &AuthScheme) -> String {
    match scheme.kind {
        AuthKind::Session => format!("Sign in: {}", scheme.label.en_or_vi()),
        _ => format!("Get a token: {}", scheme.label.en_or_vi()),
    }
}

/// `Accept` (and `Content-Type` for a request with a body) for JSON.
fn json_headers(body: bool) -> Vec<Value> {
    let mut headers = vec![json!({"key": "Accept", "value": "application/json"})];
    if body {
        headers.push(json!({"key": "Content-Type", "value": "application/json"}));
    }
    headers
}

/// A raw JSON body. Postman replaces every `{{name}}` of a raw body with a variable before sending it, so a `{{`
/// of the contract's text is written `{\u007b` (the same JSON string, which Postman leaves alone); only the
/// variables named in `ours` stay.
fn raw_json(body: &Value, ours: &[&str]) -> Value {
    let text = String::from_utf8(pretty(body)).unwrap_or_default();
    json!({
        "mode": "raw",
        "raw": unsubstituted(text.trim_end(), ours, "{\\u007b"),
        "options": {"raw": {"language": "json"}},
    })
}

/// `text` with every `{{` that does not open one of the variables `ours` (`{{name}}`) written as `instead`.
fn unsubstituted(text: &str, ours: &[&str], instead: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let variable = ours
            .iter()
            .map(|name| format!("{{{{{name}}}}}"))
            .find(|placeholder| rest.starts_with(placeholder.as_str()));
        match variable {
            Some(placeholder) => {
                out.push_str(&placeholder);
                rest = &rest[placeholder.len()..];
            }
            None => {
                out.push_str(instead);
                rest = &rest[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A URL on `base` (a variable), as Postman splits it: host, path segments and query.
fn url(base: &str, path: &str, query: &[(String, String)]) -> Value {
    let mut raw = format!("{base}{path}");
    if !query.is_empty() {
        let pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
            .collect();
        raw.push('?');
        raw.push_str(&pairs.join("&"));
    }
    let mut url = json!({"raw": raw, "host": [base]});
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let Some(map) = url.as_object_mut() {
        if !segments.is_empty() {
            map.insert("path".into(), segments.into());
        }
        if !query.is_empty() {
            let query: Vec<Value> = query
                .iter()
                .map(|(key, value)| json!({"key": key, "value": unsubstituted(value, &[], "%7B%7B")}))
                .collect();
            map.insert("query".into(), query.into());
        }
    }
    url
}

/// Percent-encodes every byte but the unreserved characters of RFC 3986.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn test_event(lines: &[String]) -> Value {
    json!({"listen": "test", "script": {"type": "text/javascript", "exec": lines}})
}

fn prerequest_event(lines: &[String]) -> Value {
    json!({"listen": "prerequest", "script": {"type": "text/javascript", "exec": lines}})
}

/// A JavaScript string literal of `text` (JSON's, which JavaScript reads the same).
fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_collections_own_variables_stay_substitutable() {
        let cases = [
            ("{{x}}", &[][..], "{\\u007bx}}"),
            (
                "a {{session}} {{x}}",
                &["session"][..],
                "a {{session}} {\\u007bx}}",
            ),
            ("{{{session}}}", &["session"][..], "{\\u007b{session}}}"),
            ("{ {x} }", &[][..], "{ {x} }"),
            ("{{sessionX}}", &["session"][..], "{\\u007bsessionX}}"),
        ];
        for (text, ours, expected) in cases {
            assert_eq!(unsubstituted(text, ours, "{\\u007b"), expected, "{text}");
        }
        let body = raw_json(&json!({"note": "{{x}}", "session": "{{s}}"}), &["s"]);
        let raw = body["raw"].as_str().unwrap_or_default();
        let sent: Value = serde_json::from_str(raw).unwrap_or_default();
        assert_eq!(sent["note"], "{{x}}");
        assert!(raw.contains("\"{{s}}\"") && !raw.contains("{{x}}"), "{raw}");
    }
}
