//! The right form for the slips a new user makes in a RON file, read from the text where the
//! parser stopped: a hint that shows the correct form, instead of the parser's own words.

/// A hint with the right form for the slip at byte `at` of `text`, when it is one concord
/// recognises; `None` leaves the parser's hint.
pub(super) fn right_form(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let before = &text[..floor(text, at)];
    let after = &text[floor(text, at)..];
    let tail = before.trim_end();
    provenance_without_names(tail, after)
        .or_else(|| semicolon(after))
        .or_else(|| weight_without_basis(tail, after))
        .or_else(|| field_slip(tail, after))
}

/// The largest char boundary at or before `at`.
fn floor(text: &str, at: usize) -> usize {
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// The first string literal of `text` (without its quotes), when it starts one.
fn leading_string(text: &str) -> Option<&str> {
    let rest = text.trim_start().strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(&rest[..end])
}

/// `Illustrative("x")`, `Estimated("x")`, `Sourced("x")`: a provenance's fields are named.
fn provenance_without_names(tail: &str, after: &str) -> Option<String> {
    let opened = tail.strip_suffix('(').unwrap_or(tail);
    let (kind, value) = if let Some(value) = leading_string(after) {
        let word = opened.rsplit(|c: char| !c.is_alphanumeric()).next()?;
        (word, value)
    } else {
        // ron may stop on the string itself: `Illustrative(` is then before it.
        let inner = opened.strip_suffix('"').and_then(|t| t.rsplit_once('"'))?;
        let word = inner.0.trim_end().strip_suffix('(')?;
        (word.rsplit(|c: char| !c.is_alphanumeric()).next()?, inner.1)
    };
    let shown = crate::diag::shorten(value);
    match kind {
        "Illustrative" => Some(format!(
            "a provenance names its fields: `Illustrative(note: \"{shown}\")` (an `as_of` may follow: `Illustrative(note: \"{shown}\", as_of: \"YYYY-MM-DD\")`)"
        )),
        "Estimated" if !value.is_empty() => Some(format!(
            "a provenance names its fields: `Estimated(note: \"{shown}\")`; a weight's estimate is a number: `salience: Estimated(0.4)`"
        )),
        "Sourced" => Some(format!(
            "a provenance names its fields: `Sourced(source: \"{shown}\", as_of: \"YYYY-MM-DD\")`"
        )),
        _ => None,
    }
}

/// `field: value;`: RON separates with commas.
fn semicolon(after: &str) -> Option<String> {
    after.starts_with(';').then(|| {
        "RON separates fields and list elements with commas: write `,` where the `;` is".into()
    })
}

/// `salience: 0.4`: a weight says whether it is sourced or estimated.
fn weight_without_basis(tail: &str, after: &str) -> Option<String> {
    let field = ["salience", "flexibility"]
        .into_iter()
        .find(|field| tail.ends_with(&format!("{field}:")))?;
    let number: String = after
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    (!number.is_empty()).then(|| {
        format!(
            "a weight says where it comes from: `{field}: Estimated({number})` or `{field}: Sourced({number})`"
        )
    })
}

/// A field whose value is written in the wrong form: a list where one option goes, a date or
/// an id without quotes, a map written as a list.
fn field_slip(tail: &str, after: &str) -> Option<String> {
    let field = tail
        .strip_suffix(':')?
        .trim_end()
        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
        .next()?;
    let value = after.trim_start();
    let bare: String = value
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))
        .collect();
    match field {
        "prefers" if value.starts_with('[') => Some(
            "`prefers` names one option: `prefers: \"a\"` (the others it accepts go in `accepts: [\"a\", \"b\"]`)"
                .into(),
        ),
        "conditions" if value.starts_with('[') => Some(
            "conditions are a map from option to text: `conditions: {\"a\": \"only if …\"}`".into(),
        ),
        "as_of" | "published" | "start" | "end" | "member_since" | "deadline"
            if bare.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
        {
            Some(format!("a date is a string: `{field}: \"{bare}\"`"))
        }
        "item" | "prefers" | "group" | "state" | "option" | "id"
            if !bare.is_empty() && !value.starts_with('"') =>
        {
            Some(format!("an id is a string: `{field}: \"{bare}\"`"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::right_form;

    fn hint(text: &str, marker: &str) -> Option<String> {
        right_form(text, text.find(marker).unwrap())
    }

    #[test]
    fn each_slip_gets_its_right_form() {
        let illustrative = hint("provenance: Illustrative(\"made up\"),", "\"made up");
        assert!(
            illustrative
                .unwrap()
                .contains("Illustrative(note: \"made up\")"),
            "the form with the field name"
        );
        assert!(
            hint("salience: 0.4,", "0.4")
                .unwrap()
                .contains("salience: Estimated(0.4)")
        );
        assert!(
            hint("prefers: [\"a\"],", "[")
                .unwrap()
                .contains("prefers: \"a\"")
        );
        assert!(
            hint("as_of: 2023-09-10,", "2023")
                .unwrap()
                .contains("as_of: \"2023-09-10\"")
        );
        assert!(hint("item: 1.7,", "1.7").unwrap().contains("item: \"1.7\""));
        assert!(hint("stance: Unknown;", ";").unwrap().contains("commas"));
        assert!(
            hint("conditions: [(\"a\", \"x\")],", "[")
                .unwrap()
                .contains("{\"a\"")
        );
        assert!(hint("source: \"x\",", "\"x\"").is_none());
    }
}
