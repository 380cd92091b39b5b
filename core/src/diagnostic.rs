//! Diagnostics: what is wrong with the contracts, where, and how to fix it; rendered like rustc or as JSON.

use std::fmt;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde_json::json;

use crate::source::{SourceMap, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $severity:ident, $summary:literal;)*) => {
        /// Every kind of diagnostic, with a stable code that tools and documentation can rely on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            /// All codes, in declaration order.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The stable kebab-case name, e.g. `unknown-reference`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line describing what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    // Files and YAML.
    RegistryNotFound = "registry-not-found", Error, "no `contracts/registry.yaml` was found";
    Io = "io", Error, "a file or folder could not be read or written";
    InvalidUtf8 = "invalid-utf8", Error, "a file is not valid UTF-8";
    FileTooLarge = "file-too-large", Error, "a file is larger than the file-size limit";
    TooManyFiles = "too-many-files", Error, "the registry has more files than the file-count limit";
    Symlink = "symlink", Error, "a symbolic link inside the registry (not followed)";
    EmptyFile = "empty-file", Error, "a file holds no document";
    NulByte = "nul-byte", Error, "a file contains a NUL byte";
    YamlSyntax = "yaml-syntax", Error, "a file is not well-formed YAML";
    DuplicateKey = "duplicate-key", Error, "a mapping has the same key twice";
    MultipleDocuments = "multiple-documents", Error, "a file holds more than one YAML document";
    YamlLimit = "yaml-limit", Error, "a file exceeds a parser limit (nesting, aliases, size of values)";
    StringTooLong = "string-too-long", Error, "a text is longer than the string-length limit";
    InvalidShape = "invalid-shape", Error, "a value has the wrong type, or a key is missing or unknown";
    // Identity.
    InvalidId = "invalid-id", Error, "an id is not a plain lowercase name";
    IdFileMismatch = "id-file-mismatch", Warning, "an id differs from its file name";
    DuplicateId = "duplicate-id", Error, "two elements of the same kind have the same id";
    MissingRegistry = "missing-registry", Error, "`registry.yaml` is missing or not a registry";
    DuplicateRegistry = "duplicate-registry", Error, "more than one file declares the registry";
    // Owners.
    OwnerFolderMismatch = "owner-folder-mismatch", Error, "a file is not in the folder of the owner it names";
    MissingOwner = "missing-owner", Warning, "an element names no owner in a registry that has owners";
    MissingAgencyCode = "missing-agency-code", Error, "an owner that is not a proposal has no QCVN 102:2016 agency code";
    // References.
    UnknownReference = "unknown-reference", Error, "a reference names an element that does not exist";
    UnknownProvision = "unknown-provision", Error, "a legal reference names a provision that does not exist";
    InvalidLegalRef = "invalid-legal-ref", Error, "a legal reference is not written as `10.1.a` or `source:ref`";
    UnknownAttribute = "unknown-attribute", Error, "a reference names an attribute its database does not have";
    PrefillMismatch = "prefill-mismatch", Error, "a field and the database attribute that pre-fills it do not agree on type";
    MissingGroup = "missing-group", Error, "a contract belongs to no data group of the registry (`groups:` in registry.yaml)";
    RecordCycle = "record-cycle", Error, "records contain each other through required fields and cannot be built";
    // Values and constraints.
    InvalidVersion = "invalid-version", Error, "a version is not a semantic version";
    InvalidPattern = "invalid-pattern", Error, "a pattern is not a valid regular expression";
    InvalidRange = "invalid-range", Error, "a minimum is larger than its maximum, or a bound is negative";
    InvalidFormat = "invalid-format", Error, "a wire format does not exist for the field's type";
    InvalidAccept = "invalid-accept", Error, "an accepted wire form does not exist for the field, repeats one, or cannot be said by the JSON Schema";
    ConstraintNotApplicable = "constraint-not-applicable", Error, "a constraint does not apply to the field's type";
    ConflictingType = "conflicting-type", Error, "a field has more than one of `type`, `catalogue`, `record`, `identifier`";
    InvalidExample = "invalid-example", Error, "an example does not satisfy its own field or payload";
    InvalidValue = "invalid-value", Error, "a value is not one of the allowed words";
    InvalidPath = "invalid-path", Error, "an HTTP path is not absolute or has unsafe characters";
    DuplicateOperation = "duplicate-operation", Error, "two contracts share a method and path, or an operation name";
    // Provenance.
    ProvenanceMismatch = "provenance-mismatch", Error, "a `provenance:` says something the element does not have (an inferred link it lacks, a confirmation with nothing to confirm)";
    ActiveWithoutPrecedent = "active-without-precedent", Error, "an `active` contract's operation is not seen on the wire (no `provenance: {wire: ...}`)";
    // Names.
    DuplicateWireName = "duplicate-wire-name", Error, "two fields of one payload differ only in letter case";
    InvalidWireName = "invalid-wire-name", Error, "a wire name is empty or contains characters unsafe on the wire";
    RustNameCollision = "rust-name-collision", Error, "two names become the same Rust identifier";
    RustKeyword = "rust-keyword", Error, "a name becomes a Rust keyword";
    ReservedRustName = "reserved-rust-name", Error, "a name is one the generated crate uses for itself";
    InvalidRustName = "invalid-rust-name", Error, "a name cannot become a Rust identifier";
    // Versions, against the latest release.
    VersionNotBumped = "version-not-bumped", Error, "a version grew less than its changes since the latest release require";
    VersionBackwards = "version-backwards", Error, "a version is lower than in the latest release";
    UnusedApproval = "unused-approval", Warning, "an approval matches no change since the latest release (remove it once its change is released)";
    History = "history", Warning, "the latest release could not be read from git, so versions were not checked";
    // Content.
    MissingTranslation = "missing-translation", Warning, "a text has no English (or no Vietnamese) version";
    EmptyPayload = "empty-payload", Warning, "a payload or record has no fields";
    // Drafts written by `import`.
    NeedsReview = "needs-review", Warning, "an element lists under `review:` something a human must still fill";
    StaleReview = "stale-review", Error, "a `review:` entry names something that is already filled, or does not apply";
}

/// A labelled place in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub span: Span,
    pub text: String,
}

/// One finding about the contracts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The place the finding is about; `None` when it concerns no particular file.
    pub primary: Option<Label>,
    pub secondary: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
    pub notes: Vec<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            primary: None,
            secondary: Vec::new(),
            help: None,
            notes: Vec::new(),
        }
    }

    /// Points the finding at `span`, with a short label under the snippet.
    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.primary = Some(Label {
            span,
            text: label.into(),
        });
        self
    }

    pub fn also(mut self, span: Span, label: impl Into<String>) -> Self {
        self.secondary.push(Label {
            span,
            text: label.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    fn sort_key(&self) -> (u32, usize, u32, u32, Code, &str) {
        match &self.primary {
            Some(label) => (
                0,
                label.span.file.0 as usize,
                label.span.line,
                label.span.column,
                self.code,
                &self.message,
            ),
            None => (1, 0, 0, 0, self.code, &self.message),
        }
    }

    /// Renders the finding like rustc: code, message, `file:line:column`, the snippet, help and notes.
    pub fn render(&self, sources: &SourceMap, renderer: &Renderer) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let title = level.primary_title(&self.message).id(self.code.as_str());
        let mut groups = Vec::new();
        let group = match &self.primary {
            Some(primary) if !sources.is_empty() => {
                let file = sources.get(primary.span.file);
                let mut snippet = Snippet::source(file.text.as_str())
                    .path(file.name.as_str())
                    .fold(true);
                if primary.span.end > primary.span.start || !file.text.is_empty() {
                    snippet = snippet.annotation(
                        AnnotationKind::Primary
                            .span(primary.span.byte_range_in(&file.text))
                            .label(primary.text.as_str()),
                    );
                }
                let mut group = Group::with_title(title).element(snippet);
                for label in &self.secondary {
                    let other = sources.get(label.span.file);
                    group = group.element(
                        Snippet::source(other.text.as_str())
                            .path(other.name.as_str())
                            .fold(true)
                            .annotation(
                                AnnotationKind::Context
                                    .span(label.span.byte_range_in(&other.text))
                                    .label(label.text.as_str()),
                            ),
                    );
                }
                group
            }
            Some(primary) => Group::with_title(title).element(
                Origin::path(format!("file {}", primary.span.file.0))
                    .line(primary.span.line as usize)
                    .char_column(primary.span.column as usize),
            ),
            None => Group::with_title(title),
        };
        let mut group = group;
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        groups.push(group);
        if let Some(help) = &self.help {
            groups.push(Group::with_title(
                Level::HELP.secondary_title(help.as_str()),
            ));
        }
        renderer.render(&groups)
    }

    /// The finding as JSON, for editors and CI tools.
    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        let place = |label: &Label| {
            json!({
                "file": sources.get(label.span.file).name,
                "line": label.span.line,
                "column": label.span.column,
                "label": label.text,
            })
        };
        json!({
            "code": self.code.as_str(),
            "severity": self.severity.as_str(),
            "message": self.message,
            "file": self.primary.as_ref().map(|p| sources.get(p.span.file).name.clone()),
            "line": self.primary.as_ref().map(|p| p.span.line),
            "column": self.primary.as_ref().map(|p| p.span.column),
            "label": self.primary.as_ref().map(|p| p.text.clone()),
            "related": self.secondary.iter().map(place).collect::<Vec<_>>(),
            "help": self.help,
            "notes": self.notes,
        })
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}]: {}",
            self.severity.as_str(),
            self.code.as_str(),
            self.message
        )
    }
}

/// The findings of one run, kept in a deterministic order.
#[derive(Clone, Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    /// Warnings count as errors (`--deny-warnings`), those found so far and those pushed later.
    warnings_denied: bool,
}

impl Diagnostics {
    pub fn push(&mut self, mut diagnostic: Diagnostic) {
        if self.warnings_denied {
            deny(&mut diagnostic);
        }
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        for diagnostic in other.items {
            self.push(diagnostic);
        }
    }

    /// Makes every warning, found or still to be found, an error (as rustc's `-D warnings`), each with a note
    /// saying why.
    pub fn deny_warnings(&mut self) {
        self.warnings_denied = true;
        self.items.iter_mut().for_each(deny);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Sorts by file, line, column and code, and drops exact repeats.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }

    /// All findings rendered for a terminal, followed by a one-line summary.
    pub fn render(&self, sources: &SourceMap, renderer: &Renderer) -> String {
        let mut out = String::new();
        for diagnostic in &self.items {
            out.push_str(&diagnostic.render(sources, renderer));
            out.push_str("\n\n");
        }
        out.push_str(&self.summary());
        out.push('\n');
        out
    }

    /// `2 errors, 1 warning` or `no problems found`.
    pub fn summary(&self) -> String {
        let (errors, warnings) = (self.error_count(), self.warning_count());
        if errors == 0 && warnings == 0 {
            return "no problems found".to_owned();
        }
        format!(
            "{errors} error{}, {warnings} warning{}",
            plural(errors),
            plural(warnings)
        )
    }

    pub fn to_json(&self, sources: &SourceMap) -> serde_json::Value {
        json!({
            "errors": self.error_count(),
            "warnings": self.warning_count(),
            "diagnostics": self.items.iter().map(|d| d.to_json(sources)).collect::<Vec<_>>(),
        })
    }
}

/// A warning made an error by `--deny-warnings`.
fn deny(diagnostic: &mut Diagnostic) {
    if diagnostic.severity == Severity::Warning {
        diagnostic.severity = Severity::Error;
        diagnostic.notes.push(format!(
            "`{}` is a warning, denied by --deny-warnings",
            diagnostic.code.as_str()
        ));
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
