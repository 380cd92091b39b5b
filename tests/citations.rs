//! Citations into a legal source stored without its text: checked against the articles the source declares,
//! and refused (with how to fix it) when it declares none.

use contracts_tests::base::{self, DECREE, ITEM, replace};

const DECLARED: &str =
    "  articles:\n    \"27\":\n      title: {vi: \"Điều 27\", en: \"Article 27\"}\n";

struct Case {
    name: &'static str,
    /// Whether the decree declares article 27 (by title only).
    declares: bool,
    cited: &'static str,
    /// The message of the one error expected, if any.
    error: Option<&'static str>,
}

#[test]
fn citations_into_a_source_without_text() {
    let cases = [
        Case {
            name: "a declared article",
            declares: true,
            cited: "decree:27",
            error: None,
        },
        Case {
            name: "a clause of a declared article stored without clauses",
            declares: true,
            cited: "decree:27.4",
            error: None,
        },
        Case {
            name: "an article the source does not declare",
            declares: true,
            cited: "decree:999",
            error: Some("13/2023/ND-CP has no provision `999`"),
        },
        Case {
            name: "a source that declares no article",
            declares: false,
            cited: "decree:999",
            error: Some("13/2023/ND-CP has no provision `999`"),
        },
        Case {
            name: "the whole source",
            declares: false,
            cited: "decree",
            error: None,
        },
    ];
    for case in cases {
        let mut files = base::files();
        if case.declares {
            let decree = files.get_mut(DECREE).expect("the base has a decree");
            decree.push_str(DECLARED);
        }
        replace(
            &mut files,
            ITEM,
            "legal: 10.1.a",
            &format!("legal: [\"10.1.a\", \"{}\"]", case.cited),
        );
        let (_, diagnostics) = base::load(&files);
        let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
        match case.error {
            None => assert!(errors.is_empty(), "{}: {errors:?}", case.name),
            Some(message) => {
                assert_eq!(errors.len(), 1, "{}: {errors:?}", case.name);
                assert_eq!(errors[0].message, message, "{}", case.name);
                assert!(
                    errors[0]
                        .help
                        .as_deref()
                        .unwrap_or_default()
                        .contains(if case.declares {
                            "the articles in the registry are 27"
                        } else {
                            "declares no articles"
                        }),
                    "{}: {:?}",
                    case.name,
                    errors[0].help
                );
            }
        }
    }
}
