//! `cargo contracts probe`: checks the endpoints that a ministry system hosts (the Portal calls them).
//!
//! For each contract it sends the contract's examples and variations made from them (see [`cases`]): valid
//! ones (the examples, the examples without their optional fields) must be answered with HTTP 2xx and a
//! response the contract accepts; invalid ones (a required field missing, a field of the wrong JSON type or
//! out of its pattern, a body that is not JSON) must be refused, with HTTP 4xx or an `error_code` other
//! than 0, and never with a server error. Every variation is first judged with [`crate::sandbox::verdict`],
//! so that an "invalid" case is invalid by the contract and a "valid" one is valid.

use std::time::Duration;

use contracts_core::model::{Contract, Direction, Method, Registry};
use serde_json::{Map, Value, json};

use crate::sandbox::{portal_hosts, verdict};

/// The largest answer read.
const MAX_ANSWER_BYTES: u64 = 8 * 1024 * 1024;

/// What to probe and how.
pub struct Options {
    /// `https://system.example.vn/api`: each contract's path is appended.
    pub base_url: String,
    /// Contract ids; empty means every contract a ministry system hosts.
    pub contracts: Vec<String>,
    /// Extra headers (`Authorization: Bearer …`), sent with every request.
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
}

/// Whether a case's request is valid by the contract, and so must be accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    Accept,
    Refuse,
}

/// One request to send.
pub struct Case {
    pub name: String,
    /// The request body; `Err` holds raw bytes that are not JSON.
    pub body: Result<Value, Vec<u8>>,
    pub expect: Expect,
}

/// How one case went.
pub struct Checked {
    pub contract: String,
    pub case: String,
    pub expect: Expect,
    pub status: Option<u16>,
    /// Empty when the case passed.
    pub problems: Vec<String>,
    /// Remarks that do not fail the case.
    pub notes: Vec<String>,
}

/// The contracts to probe: those named (each must be hosted by ministry systems), or all of them.
pub fn select<'a>(registry: &'a Registry, named: &[String]) -> Result<Vec<&'a Contract>, String> {
    if named.is_empty() {
        return Ok(registry
            .contracts
            .values()
            .filter(|c| !portal_hosts(c))
            .collect());
    }
    let mut chosen = Vec::new();
    for id in named {
        let Some(contract) = registry.contracts.get(id) else {
            let known: Vec<&str> = registry
                .contracts
                .values()
                .filter(|c| !portal_hosts(c))
                .map(|c| c.id.as_str())
                .collect();
            return Err(format!(
                "no contract has the id `{id}`; the contracts ministry systems host are: {}",
                known.join(", ")
            ));
        };
        if portal_hosts(contract) {
            return Err(format!(
                "`{id}` ({}) is served by the Portal, not by ministry systems: test what your system sends with `cargo contracts sandbox`",
                contract.operation
            ));
        }
        chosen.push(contract);
    }
    Ok(chosen)
}

/// The requests to send for `contract`: its examples, then variations of the first one. Variations that do
/// not turn out as intended (an "invalid" one the contract accepts) are left out.
pub fn cases(registry: &Registry, contract: &Contract) -> Vec<Case> {
    let examples: Vec<&Value> = contract
        .examples
        .iter()
        .filter_map(|e| e.request.as_ref())
        .collect();
    let mut out = Vec::new();
    for (index, example) in examples.iter().enumerate() {
        out.push(Case {
            name: format!("example {}", index + 1),
            body: Ok((*example).clone()),
            expect: Expect::Accept,
        });
    }
    let Some(Value::Object(first)) = examples.first().copied() else {
        return out;
    };
    let fields = &contract.request.fields;
    let optional: Vec<&str> = fields
        .iter()
        .filter(|f| !f.required && first.contains_key(&f.wire_name))
        .map(|f| f.wire_name.as_str())
        .collect();
    if !optional.is_empty() {
        let mut lean = first.clone();
        for name in &optional {
            lean.remove(*name);
        }
        out.push(Case {
            name: "example without its optional fields".to_owned(),
            body: Ok(Value::Object(lean)),
            expect: Expect::Accept,
        });
    }
    for field in fields.iter().filter(|f| f.required) {
        let mut without = first.clone();
        if without.remove(&field.wire_name).is_some() {
            out.push(Case {
                name: format!("without `{}`", field.wire_name),
                body: Ok(Value::Object(without)),
                expect: Expect::Refuse,
            });
        }
    }
    for field in fields {
        let Some(value) = first.get(&field.wire_name) else {
            continue;
        };
        if value.is_string() {
            out.push(changed(
                first,
                &field.wire_name,
                json!(12345),
                "as a number",
            ));
            out.push(changed(
                first,
                &field.wire_name,
                json!("?"),
                "out of its format",
            ));
        } else if value.is_array() || value.is_object() {
            out.push(changed(first, &field.wire_name, json!("?"), "as a string"));
        }
    }
    out.push(Case {
        name: "a body that is not JSON".to_owned(),
        body: Err(b"{\"service\": ".to_vec()),
        expect: Expect::Refuse,
    });
    // Keep only variations the contract judges as intended.
    out.retain(|case| match &case.body {
        Ok(value) => {
            let bytes = serde_json::to_vec(value).unwrap_or_default();
            let valid = verdict(registry, contract, Direction::Request, &bytes)
                .violations
                .is_empty();
            valid == (case.expect == Expect::Accept)
        }
        Err(_) => true,
    });
    out
}

fn changed(first: &Map<String, Value>, name: &str, value: Value, how: &str) -> Case {
    let mut object = first.clone();
    object.insert(name.to_owned(), value);
    Case {
        name: format!("`{name}` {how}"),
        body: Ok(Value::Object(object)),
        expect: Expect::Refuse,
    }
}

/// Sends every case of every contract and checks the answers.
pub fn run(registry: &Registry, contracts: &[&Contract], options: &Options) -> Vec<Checked> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .http_status_as_error(false)
        .user_agent("contracts-probe")
        .build()
        .into();
    let base = options.base_url.trim_end_matches('/');
    let mut out = Vec::new();
    for contract in contracts {
        let url = format!("{base}{}", contract.path);
        for case in cases(registry, contract) {
            let answer = send(&agent, contract, &url, &case, &options.headers);
            out.push(check(registry, contract, case, answer));
        }
    }
    out
}

struct Answer {
    status: u16,
    body: Vec<u8>,
}

fn send(
    agent: &ureq::Agent,
    contract: &Contract,
    url: &str,
    case: &Case,
    headers: &[(String, String)],
) -> Result<Answer, String> {
    let with_body = match contract.method {
        Method::Post => Some(agent.post(url)),
        Method::Put => Some(agent.put(url)),
        Method::Patch => Some(agent.patch(url)),
        Method::Get | Method::Delete => None,
    };
    let mut response = match with_body {
        None => {
            let mut request = if contract.method == Method::Get {
                agent.get(url)
            } else {
                agent.delete(url)
            };
            if let Ok(Value::Object(object)) = &case.body {
                for (name, value) in object {
                    let text = value
                        .as_str()
                        .map_or_else(|| value.to_string(), str::to_owned);
                    request = request.query(name, &text);
                }
            }
            for (name, value) in headers {
                request = request.header(name, value);
            }
            request.call()
        }
        Some(mut request) => {
            let bytes = match &case.body {
                Ok(value) => serde_json::to_vec(value).unwrap_or_default(),
                Err(raw) => raw.clone(),
            };
            request = request.header("Content-Type", "application/json");
            for (name, value) in headers {
                request = request.header(name, value);
            }
            request.send(&bytes[..])
        }
    }
    .map_err(|e| format!("no answer from {url}: {e}"))?;
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_ANSWER_BYTES)
        .read_to_vec()
        .map_err(|e| format!("the answer could not be read: {e}"))?;
    Ok(Answer { status, body })
}

fn check(
    registry: &Registry,
    contract: &Contract,
    case: Case,
    answer: Result<Answer, String>,
) -> Checked {
    let mut checked = Checked {
        contract: contract.id.clone(),
        case: case.name,
        expect: case.expect,
        status: None,
        problems: Vec::new(),
        notes: Vec::new(),
    };
    let answer = match answer {
        Ok(answer) => answer,
        Err(error) => {
            checked.problems.push(error);
            return checked;
        }
    };
    checked.status = Some(answer.status);
    let parsed: Option<Value> = serde_json::from_slice(&answer.body).ok();
    let code = parsed
        .as_ref()
        .and_then(|v| v.get("error_code"))
        .and_then(error_code);
    match case.expect {
        Expect::Accept => {
            if !(200..300).contains(&answer.status) {
                checked.problems.push(format!(
                    "a valid request was answered HTTP {}: it must be answered 2xx",
                    answer.status
                ));
                return checked;
            }
            let judged = verdict(registry, contract, Direction::Response, &answer.body);
            for v in judged.violations {
                checked
                    .problems
                    .push(format!("the answer breaks the contract: {v}"));
            }
            if let Some(code) = code
                && code != 0
            {
                checked.notes.push(format!(
                    "error_code {code} (the example's data may not exist on this system)"
                ));
            }
        }
        Expect::Refuse => {
            if answer.status >= 500 {
                checked.problems.push(format!(
                    "an invalid request caused HTTP {}: refuse it with 4xx or an error_code other than 0",
                    answer.status
                ));
            } else if (200..300).contains(&answer.status) {
                match code {
                    Some(0) => checked.problems.push(
                        "an invalid request was accepted (error_code 0): refuse it with 4xx or an error_code other than 0"
                            .to_owned(),
                    ),
                    Some(_) => {}
                    None => checked.problems.push(
                        "an invalid request was answered 2xx without an error_code: refuse it with 4xx or an error_code other than 0"
                            .to_owned(),
                    ),
                }
            }
        }
    }
    checked
}

/// An `error_code` as a number, from a JSON number or a numeric string (`"0"`, `"00"`).
fn error_code(value: &Value) -> Option<i64> {
    match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The report for the terminal: one line per case, grouped by contract, and a closing count.
pub fn to_text(registry: &Registry, base: &str, results: &[Checked]) -> String {
    let mut out = String::new();
    let mut last: Option<&str> = None;
    for r in results {
        if last != Some(r.contract.as_str()) {
            if let Some(c) = registry.contracts.get(&r.contract) {
                out.push_str(&format!(
                    "{} {} ({} {} {}{})\n",
                    c.id,
                    c.version,
                    c.operation,
                    c.method.as_str(),
                    base.trim_end_matches('/'),
                    c.path
                ));
            }
            last = Some(r.contract.as_str());
        }
        let mark = if r.problems.is_empty() {
            "ok  "
        } else {
            "FAIL"
        };
        let status = r
            .status
            .map_or_else(|| "no answer".to_owned(), |s| format!("HTTP {s}"));
        let expect = match r.expect {
            Expect::Accept => "valid",
            Expect::Refuse => "invalid",
        };
        out.push_str(&format!(
            "  {mark} {} ({expect} request): {status}\n",
            r.case
        ));
        for problem in &r.problems {
            out.push_str(&format!("       - {problem}\n"));
        }
        for note in &r.notes {
            out.push_str(&format!("       note: {note}\n"));
        }
    }
    let passed = results.iter().filter(|r| r.problems.is_empty()).count();
    out.push_str(&format!(
        "{passed} of {} checks passed{}\n",
        results.len(),
        if passed == results.len() {
            ""
        } else {
            ": the system does not conform yet"
        }
    ));
    out
}

pub fn to_json(base: &str, results: &[Checked]) -> Value {
    json!({
        "base_url": base,
        "passed": results.iter().all(|r| r.problems.is_empty()),
        "checks": results.iter().map(|r| json!({
            "contract": r.contract,
            "case": r.case,
            "expect": match r.expect { Expect::Accept => "accept", Expect::Refuse => "refuse" },
            "status": r.status,
            "passed": r.problems.is_empty(),
            "problems": r.problems,
            "notes": r.notes,
        })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_read_from_numbers_and_numeric_strings() {
        assert_eq!(error_code(&json!(0)), Some(0));
        assert_eq!(error_code(&json!("00")), Some(0));
        assert_eq!(error_code(&json!("-3")), Some(-3));
        assert_eq!(error_code(&json!("x")), None);
    }
}
