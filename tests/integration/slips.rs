//! The ten slips a new user makes in a positions file, each answered with a located error whose
//! hint shows the right form (issue 27): run on the base fixture with CEPT's file replaced.

const CEPT: &str = "tests/fixtures/base/cept.ron";

/// `validate` on a copy of the base fixture whose `cept.ron` has `from` replaced by `to`: its
/// exit code and stderr.
fn slip(from: &str, to: &str) -> (Option<i32>, String) {
    slips(&[(from, to)])
}

/// `validate` on a copy of the base fixture whose `cept.ron` has each `from` replaced by its `to`.
fn slips(changes: &[(&str, &str)]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base");
    std::fs::create_dir_all(base.join("private")).unwrap();
    for entry in std::fs::read_dir("tests/fixtures/base").unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            std::fs::copy(&path, base.join(path.file_name().unwrap())).unwrap();
        }
    }
    let mut text = std::fs::read_to_string(CEPT).unwrap();
    for (from, to) in changes {
        assert!(text.contains(from), "the base file has `{from}`");
        text = text.replacen(from, to, 1);
    }
    std::fs::write(base.join("cept.ron"), text).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["--root", ".", "validate", "base/scenario.ron"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn every_slip_gets_a_located_error_with_the_right_form() {
    let cases: [(&str, &str, &str); 10] = [
        (
            "provenance: Illustrative(note: \"made up for the test\")",
            "provenance: Illustrative(\"made up for the test\")",
            "Illustrative(note: \"made up for the test\")",
        ),
        (
            "salience: Sourced(0.6)",
            "salience: 0.6",
            "salience: Estimated(0.6)",
        ),
        (
            "reference: \"EUR/1A1/1\",",
            "reference: \"EUR/1A1/1\"",
            "one is probably missing",
        ),
        ("item: \"1.2\"", "item: 1.2", "item: \"1.2\""),
        ("prefers: \"b\"", "prefers: [\"b\"]", "prefers: \"a\""),
        (
            "Sourced(source: \"test fixture document 1\", as_of: \"2023-09-10\"),\n            note",
            "sourced(source: \"test fixture document 1\", as_of: \"2023-09-10\"),\n            note",
            "did you mean `Sourced`?",
        ),
        (
            "as_of: \"2023-09-10\"",
            "as_of: 2023-09-10",
            "as_of: \"2023-09-10\"",
        ),
        (
            "flexibility: Estimated(0.3),",
            "flexibility: Estimated(0.3);",
            "commas",
        ),
        (
            "conditions: {\"noc\": \"only if the band is studied again\"}",
            "conditions: [(\"noc\", \"only if the band is studied again\")]",
            "conditions: {\"a\": \"only if …\"}",
        ),
        (
            "salience: Estimated(0.8)",
            "salinece: Estimated(0.8)",
            "did you mean `salience`?",
        ),
    ];
    for (from, to, right) in cases {
        let (code, stderr) = slip(from, to);
        assert_eq!(code, Some(2), "{to}: {stderr}");
        assert!(stderr.contains("base/cept.ron:"), "{to}: located\n{stderr}");
        assert!(
            stderr.contains(right),
            "{to}: the hint shows `{right}`\n{stderr}"
        );
    }
}

/// A syntax error in one position no longer hides the errors in the others: each position is
/// parsed on its own once the file fails, and each error is located in its own position.
#[test]
fn a_syntax_error_in_one_position_does_not_hide_the_others() {
    let (code, stderr) = slips(&[
        ("reference: \"EUR/1A1/1\",", "reference: \"EUR/1A1/1\""),
        (
            "stance: NoPositionYet,",
            "stance: NoPositionYet,\n            provenance: Illustrative(\"x\"),",
        ),
        ("salience: Sourced(0.6)", "salince: Sourced(0.6)"),
    ]);
    assert_eq!(code, Some(2), "{stderr}");
    for (line, said) in [
        ("base/cept.ron:18:", "one is probably missing"),
        ("base/cept.ron:31:", "Illustrative(note: \"x\")"),
        ("base/cept.ron:37:", "did you mean `salience`?"),
    ] {
        let at = stderr
            .find(line)
            .unwrap_or_else(|| panic!("{line}\n{stderr}"));
        assert!(stderr[at..].contains(said), "{line}: {said}\n{stderr}");
    }
    assert!(stderr.contains("3 errors"), "{stderr}");

    // A position whose brackets never close is named at its start; the others still parse.
    let (_, stderr) = slips(&[
        ("stance: NoPositionYet,", "stance: Options(prefers: \"a\","),
        ("salience: Sourced(0.6)", "salince: Sourced(0.6)"),
    ]);
    assert!(stderr.contains("did you mean `salience`?"), "{stderr}");
    assert!(
        stderr.contains("base/cept.ron:28:9") && stderr.contains("brackets are not closed"),
        "{stderr}"
    );
    // And the next one, which parses alone, gets no error of its own: the one ron found there
    // is a cascade of the open bracket.
    assert_eq!(stderr.matches("error[").count(), 2, "{stderr}");
}

/// A string whose closing quote is missing swallows the next line; the error found after it says
/// where the string opened.
#[test]
fn an_unterminated_string_is_named_where_it_opened() {
    let (code, stderr) = slip("reference: \"EUR/1A1/1\",", "reference: \"EUR/1A1/1,");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("the string opened at base/cept.ron:17:24"),
        "{stderr}"
    );
    assert!(
        stderr.contains("if its closing `\"` is missing, it swallowed what follows"),
        "{stderr}"
    );
}
