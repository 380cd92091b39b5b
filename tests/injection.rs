//! A registry whose every text is hostile (Rust, HTML, JavaScript, Markdown, YAML and JSON specials, direction
//! overrides, zero-width characters): every output stays well-formed, keeps the text intact, and no text
//! becomes code.

use contracts_core::generate::{self, Outputs};
use contracts_core::model::Registry;
use contracts_tests::{check_project, fixture, generated_crate_passes, workspace_root};
use proc_macro2::{TokenStream, TokenTree};
use serde_json::Value;

/// The text every label, description and example of the fixture carries.
const HOSTILE: &str = "*/ /* \"# r#\"x\"# } { </script><script>alert(1)</script> \" onmouseover=\"alert(1) | a | b | `tick` [x](javascript:alert(1)) ${x} {{x}} \u{202E} evil \u{202C} zero\u{200B}width & <b> \\ end";

fn hostile() -> (Registry, Outputs) {
    let (registry, diagnostics) = check_project(&fixture("injection"));
    assert!(!diagnostics.has_errors(), "{diagnostics:?}");
    let outputs = generate::outputs(&registry);
    (registry, outputs)
}

fn json(outputs: &Outputs, name: &str) -> Value {
    serde_json::from_slice(&outputs[name]).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn json_and_yaml_outputs_parse_and_keep_the_text_exactly() {
    let (_, outputs) = hostile();
    for (name, bytes) in &outputs {
        if name.ends_with(".json") {
            json(&outputs, name);
        }
        if name.ends_with(".yaml") {
            let text = String::from_utf8(bytes.clone()).unwrap_or_default();
            let from_yaml: Value =
                serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                from_yaml == json(&outputs, &name.replace(".yaml", ".json")),
                "{name}"
            );
        }
    }
    let request = json(&outputs, "jsonschema/push.request.schema.json");
    assert_eq!(request["properties"]["x@y"]["title"], HOSTILE);
    assert_eq!(request["properties"]["x@y"]["examples"][0], HOSTILE);
    assert_eq!(request["$defs"]["catalogue-tricky"]["enum"][0], "</script>");
    let openapi = json(&outputs, "openapi/registry.openapi.json");
    assert_eq!(openapi["paths"]["/push/{x}"]["post"]["summary"], HOSTILE);
    assert_eq!(openapi["info"]["x-title-vi"], format!("Sổ {HOSTILE}"));
}

/// Whether some string of `value` is `text`, or holds it.
fn holds(value: &Value, text: &str) -> bool {
    match value {
        Value::String(s) => s.contains(text),
        Value::Array(items) => items.iter().any(|v| holds(v, text)),
        Value::Object(map) => map.values().any(|v| holds(v, text)),
        _ => false,
    }
}

/// The raw bodies of every request of a Postman collection.
fn raw_bodies(value: &Value) -> Vec<String> {
    match value {
        Value::Object(map) => match map.get("mode").and_then(Value::as_str) {
            Some("raw") => map
                .get("raw")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .into_iter()
                .collect(),
            _ => map.values().flat_map(raw_bodies).collect(),
        },
        Value::Array(items) => items.iter().flat_map(raw_bodies).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn the_example_files_and_the_postman_collection_keep_the_text_exactly() {
    let (registry, outputs) = hostile();
    let contract = &registry.contracts["push"];
    let example = &contract.examples[0];
    let request = json(&outputs, "examples/push.request.json");
    assert_eq!(Some(&request), example.request.as_ref());
    assert_eq!(request["x@y"], HOSTILE);
    let response = json(&outputs, "examples/push.response.json");
    assert_eq!(response["type"], HOSTILE);
    let collection = json(&outputs, "postman/registry.postman_collection.json");
    assert!(holds(&collection, HOSTILE), "the collection lost the text");
    // Postman replaces each `{{name}}` of a raw body before sending it: the body keeps the text as JSON, with no
    // `{{` but the variables the collection sets.
    let raw = raw_bodies(&collection)
        .into_iter()
        .find(|raw| raw.contains("x@y"))
        .unwrap_or_else(|| panic!("no request body sends the example"));
    let sent: Value = serde_json::from_str(&raw).unwrap_or_else(|e| panic!("{e}: {raw}"));
    assert_eq!(sent["x@y"], HOSTILE);
    assert!(!raw.contains("{{x}}"), "{raw}");
    assert!(
        holds(&collection, "Ghi$Chu"),
        "the collection lost a wire name"
    );
}

/// Every `description` of a document, with where it is.
fn descriptions(value: &Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{at}/{key}");
                match (key.as_str(), child) {
                    ("description", Value::String(text)) => out.push((here, text.clone())),
                    _ => descriptions(child, &here, out),
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                descriptions(child, &format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn openapi_and_postman_descriptions_render_as_text_in_commonmark() {
    let (_, outputs) = hostile();
    let shown = HOSTILE
        .replace('\u{202E}', "U+202E")
        .replace('\u{202C}', "U+202C")
        .replace('\u{200B}', "U+200B");
    let names = outputs.keys().filter(|n| {
        (n.starts_with("openapi/") && n.ends_with(".json")) || n.starts_with("postman/")
    });
    for name in names {
        let mut found = Vec::new();
        descriptions(&json(&outputs, name), "", &mut found);
        let mut kept = false;
        for (at, text) in &found {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(text));
            for made in [
                "<script",
                "<b>",
                "href=\"javascript",
                "<em>",
                "<h1",
                "<table",
                "<blockquote",
            ] {
                assert!(!html.contains(made), "{name}{at}: {made} in {html}");
            }
            kept |= contracts_core::markdown::unescape(text).contains(&shown);
        }
        assert!(
            kept,
            "{name}: no description shows the contract's text whole"
        );
    }
}

#[test]
fn openapi_stays_valid_openapi() {
    let (_, outputs) = hostile();
    let path = workspace_root().join("tests/meta-schemas/openapi-3.1.schema.json");
    let meta: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_default())
        .unwrap_or_default();
    let meta = jsonschema::validator_for(&meta).unwrap_or_else(|e| panic!("{e}"));
    for name in outputs
        .keys()
        .filter(|n| n.starts_with("openapi/") && n.ends_with(".json"))
    {
        let errors: Vec<String> = meta
            .iter_errors(&json(&outputs, name))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// Every identifier of every generated Rust file: contract text may only be in literals and doc comments.
fn identifiers(tokens: TokenStream, out: &mut Vec<String>) {
    for token in tokens {
        match token {
            TokenTree::Ident(ident) => out.push(ident.to_string()),
            TokenTree::Group(group) => identifiers(group.stream(), out),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}

#[test]
fn no_text_becomes_rust_code() {
    let (_, outputs) = hostile();
    for (name, bytes) in outputs.iter().filter(|(n, _)| n.ends_with(".rs")) {
        let text = String::from_utf8(bytes.clone()).unwrap_or_default();
        let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{name} does not parse: {e}"));
        let mut idents = Vec::new();
        identifiers(quote_file(&file), &mut idents);
        for word in [
            "alert",
            "script",
            "onmouseover",
            "javascript",
            "evil",
            "tick",
        ] {
            assert!(
                !idents.iter().any(|i| i == word),
                "{name}: `{word}` became code"
            );
        }
        assert!(
            !text.contains('\u{202E}') && !text.contains('\u{200B}'),
            "{name}: invisible characters left raw"
        );
        let docs = text
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with("///") || l.starts_with("//!"));
        for line in docs {
            assert!(
                !line.contains('<'),
                "{name}: raw HTML in a doc comment: {line}"
            );
        }
        // The docs as rustdoc reads them (Markdown): no link but the tool's own intra-doc links.
        let docs: String = text
            .lines()
            .map(str::trim_start)
            .filter_map(|l| l.strip_prefix("///").or_else(|| l.strip_prefix("//!")))
            .map(|l| format!("{l}\n"))
            .collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&docs));
        assert!(
            !html.contains("href=\"javascript"),
            "{name}: a link in a doc comment"
        );
    }
}

fn quote_file(file: &syn::File) -> TokenStream {
    quote::ToTokens::to_token_stream(file)
}

#[test]
fn the_rust_crate_compiles_and_round_trips_the_hostile_examples() {
    let (_, outputs) = hostile();
    assert!(generated_crate_passes(&outputs));
}
