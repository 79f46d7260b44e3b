//! Numbers and percentages as every printer writes them.

/// A number for people: at most two decimals, no trailing zeros, never `-0`; a magnitude of a
/// billion or more in scientific notation (`1.5e12`), never hundreds of digits.
pub fn number(value: f64) -> String {
    if !value.is_finite() {
        return if value.is_nan() {
            "—".into()
        } else if value > 0.0 {
            "∞".into()
        } else {
            "-∞".into()
        };
    }
    if value.abs() >= 1e9 {
        let text = format!("{value:.2e}");
        let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
        let mantissa = mantissa.trim_end_matches('0').trim_end_matches('.');
        return format!("{mantissa}e{exponent}");
    }
    let rounded = (value * 100.0).round() / 100.0 + 0.0;
    if rounded == rounded.trunc() {
        format!("{rounded:.0}")
    } else {
        let text = format!("{rounded:.2}");
        text.trim_end_matches('0').to_owned()
    }
}

/// A probability (0-1) as a percentage: `0.125` is `12.5%`.
pub(crate) fn percent(p: f64) -> String {
    format!("{}%", number(p * 100.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_never_negative_zero() {
        assert_eq!(number(1.0), "1");
        assert_eq!(number(0.125), "0.13");
        assert_eq!(number(-0.001), "0");
        assert_eq!(number(1.5e12), "1.5e12");
        assert_eq!(number(f64::NAN), "—");
    }

    #[test]
    fn percentages_use_the_same_numbers() {
        assert_eq!(percent(0.125), "12.5%");
        assert_eq!(percent(1.0), "100%");
        assert_eq!(percent(f64::NAN), "—%");
    }
}
