//! `diff` sees every change: a cell's fields beside its position, an item's own fields, the
//! scenario's voting rule; never an "X → X" line, and "no changes" only when nothing changed.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_concord");

fn copy_base(dir: &std::path::Path) {
    for entry in crate::BASE_FILES {
        let target = dir.join(entry);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(
            std::path::Path::new("tests/fixtures/base").join(entry),
            target,
        )
        .unwrap();
    }
}

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn diff(old: &std::path::Path, new: &std::path::Path, format: &str) -> String {
    let output = Command::new(BIN)
        .args(["diff", "--format", format, "--color", "never"])
        .arg(old.join("scenario.ron"))
        .arg(new.join("scenario.ron"))
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn diff_reports_fields_items_and_the_voting_rule() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy_base(a.path());
    copy_base(b.path());
    assert_eq!(diff(a.path(), a.path(), "text"), "no changes\n");
    let scenario = b.path().join("scenario.ron");
    edit(&scenario, "a new service", "a new radio service");
    edit(
        &scenario,
        "allocate half the band",
        "allocate a half of the band",
    );
    edit(
        &scenario,
        "voting: Majority(TwoThirds)",
        "voting: Majority(Simple)",
    );
    let cept = b.path().join("cept.ron");
    edit(&cept, "salience: Estimated(0.8)", "salience: Sourced(0.8)");
    edit(&cept, "a public note", "a changed note");
    edit(&cept, "studied again", "studied twice");
    let text = diff(a.path(), b.path(), "text");
    for line in [
        "  CEPT on 1.1: salience 0.8 (estimated) → 0.8 (sourced)",
        "  CEPT on 1.1: note “a public note” → “a changed note”",
        "  1.1: title “A frequency band for a new service” → “A frequency band for a new radio service”",
        "  1.1: option b relabelled “Method B: allocate half the band” → “Method B: allocate a half of the band”",
        "  voting a vote, two-thirds majority → a vote, simple majority",
    ] {
        assert!(text.lines().any(|l| l == line), "no {line:?} in\n{text}");
    }
    assert!(text.contains("only if the band is studied twice"), "{text}");
    for line in text.lines().filter(|l| l.contains(" → ")) {
        let (old, new) = line.rsplit_once(" → ").unwrap();
        assert!(!old.ends_with(new), "an X → X line: {line}");
    }
    let json: serde_json::Value = serde_json::from_str(&diff(a.path(), b.path(), "json")).unwrap();
    assert_eq!(json["fields"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(json["items_changed"].as_array().unwrap().len(), 2, "{json}");
    assert_eq!(
        json["scenario_changed"].as_array().unwrap().len(),
        1,
        "{json}"
    );
}

/// Two snapshots of different conferences are compared by id, and the diff says so first.
#[test]
fn diff_of_two_conferences_says_so() {
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    copy_base(a.path());
    copy_base(b.path());
    for file in crate::BASE_FILES {
        let path = b.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"TEST-23\"", "\"TEST-31\"")).unwrap();
    }
    let text = diff(a.path(), b.path(), "text");
    assert!(
        text.starts_with(
            "conference\n  TEST-23 → TEST-31: two different conferences, their items and groups matched by id\n"
        ),
        "{text}"
    );
    let json = diff(a.path(), b.path(), "json");
    assert!(
        json.contains(
            "\"conference\": {\n    \"new\": \"TEST-31\",\n    \"old\": \"TEST-23\"\n  }"
        ),
        "{json}"
    );
    // One conference: no such section, and no such JSON member.
    assert!(!diff(a.path(), a.path(), "json").contains("\"conference\""));
}
