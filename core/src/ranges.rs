//! Regular expressions for numbers within bounds, written as the canonical strings the wire carries: how the
//! JSON Schemas state `min` and `max` of a number sent as a string, which no JSON Schema keyword can bound.
//!
//! Integers take any bounds. Decimals take whole-number bounds of zero or more; `check` refuses the others,
//! which no regular expression of reasonable size could state.

/// The pattern of canonical integers in `[min, max]` (either bound may be open), anchored; within the range of
/// 64-bit integers, whose last digits a pattern does not bound (see `Inexpressible::IntegerBeyondI64`).
pub fn integers(min: Option<i64>, max: Option<i64>) -> String {
    format!("^(?:{})$", integer_alternatives(min, max).join("|"))
}

/// The pattern of canonical decimals (as `format::check` accepts them) in `[min, max]`, negative bounds taken as
/// zero (`check` refuses them, see [`decimal_bounds_expressible`]); `None` for an empty range.
pub fn decimals(min: Option<i64>, max: Option<i64>) -> Option<String> {
    let min = min.unwrap_or(0).max(0);
    if max.is_some_and(|max| max < min) {
        return None;
    }
    let whole_below_max = match max {
        Some(max) if max > min => Some(positive(min as u64, Some(max as u64 - 1))),
        Some(_) => None,
        None => Some(positive(min as u64, None)),
    };
    let mut branches = Vec::new();
    if let Some(whole) = whole_below_max {
        branches.push(format!("(?:{})(?:\\.[0-9]+)?", whole.join("|")));
    }
    if let Some(max) = max {
        branches.push(format!("{max}(?:\\.0+)?"));
    }
    Some(format!("^(?:{})$", branches.join("|")))
}

/// Whether a decimal's bounds can be stated: whole numbers, none below zero.
pub fn decimal_bounds_expressible(min: Option<f64>, max: Option<f64>) -> bool {
    [min, max]
        .into_iter()
        .flatten()
        .all(|bound| bound.fract() == 0.0 && (0.0..1e18).contains(&bound))
}

/// The integer bounds of an integer field: `min` rounded up and `max` rounded down.
pub fn integer_bounds(min: Option<f64>, max: Option<f64>) -> (Option<i64>, Option<i64>) {
    let clamp = |value: f64| value.clamp(i64::MIN as f64, i64::MAX as f64) as i64;
    (min.map(|m| clamp(m.ceil())), max.map(|m| clamp(m.floor())))
}

fn integer_alternatives(min: Option<i64>, max: Option<i64>) -> Vec<String> {
    // An empty range is refused by `check` (`invalid-range`) before any schema is written.
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Vec::new();
    }
    let mut out = Vec::new();
    // Negative values: `-` and a magnitude in [max(1, -max), -min].
    if min.is_none_or(|min| min < 0) {
        let smallest = max.map_or(1, |max| if max < 0 { max.unsigned_abs() } else { 1 });
        let largest = min.map(i64::unsigned_abs);
        out.extend(
            positive(smallest, largest)
                .into_iter()
                .map(|p| format!("-{p}")),
        );
    }
    if max.is_none_or(|max| max >= 0) {
        let lowest = min.map_or(0, |min| min.max(0) as u64);
        out.extend(positive(lowest, max.map(|max| max as u64)));
    }
    out
}

/// Alternatives matching the canonical texts of the whole numbers in `[low, high]` (`high` open when `None`).
fn positive(low: u64, high: Option<u64>) -> Vec<String> {
    let mut out = Vec::new();
    let digits = |n: u64| n.to_string().len();
    let first = digits(low);
    let last = high.map_or(first, digits);
    for length in first..=last {
        let floor = if length == 1 {
            0
        } else {
            10u64.pow(length as u32 - 1)
        };
        let ceiling = 10u64.saturating_pow(length as u32) - 1;
        let from = low.max(floor);
        let to = high.map_or(ceiling, |high| high.min(ceiling));
        if from <= to {
            out.extend(same_length(&from.to_string(), &to.to_string()));
        }
    }
    if high.is_none() {
        // Every longer number.
        out.push(format!("[1-9][0-9]{{{last},}}"));
    }
    out
}

/// Alternatives matching every number from `a` to `b`, both of the same number of digits.
fn same_length(a: &str, b: &str) -> Vec<String> {
    if a == b {
        return vec![a.to_owned()];
    }
    let (a0, a_rest) = a.split_at(1);
    let (b0, b_rest) = b.split_at(1);
    if a_rest.is_empty() {
        return vec![format!("[{a0}-{b0}]")];
    }
    if a0 == b0 {
        return same_length(a_rest, b_rest)
            .into_iter()
            .map(|rest| format!("{a0}{rest}"))
            .collect();
    }
    let n = a_rest.len();
    let nines = "9".repeat(n);
    let zeros = "0".repeat(n);
    let (a_digit, b_digit) = (digit(a0), digit(b0));
    let mut out = Vec::new();
    if a_rest == zeros {
        out.push(format!("{a0}{}", any_digits(n)));
    } else {
        out.extend(
            same_length(a_rest, &nines)
                .into_iter()
                .map(|rest| format!("{a0}{rest}")),
        );
    }
    if a_digit + 1 < b_digit {
        out.push(format!(
            "[{}-{}]{}",
            a_digit + 1,
            b_digit - 1,
            any_digits(n)
        ));
    }
    if b_rest == nines {
        out.push(format!("{b0}{}", any_digits(n)));
    } else {
        out.extend(
            same_length(&zeros, b_rest)
                .into_iter()
                .map(|rest| format!("{b0}{rest}")),
        );
    }
    out
}

/// `n` digits of any value: `[0-9]`, or `[0-9]{n}`.
fn any_digits(n: usize) -> String {
    if n == 1 {
        "[0-9]".to_owned()
    } else {
        format!("[0-9]{{{n}}}")
    }
}

fn digit(text: &str) -> u8 {
    text.bytes().next().map_or(0, |b| b - b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_patterns_match_exactly_the_numbers_in_range() {
        let bounds = [
            (Some(0), None),
            (Some(1), None),
            (Some(7), Some(7)),
            (Some(-15), Some(230)),
            (None, Some(-3)),
            (Some(-1000), Some(-999)),
            (Some(19), Some(1201)),
            (None, Some(0)),
        ];
        for (min, max) in bounds {
            let pattern = integers(min, max);
            let regex = regex::Regex::new(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
            for n in -2000i64..=2000 {
                let inside = min.is_none_or(|m| n >= m) && max.is_none_or(|m| n <= m);
                assert_eq!(regex.is_match(&n.to_string()), inside, "{pattern} on {n}");
            }
            for text in ["-0", "007", "+5", "", "1.0", "12345678901234567890123"] {
                let expected = text == "12345678901234567890123"
                    && max.is_none()
                    && min.is_some_and(|m| m >= 0);
                assert_eq!(regex.is_match(text), expected, "{pattern} on {text:?}");
            }
        }
    }

    #[test]
    fn decimal_patterns_match_exactly_the_canonical_decimals_in_range() {
        let decimal = regex::Regex::new(
            r"^(?:-?[1-9][0-9]*(?:\.[0-9]+)?|-?0\.[0-9]*[1-9][0-9]*|0(?:\.0+)?)$",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let texts: Vec<String> = (-300..=300)
            .flat_map(|n: i64| {
                let whole = n / 20;
                let part = (n % 20).unsigned_abs();
                [
                    format!("{whole}"),
                    format!("{whole}.{part}"),
                    format!("{whole}.0{part}"),
                    format!("-0.{part}"),
                    format!("{whole}.00"),
                ]
            })
            .filter(|t| decimal.is_match(t))
            .collect();
        for (min, max) in [
            (Some(0), None),
            (Some(0), Some(10)),
            (Some(3), Some(7)),
            (None, Some(0)),
            (Some(2), Some(2)),
        ] {
            let pattern = decimals(min, max).unwrap_or_else(|| panic!("{min:?} {max:?}"));
            let regex = regex::Regex::new(&pattern).unwrap_or_else(|e| panic!("{pattern}: {e}"));
            for text in &texts {
                let value: f64 = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
                let inside =
                    value >= min.unwrap_or(0) as f64 && max.is_none_or(|m| value <= m as f64);
                assert_eq!(regex.is_match(text), inside, "{pattern} on {text}");
            }
        }
    }

    #[test]
    fn only_whole_non_negative_decimal_bounds_are_expressible() {
        assert!(decimal_bounds_expressible(Some(0.0), Some(100.0)));
        assert!(decimal_bounds_expressible(None, None));
        assert!(!decimal_bounds_expressible(Some(0.5), None));
        assert!(!decimal_bounds_expressible(Some(-1.0), None));
        assert_eq!(integer_bounds(Some(0.5), Some(9.9)), (Some(1), Some(9)));
    }
}
