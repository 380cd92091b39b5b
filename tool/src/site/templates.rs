//! The editable theme in `docs-site/`: handlebars templates, the interface strings in both languages, and assets.

use contracts_core::walk::{self, Hidden};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use handlebars::template::{DecoratorTemplate, TemplateElement};
use handlebars::{Context, Handlebars, RenderErrorReason, Template};
use serde_json::{Map, Value};

use super::digest::{Digest, Fingerprint};
use super::{LANGUAGES, PublishError, SiteError};

/// The folder of templates inside `docs-site/`.
pub const TEMPLATES: &str = "templates";
/// The folder of assets copied as they are.
pub const ASSETS: &str = "assets";
/// The interface strings: every key holds `{"vi": ..., "en": ...}`.
pub const STRINGS: &str = "strings.json";
/// The pages the site renders; each must exist as `templates/<name>.hbs`.
pub const PAGES: [&str; 14] = [
    "home",
    "database",
    "reuse",
    "owners",
    "changes",
    "contract",
    "catalogue",
    "record",
    "traceability",
    "downloads",
    "rust",
    "search",
    "editions",
    "compare",
];

/// Templates, strings and assets, read and checked. The templates are compiled when a page is first rendered
/// (a build that renders nothing, because nothing changed, does not compile them).
pub struct Theme {
    /// Each template's name (`home`, `partials/fields`), file and text.
    templates: Vec<(String, PathBuf, String)>,
    handlebars: OnceLock<Result<Handlebars<'static>, SiteError>>,
    /// Language → nested strings.
    pub strings: BTreeMap<String, Value>,
    /// Asset path (relative to `assets/`, with `/`) → bytes.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// The digest of every template, the strings and every asset: what every page depends on.
    pub digest: Digest,
}

impl Theme {
    /// Reads the theme in `dir` (`docs-site/`).
    pub fn load(dir: &Path) -> Result<Theme, SiteError> {
        let templates_dir = dir.join(TEMPLATES);
        let mut fingerprint = Fingerprint::new("theme");
        let mut templates = Vec::new();
        for (name, path) in files_under(&templates_dir)? {
            let Some(stem) = name.strip_suffix(".hbs") else {
                continue;
            };
            let text = read_text(&path)?;
            fingerprint.add_str(&name).add_str(&text);
            templates.push((stem.to_owned(), path, text));
        }
        for page in PAGES {
            if !templates.iter().any(|(stem, _, _)| stem == page) {
                return Err(SiteError {
                    what: format!(
                        "{} is missing",
                        templates_dir.join(format!("{page}.hbs")).display()
                    ),
                    fix: "every page of the site needs its template; restore it from git"
                        .to_owned(),
                });
            }
        }
        let (strings, strings_text) = load_strings(&dir.join(STRINGS))?;
        fingerprint.add_str(STRINGS).add_str(&strings_text);
        let mut assets = BTreeMap::new();
        for (name, path) in files_under(&dir.join(ASSETS))? {
            let bytes = std::fs::read(&path).map_err(|e| io_error(&path, &e))?;
            fingerprint.add_str(&name).add(&bytes);
            assets.insert(name, bytes);
        }
        Ok(Theme {
            templates,
            handlebars: OnceLock::new(),
            strings,
            assets,
            digest: fingerprint.finish(),
        })
    }

    /// The templates, compiled on first use.
    fn handlebars(&self) -> Result<&Handlebars<'static>, SiteError> {
        self.handlebars
            .get_or_init(|| compile(&self.templates))
            .as_ref()
            .map_err(SiteError::clone)
    }

    /// The string at a dotted key (`party.portal`) in `lang`.
    pub fn string(&self, lang: &str, key: &str) -> Result<String, SiteError> {
        let mut value = self.strings.get(lang);
        for part in key.split('.') {
            value = value.and_then(|v| v.get(part));
        }
        value
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| SiteError {
                what: format!("docs-site/{STRINGS} has no string `{key}`"),
                fix: format!(
                    "add `{key}` to docs-site/{STRINGS} with its Vietnamese and English text: {{\"vi\": \"...\", \"en\": \"...\"}}"
                ),
            })
    }

    /// Renders the page template `name` with the data of `context` into `out`, as it goes (see [`flatten`]).
    pub fn render_to(
        &self,
        name: &str,
        context: &Context,
        out: &mut dyn Write,
    ) -> Result<(), PublishError> {
        let handlebars = self.handlebars().map_err(PublishError::Site)?;
        let flat = flat_name(name);
        if !handlebars.has_template(&flat) {
            return render(handlebars, name, context, out);
        }
        match render(handlebars, &flat, context, out) {
            // The error as the template was written says where it is: the page's own template or the layout.
            Err(PublishError::Site(error)) => {
                match render(handlebars, name, context, &mut io::sink()) {
                    Err(original) => Err(original),
                    Ok(()) => Err(PublishError::Site(error)),
                }
            }
            rendered => rendered,
        }
    }
}

/// Renders the template `name` with the data of `context` into `out`.
fn render(
    handlebars: &Handlebars<'static>,
    name: &str,
    context: &Context,
    out: &mut dyn Write,
) -> Result<(), PublishError> {
    handlebars
        .render_with_context_to_write(name, context, out)
        .map_err(|e| match e.reason() {
                RenderErrorReason::IOError(io) => {
                    PublishError::Io(io::Error::new(io.kind(), io.to_string()))
                }
                _ => PublishError::Site(SiteError {
                    what: format!("docs-site/{TEMPLATES}: {e}"),
                    fix: "a template names a value the page does not have, or misuses a helper: check the name at that line against the other templates (strict mode rejects unknown names)".to_owned(),
                }),
            })
}

/// The name under which the flattened version of a page's template is registered.
fn flat_name(page: &str) -> String {
    format!("{page}\u{1}flat")
}

/// A page template of the form `{{#> layout}}...{{/layout}}` with the layout's elements put around its own in
/// place of `{{> @partial-block}}`. Rendered as it is written, handlebars renders a page's whole content into a
/// string (and copies the page's data) before the layout writes it; flattened, the page streams into its file
/// as it is rendered, with the same output. `None` when the templates are not of that simple form (they are then
/// rendered as written).
fn flatten(handlebars: &Handlebars<'static>, page: &str) -> Option<Template> {
    let page_template = handlebars.get_template(page)?;
    let layout = handlebars.get_template("layout")?;
    let is_plain = |d: &DecoratorTemplate| d.params.is_empty() && d.hash.is_empty();
    let mut blocks = page_template.elements.iter().enumerate().filter(|(_, e)| {
        !matches!(
            e,
            TemplateElement::RawString(_) | TemplateElement::Comment(_)
        )
    });
    let (at, block) = match blocks.next()? {
        (at, TemplateElement::PartialBlock(block))
            if block.name.as_name() == Some("layout") && is_plain(block) =>
        {
            (at, block)
        }
        _ => return None,
    };
    if blocks.next().is_some() {
        return None;
    }
    let inner = block.template.as_ref()?;
    let mut holes = layout.elements.iter().enumerate().filter(|(_, e)| match e {
        TemplateElement::PartialExpression(d) => d.name.as_name() == Some("@partial-block"),
        TemplateElement::PartialBlock(_)
        | TemplateElement::DecoratorBlock(_)
        | TemplateElement::DecoratorExpression(_) => true,
        _ => false,
    });
    let (hole, element) = holes.next()?;
    if holes.next().is_some() || inner.elements.len() != inner.mapping.len() {
        return None;
    }
    match element {
        TemplateElement::PartialExpression(d) if is_plain(d) => {}
        _ => return None,
    }
    let lengths_agree = |t: &Template| t.elements.len() == t.mapping.len();
    if !lengths_agree(page_template) || !lengths_agree(layout) {
        return None;
    }
    let mut flat = Template::default();
    flat.name = page_template.name.clone();
    let parts: [(&Template, std::ops::Range<usize>); 5] = [
        (page_template, 0..at),
        (layout, 0..hole),
        (inner, 0..inner.elements.len()),
        (layout, hole + 1..layout.elements.len()),
        (page_template, at + 1..page_template.elements.len()),
    ];
    for (template, range) in parts {
        flat.elements
            .extend(template.elements[range.clone()].iter().cloned());
        flat.mapping.extend(template.mapping[range].iter().cloned());
    }
    Some(flat)
}

/// The templates registered in strict mode, with HTML escaping and the `each` of [`super::rows`].
fn compile(templates: &[(String, PathBuf, String)]) -> Result<Handlebars<'static>, SiteError> {
    let mut handlebars = Handlebars::new();
    handlebars.set_strict_mode(true);
    handlebars.set_prevent_indent(true);
    handlebars.register_escape_fn(handlebars::html_escape);
    handlebars.register_helper("each", Box::new(super::rows::Each));
    for (stem, path, text) in templates {
        handlebars
            .register_template_string(stem, text)
            .map_err(|e| SiteError {
                what: format!("{}: {e}", path.display()),
                fix: "correct the handlebars syntax at that line of the template".to_owned(),
            })?;
    }
    for page in PAGES {
        if let Some(flat) = flatten(&handlebars, page) {
            handlebars.register_template(&flat_name(page), flat);
        }
    }
    Ok(handlebars)
}

/// `strings.json`, split by language (every leaf must be `{"vi": "...", "en": "..."}`), and its text.
fn load_strings(path: &Path) -> Result<(BTreeMap<String, Value>, String), SiteError> {
    let text = read_text(path)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| SiteError {
        what: format!("{}: not valid JSON: {e}", path.display()),
        fix: "correct the JSON at that line and column".to_owned(),
    })?;
    let mut out = BTreeMap::new();
    for lang in LANGUAGES {
        let mut problems = Vec::new();
        let split = split_language(&value, lang, "", &mut problems);
        if let Some(problem) = problems.first() {
            return Err(SiteError {
                what: format!("{}: {problem}", path.display()),
                fix: "give every string both languages: {\"vi\": \"...\", \"en\": \"...\"}"
                    .to_owned(),
            });
        }
        out.insert(lang.to_owned(), split);
    }
    Ok((out, text))
}

fn split_language(value: &Value, lang: &str, key: &str, problems: &mut Vec<String>) -> Value {
    let Some(map) = value.as_object() else {
        problems.push(format!("`{key}` is not an object"));
        return Value::Null;
    };
    // A string: its texts by language, and nothing else.
    if map.values().any(Value::is_string) {
        if let Some(other) = map.keys().find(|k| !LANGUAGES.contains(&k.as_str())) {
            problems.push(format!(
                "`{key}` has `{other}`, which is not a language of the site ({})",
                LANGUAGES.join(", ")
            ));
        }
        return match map.get(lang).and_then(Value::as_str) {
            Some(text) => Value::String(text.to_owned()),
            None => {
                problems.push(format!("`{key}` has no `{lang}` text"));
                Value::Null
            }
        };
    }
    let mut out = Map::new();
    for (name, child) in map {
        let child_key = if key.is_empty() {
            name.clone()
        } else {
            format!("{key}.{name}")
        };
        out.insert(
            name.clone(),
            split_language(child, lang, &child_key, problems),
        );
    }
    Value::Object(out)
}

/// Every file under `dir`, by `/`-separated relative name, sorted; hidden files are skipped.
fn files_under(dir: &Path) -> Result<Vec<(String, PathBuf)>, SiteError> {
    walk::files(dir, Hidden::Skip)
        .map(|file| {
            file.map(|file| (file.name, file.path))
                .map_err(|e| io_error(&e.path, &e.error))
        })
        .collect()
}

fn read_text(path: &Path) -> Result<String, SiteError> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, &e))?;
    String::from_utf8(bytes).map_err(|_| SiteError {
        what: format!("{} is not valid UTF-8", path.display()),
        fix: "save the file as UTF-8".to_owned(),
    })
}

fn io_error(path: &Path, error: &std::io::Error) -> SiteError {
    SiteError {
        what: format!("cannot read {}: {error}", path.display()),
        fix: "check that the file exists and is readable (restore docs-site/ from git if needed)"
            .to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn theme(dir: &Path) -> Theme {
        let theme = Theme::load(dir).unwrap();
        theme.handlebars().unwrap();
        theme
    }

    #[test]
    fn every_page_of_the_theme_streams_and_renders_as_written() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-site");
        let theme = theme(&dir);
        let handlebars = theme.handlebars().unwrap();
        for page in PAGES {
            assert!(handlebars.has_template(&flat_name(page)), "{page}");
        }
    }

    /// A theme in a temporary folder with the given layout and home page.
    fn small_theme(layout: &str, home: &str) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join(TEMPLATES);
        std::fs::create_dir_all(&templates).unwrap();
        for page in PAGES {
            std::fs::write(
                templates.join(format!("{page}.hbs")),
                "{{#> layout}}x{{/layout}}",
            )
            .unwrap();
        }
        std::fs::write(templates.join("layout.hbs"), layout).unwrap();
        std::fs::write(templates.join("home.hbs"), home).unwrap();
        std::fs::write(
            dir.path().join(STRINGS),
            r#"{"language_name": {"vi": "Tiếng Việt", "en": "English"}}"#,
        )
        .unwrap();
        dir
    }

    #[test]
    fn a_flattened_page_writes_what_handlebars_writes() {
        let cases = [
            (
                "<html>\n{{title}}\n{{> @partial-block}}\n</html>\n",
                "{{#> layout}}\n<h1>{{title}}</h1>\n{{#each items}}<p>{{this}}</p>\n{{/each}}\n{{/layout}}\n",
                true,
            ),
            (
                "{{#if title}}{{> @partial-block}}{{/if}}",
                "{{#> layout}}<b>{{title}}</b>{{/layout}}",
                false,
            ),
            (
                "[{{> @partial-block}}]",
                "before {{#> layout}}in{{/layout}} after",
                true,
            ),
        ];
        let data = Context::from(json!({"title": "T & U", "items": [1, 2]}));
        for (layout, home, flattened) in cases {
            let dir = small_theme(layout, home);
            let theme = theme(dir.path());
            let handlebars = theme.handlebars().unwrap();
            assert_eq!(
                handlebars.has_template(&flat_name("home")),
                flattened,
                "{home}"
            );
            let mut streamed = Vec::new();
            theme.render_to("home", &data, &mut streamed).unwrap();
            let written = handlebars.render_with_context("home", &data).unwrap();
            assert_eq!(String::from_utf8(streamed).unwrap(), written, "{home}");
        }
    }

    #[test]
    fn an_error_in_a_flattened_page_names_the_template_it_is_in() {
        let dir = small_theme(
            "{{> @partial-block}}{{missing}}",
            "{{#> layout}}ok{{/layout}}",
        );
        let theme = theme(dir.path());
        let error = theme
            .render_to("home", &Context::from(json!({})), &mut Vec::new())
            .unwrap_err();
        assert!(format!("{error}").contains("\"layout\""), "{error}");
    }
}
