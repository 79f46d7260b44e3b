//! The audience marking every output carries: whose confidential parts it contains, said where a
//! person and a program see it. One layer over every printer, applied where an output leaves its
//! command (the binary's `app::finish`, and `brief --all` for each file it writes), so no
//! printer can forget it: a text or Markdown output starts with the marking line, an HTML page
//! with a banner (and its title), a CSV with a first column `confidential`, DOT with a comment and
//! a graph label, and every JSON output with a top-level `audience` object (public ones too).
//! A public output carries nothing else, so it is byte-identical to one computed without any
//! private file.

use serde::Serialize;

use concord_core::id::GroupId;
use concord_core::model::{Audience, Reader, Scenario};

/// How an output is written, for its marking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Terminal text.
    Text,
    /// Markdown.
    Markdown,
    /// CSV (RFC 4180).
    Csv,
    /// A JSON object.
    Json,
    /// An HTML page.
    Html,
    /// Graphviz DOT.
    Dot,
    /// A Decide exchange file (no place for a marking: refused for a confidential output).
    Decide,
    /// A line that says what was written where, with no content of the scenario.
    Plain,
    /// A Word document: its printer puts the marking in the page header itself.
    Docx,
}

impl From<crate::report::ReportFormat> for Kind {
    fn from(format: crate::report::ReportFormat) -> Self {
        match format {
            crate::report::ReportFormat::Text => Kind::Text,
            crate::report::ReportFormat::Markdown => Kind::Markdown,
            crate::report::ReportFormat::Json => Kind::Json,
        }
    }
}

impl From<crate::report::TableFormat> for Kind {
    fn from(format: crate::report::TableFormat) -> Self {
        match format {
            crate::report::TableFormat::Text => Kind::Text,
            crate::report::TableFormat::Markdown => Kind::Markdown,
            crate::report::TableFormat::Json => Kind::Json,
            crate::report::TableFormat::Csv => Kind::Csv,
        }
    }
}

impl From<crate::report::GraphFormat> for Kind {
    fn from(format: crate::report::GraphFormat) -> Self {
        match format {
            crate::report::GraphFormat::Dot => Kind::Dot,
            crate::report::GraphFormat::Json => Kind::Json,
        }
    }
}

impl From<crate::report::BriefFormat> for Kind {
    fn from(format: crate::report::BriefFormat) -> Self {
        match format {
            crate::report::BriefFormat::Markdown => Kind::Markdown,
            crate::report::BriefFormat::Html => Kind::Html,
            crate::report::BriefFormat::Json => Kind::Json,
            crate::report::BriefFormat::Docx => Kind::Docx,
        }
    }
}

/// Whose confidential parts an output may hold and does hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Marking {
    /// The reader (`None`: the public).
    reader: Option<Reader>,
    /// Everyone's parts were read, for one output per reader (never printed as such).
    every_owner: bool,
    /// The groups whose parts the reader may see, in group order.
    sees: Vec<GroupId>,
    /// The groups whose confidential parts the output holds, in group order.
    holds: Vec<GroupId>,
}

/// The `audience` object of every JSON output.
#[derive(Serialize)]
struct AudienceJson<'a> {
    /// `null` for the public, else the reader's group id or state code.
    reader: Option<&'a str>,
    /// `"public"`, `"group"` or `"state"`.
    kind: &'static str,
    /// The groups whose confidential parts the reader may see.
    may_contain: Vec<&'a str>,
    /// The groups whose confidential parts the output contains.
    contains: Vec<&'a str>,
    /// Whether it contains any: share it with nobody but the reader.
    confidential: bool,
    /// The marking line, when confidential.
    marking: Option<String>,
}

impl Marking {
    /// The marking of an output computed from `scenarios` (all loaded for one audience).
    pub fn of<'a>(scenarios: impl IntoIterator<Item = &'a Scenario>) -> Marking {
        let mut marking = Marking::default();
        for scenario in scenarios {
            match &scenario.audience {
                Audience::Public => {}
                Audience::Reader { reader, groups } => {
                    marking.reader = Some(reader.clone());
                    for group in groups {
                        if !marking.sees.contains(group) {
                            marking.sees.push(group.clone());
                        }
                    }
                }
                Audience::EveryOwner => marking.every_owner = true,
            }
            for group in scenario.confidential_groups() {
                if !marking.holds.contains(&group) {
                    marking.holds.push(group);
                }
            }
        }
        marking
    }

    /// Whether the output holds any confidential part.
    pub fn is_confidential(&self) -> bool {
        !self.holds.is_empty()
    }

    /// `CONFIDENTIAL — CEPT: contains CEPT's confidential positions`, when confidential.
    pub fn line(&self) -> Option<String> {
        if !self.is_confidential() {
            return None;
        }
        let reader = match (&self.reader, self.every_owner) {
            (Some(reader), _) => reader.id().to_owned(),
            (None, _) => "every owner".to_owned(),
        };
        let groups: Vec<&str> = self.holds.iter().map(GroupId::as_str).collect();
        let whose = match groups.as_slice() {
            [one] => format!("{one}'s confidential positions"),
            [init @ .., last] => format!(
                "the confidential positions of {} and {last}",
                init.join(", ")
            ),
            [] => unreachable!("confidential means some group's parts are held"),
        };
        Some(format!("CONFIDENTIAL — {reader}: contains {whose}"))
    }

    /// `output` with its marking, as its `kind` carries one.
    ///
    /// # Panics
    ///
    /// A JSON output that is not an object (every JSON printer writes one).
    pub fn apply(&self, kind: Kind, output: String) -> String {
        match (kind, self.line()) {
            (Kind::Json, _) => {
                let rest = output
                    .strip_prefix("{\n")
                    .expect("every JSON output is a pretty-printed object");
                format!("{}{rest}", self.json_head())
            }
            (Kind::Plain | Kind::Decide | Kind::Docx, _) | (_, None) => output,
            (Kind::Text, Some(line)) => format!("{line}\n\n{output}"),
            (Kind::Markdown, Some(line)) => format!("**{line}**\n\n{output}"),
            (Kind::Csv, Some(line)) => csv_column(&line, &output),
            (Kind::Dot, Some(line)) => dot(&line, &output),
            (Kind::Html, Some(line)) => html(&line, &output),
        }
    }

    /// The opening of a marked JSON object: `{`, then the `audience` member and its comma; the
    /// object's own members follow (a streamed JSON output writes this, then its own members).
    pub fn json_head(&self) -> String {
        let json = AudienceJson {
            reader: self.reader.as_ref().map(Reader::id),
            kind: match &self.reader {
                None => "public",
                Some(Reader::Group(_)) => "group",
                Some(Reader::State(_)) => "state",
            },
            may_contain: self.sees.iter().map(GroupId::as_str).collect(),
            contains: self.holds.iter().map(GroupId::as_str).collect(),
            confidential: self.is_confidential(),
            marking: self.line(),
        };
        let object = crate::report::json::to_string_pretty(&json).expect("plain data serializes");
        format!("{{\n  \"audience\": {},\n", object.replace('\n', "\n  "))
    }
}

/// A CSV with a first column `confidential`, the marking in every record: a row copied out of
/// the table carries it, and a program reading columns by name is unaffected.
fn csv_column(line: &str, output: &str) -> String {
    let field = crate::escape::csv::field(line);
    let mut out = String::with_capacity(output.len() * 2);
    let mut quoted = false;
    let mut record_start = true;
    let mut header = true;
    for c in output.chars() {
        if record_start {
            out.push_str(if header { "confidential" } else { &field });
            out.push(',');
            record_start = false;
            header = false;
        }
        out.push(c);
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => record_start = true,
            _ => {}
        }
    }
    out
}

/// DOT with a comment on the first line and the marking as the graph's label at the top.
fn dot(line: &str, output: &str) -> String {
    let label = crate::escape::dot::quoted(line);
    match output.split_once('\n') {
        Some((first, rest)) if first.trim_end().ends_with('{') => {
            format!("// {line}\n{first}\n  label={label};\n  labelloc=t;\n{rest}")
        }
        _ => format!("// {line}\n{output}"),
    }
}

/// HTML with the marking in the title and as a banner at the top of the page.
fn html(line: &str, output: &str) -> String {
    let escaped = crate::escape::html::text(line);
    let banner = format!(
        "<p class=\"confidential\" style=\"background:#b30000;color:#fff;font-weight:bold;\
         padding:.5em 1em\">{escaped}</p>"
    );
    let titled = output.replacen("<title>", &format!("<title>{escaped} · "), 1);
    match titled.find("<body>") {
        Some(at) => {
            let at = at + "<body>".len();
            format!("{}{banner}{}", &titled[..at], &titled[at..])
        }
        None => format!("{banner}{titled}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cept() -> Marking {
        let (_, cept, _, _) = crate::brief::test_ids();
        Marking {
            reader: Some(Reader::Group(cept.clone())),
            every_owner: false,
            sees: vec![cept.clone()],
            holds: vec![cept],
        }
    }

    #[test]
    fn csv_gets_a_first_column_in_every_record_and_keeps_quoted_line_breaks() {
        let csv = "item,note\n1.2,\"two\nlines\"\n9.1,plain\n";
        assert_eq!(
            csv_column("CONFIDENTIAL — CEPT: x", csv),
            "confidential,item,note\nCONFIDENTIAL — CEPT: x,1.2,\"two\nlines\"\n\
             CONFIDENTIAL — CEPT: x,9.1,plain\n"
        );
    }

    #[test]
    fn public_outputs_are_unchanged_but_json_says_public() {
        let public = Marking::default();
        assert_eq!(public.apply(Kind::Text, "x\n".into()), "x\n");
        assert_eq!(public.apply(Kind::Csv, "a,b\n".into()), "a,b\n");
        let json = public.apply(Kind::Json, "{\n  \"a\": 1\n}".into());
        assert!(json.starts_with("{\n  \"audience\": {\n    \"reader\": null,"));
        assert!(json.contains("\"confidential\": false"));
        assert!(json.ends_with("},\n  \"a\": 1\n}"));
    }

    #[test]
    fn confidential_outputs_are_marked_in_every_kind() {
        let line = "CONFIDENTIAL — CEPT: contains CEPT's confidential positions";
        let marking = cept();
        assert_eq!(marking.line().as_deref(), Some(line));
        assert!(marking.apply(Kind::Text, "x".into()).starts_with(line));
        assert!(
            marking
                .apply(Kind::Markdown, "x".into())
                .starts_with(&format!("**{line}**"))
        );
        let dot = marking.apply(Kind::Dot, "digraph g {\n  a;\n}\n".into());
        assert!(dot.starts_with(&format!("// {line}\ndigraph g {{\n  label=")));
        let html = marking.apply(
            Kind::Html,
            "<html><head><title>B</title></head><body><h1>B</h1></body></html>".into(),
        );
        assert!(html.contains("<body><p class=\"confidential\""));
        assert!(html.contains("<title>CONFIDENTIAL"));
    }
}
