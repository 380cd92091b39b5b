//! A direct matcher for the patterns most contracts write: an anchored run of characters and classes, each
//! repeated a number of times (`^\d{3}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,}$`), read from the `regex` crate's own
//! parse of the pattern and used in its place where it gives the same answer.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// An anchored sequence of steps, matched greedily left to right.
#[derive(Clone, Debug)]
pub struct Sequence {
    steps: Vec<Step>,
}

/// One character from a set, repeated `min` to `max` times.
#[derive(Clone, Debug)]
struct Step {
    set: Set,
    min: u32,
    max: Option<u32>,
}

/// A set of characters: a bit per ASCII character, and ranges beyond ASCII.
#[derive(Clone, Debug, PartialEq)]
struct Set {
    ascii: u128,
    wide: Vec<(char, char)>,
}

impl Set {
    fn of_ranges(ranges: impl IntoIterator<Item = (char, char)>) -> Set {
        let mut set = Set {
            ascii: 0,
            wide: Vec::new(),
        };
        for (start, end) in ranges {
            for c in start..=end.min('\x7f') {
                set.ascii |= 1 << (c as u32);
            }
            if end > '\x7f' {
                set.wide.push((start.max('\u{80}'), end));
            }
        }
        set
    }

    fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii & (1 << (c as u32)) != 0
        } else {
            self.wide.iter().any(|&(start, end)| start <= c && c <= end)
        }
    }

    fn meets(&self, other: &Set) -> bool {
        self.ascii & other.ascii != 0
            || self
                .wide
                .iter()
                .any(|&(a, b)| other.wide.iter().any(|&(c, d)| a <= d && c <= b))
    }
}

impl Sequence {
    /// The sequence `source` is, when it is one that greedy matching reads exactly: anchored at both ends, made
    /// of characters, classes and their repetitions only, and no repetition of variable length followed by a
    /// step that could take the same character. `None` for any other pattern.
    pub fn of(source: &str) -> Option<Sequence> {
        let hir = regex_syntax::parse(source).ok()?;
        let parts: &[Hir] = match hir.kind() {
            HirKind::Concat(parts) => parts,
            _ => return None,
        };
        let (first, rest) = parts.split_first()?;
        let (last, middle) = rest.split_last()?;
        if first.kind() != &HirKind::Look(Look::Start) || last.kind() != &HirKind::Look(Look::End) {
            return None;
        }
        let mut steps = Vec::new();
        for part in middle {
            push_steps(part, &mut steps)?;
        }
        let exact = steps.iter().enumerate().all(|(index, step)| {
            step.max == Some(step.min)
                || steps[index + 1..]
                    .iter()
                    .all(|later| !step.set.meets(&later.set))
        });
        exact.then_some(Sequence { steps })
    }

    pub fn is_match(&self, text: &str) -> bool {
        if text.is_ascii() {
            self.matches(text.bytes().map(char::from))
        } else {
            self.matches(text.chars())
        }
    }

    fn matches(&self, chars: impl Iterator<Item = char>) -> bool {
        let mut chars = chars.peekable();
        for step in &self.steps {
            let mut taken = 0u32;
            while step.max.is_none_or(|max| taken < max)
                && chars.next_if(|&c| step.set.contains(c)).is_some()
            {
                taken += 1;
            }
            if taken < step.min {
                return false;
            }
        }
        chars.next().is_none()
    }
}

/// The steps of one part of the concatenation; `None` if the part is not a character, a class or a repetition
/// of one.
fn push_steps(part: &Hir, steps: &mut Vec<Step>) -> Option<()> {
    match part.kind() {
        HirKind::Literal(literal) => {
            for c in std::str::from_utf8(&literal.0).ok()?.chars() {
                steps.push(Step {
                    set: Set::of_ranges([(c, c)]),
                    min: 1,
                    max: Some(1),
                });
            }
        }
        HirKind::Class(class) => steps.push(Step {
            set: set_of(class)?,
            min: 1,
            max: Some(1),
        }),
        HirKind::Repetition(repetition) if repetition.greedy => {
            let set = match repetition.sub.kind() {
                HirKind::Class(class) => set_of(class)?,
                HirKind::Literal(literal) => {
                    let mut chars = std::str::from_utf8(&literal.0).ok()?.chars();
                    let c = chars.next()?;
                    if chars.next().is_some() {
                        return None;
                    }
                    Set::of_ranges([(c, c)])
                }
                _ => return None,
            };
            steps.push(Step {
                set,
                min: repetition.min,
                max: repetition.max,
            });
        }
        _ => return None,
    }
    Some(())
}

fn set_of(class: &Class) -> Option<Set> {
    match class {
        Class::Unicode(class) => Some(Set::of_ranges(
            class.iter().map(|range| (range.start(), range.end())),
        )),
        Class::Bytes(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_patterns_greedy_matching_reads_exactly_become_sequences() {
        let sequences = [
            r"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4,}$",
            r"^[0-9a-f]{64}$",
            r"^[A-Z_]+$",
            r"^CapNhatTienDoHoSoMC$",
            r"^[a-z]{2}-[A-Z]{2}$",
            r"^[12]$",
            r"^[0-9]+x?$",
            r"^$",
        ];
        for pattern in sequences {
            assert!(Sequence::of(pattern).is_some(), "{pattern}");
        }
        let others = [
            r"^[0-9]+[0-9]$",
            r"^[0-9]{1,3}[0-5]$",
            r"^([0-9]{9}|[0-9]{12})$",
            r"^[0-9]{10}(-?[0-9]{3})?$",
            r"[0-9]{3}",
            r"^[0-9]{3}",
            r"^a*?$",
            r"(?m)^a$",
        ];
        for pattern in others {
            assert!(Sequence::of(pattern).is_none(), "{pattern}");
        }
    }

    /// Every text from an alphabet that meets each pattern's classes, up to a length, judged by the sequence
    /// and by the `regex` crate alike.
    #[test]
    fn sequences_agree_with_the_regex_crate() {
        let patterns = [
            r"^[0-9]{2,3}\.[A-Z]$",
            r"^[A-Z_]+$",
            r"^[a-z]{2}-[A-Z]{2}$",
            r"^[0-9]+x?$",
            r"^ab[0-9]{0,2}$",
            r"^[^0-9]{1,2}[0-9]$",
            r"^ã[đ-ư]?$",
            r"^$",
        ];
        let alphabet = [
            '0', '9', '.', 'A', '_', 'a', 'b', 'x', '-', 'ã', 'đ', 'ơ', 'z',
        ];
        let mut texts = vec![String::new()];
        let mut last = vec![String::new()];
        for _ in 0..4 {
            last = last
                .iter()
                .flat_map(|text| alphabet.iter().map(move |c| format!("{text}{c}")))
                .collect();
            texts.extend(last.iter().cloned());
        }
        for pattern in patterns {
            let sequence = Sequence::of(pattern).unwrap_or_else(|| panic!("{pattern}"));
            let regex = regex::Regex::new(pattern).unwrap_or_else(|e| panic!("{e}"));
            for text in &texts {
                assert_eq!(
                    sequence.is_match(text),
                    regex.is_match(text),
                    "{pattern} on {text:?}"
                );
            }
        }
    }
}
