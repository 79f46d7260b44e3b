//! `concord set`: one dated version of one cell written without hand-written RON.

use super::concord_in as concord;

use super::succeeded as ok;

use super::copy_wrc27;

/// A version of CEPT's cell on 1.8 with every kind of field.
const FIRST: &[&str] = &[
    "CEPT",
    "1.8",
    "--prefers",
    "allocations",
    "--accepts",
    "allocations,noc",
    "--condition",
    "noc=only if studied again",
    "--salience",
    "0.7",
    "--maturity",
    "ECP",
    "--source",
    "CPG27-5 minutes (test)",
    "--as-of",
    "2026-03-01",
];

/// `concord set --scenario scenarios/wrc27.ron ARGS…` in `dir`.
fn set_in(dir: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["set", "--scenario", "scenarios/wrc27.ron"];
    args.extend_from_slice(extra);
    concord(&args, dir)
}

#[test]
fn set_adds_a_dated_version_that_report_shows_and_refuses_a_clash_unless_forced() {
    let dir = tempfile::tempdir().unwrap();
    copy_wrc27(dir.path());
    let set = |extra: &[&str]| set_in(dir.path(), extra);
    let cept = || std::fs::read_to_string(dir.path().join("positions/wrc27/cept.ron")).unwrap();
    let written = ok(&set(FIRST));
    assert!(
        written.contains("CEPT on 1.8: a version added"),
        "{written}"
    );
    assert!(
        cept().contains("source: \"CPG27-5 minutes (test)\""),
        "{}",
        cept()
    );
    let report = ok(&concord(
        &["report", "scenarios/wrc27.ron", "--items", "1.8"],
        dir.path(),
    ));
    assert!(report.contains("preferred by CEPT"), "{report}");
    // The same version again changes nothing; another on the same date is refused, nothing
    // written; --force replaces it.
    let same = ok(&set(FIRST));
    assert!(same.contains("nothing to write"), "{same}");
    let before = cept();
    let clash = set(&[
        "CEPT",
        "1.8",
        "--prefers",
        "noc",
        "--source",
        "other (test)",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(clash.status.code(), Some(2));
    assert_eq!(cept(), before);
    let forced = ok(&set(&[
        "--force",
        "CEPT",
        "1.8",
        "--prefers",
        "noc",
        "--source",
        "other (test)",
        "--as-of",
        "2026-03-01",
    ]));
    assert!(forced.contains("replaced"), "{forced}");
    // A member state's own position, into its group's file; estimates need no date.
    ok(&set(&[
        "FRA",
        "1.9",
        "--prefers",
        "noc",
        "--estimated",
        "inferred from a test",
    ]));
    assert!(cept().contains("state: \"FRA\""), "{}", cept());
    // Where it comes from is required; a sourced version is dated.
    assert_eq!(
        set(&["CEPT", "1.10", "--prefers", "noc"]).status.code(),
        Some(2)
    );
    assert_eq!(
        set(&["CEPT", "1.10", "--prefers", "noc", "--source", "x"])
            .status
            .code(),
        Some(2)
    );
    // An unknown option is a located error, nothing written.
    let before = cept();
    let wrong = set(&[
        "CEPT",
        "1.10",
        "--prefers",
        "nope",
        "--source",
        "x",
        "--as-of",
        "2026-03-01",
    ]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--prefers"));
    assert_eq!(cept(), before);
    ok(&concord(&["validate", "scenarios/wrc27.ron"], dir.path()));
}

#[test]
fn new_scaffolds_a_conference_from_an_earlier_agenda_and_overwrites_nothing() {
    let dir = tempfile::tempdir().unwrap();
    copy_wrc27(dir.path());
    let new = |extra: &[&str]| {
        let mut args = vec![
            "--as-of",
            "2028-01-15",
            "new",
            "scenarios/wrc31.ron",
            "--conference",
            "WRC-31",
            "--like",
            "scenarios/wrc27.ron",
            "--name",
            "World Radiocommunication Conference 2031",
            "--venue",
            "not yet decided",
            "--dates",
            "2031-10-20,2031-11-14",
        ];
        args.extend_from_slice(extra);
        concord(&args, dir.path())
    };
    let made = ok(&new(&[]));
    assert!(
        made.contains("WRC-31 scaffolded from WRC-27: 27 items, 6 groups"),
        "{made}"
    );
    // The agenda is there, every cell unknown, and the files are in the layout.
    let matrix = ok(&concord(
        &["matrix", "scenarios/wrc31.ron", "--format", "csv"],
        dir.path(),
    ));
    assert!(
        matrix.contains("\n1.7a,") && !matrix.contains("prefers"),
        "{matrix}"
    );
    ok(&concord(
        &["fmt", "--check", "scenarios", "positions"],
        dir.path(),
    ));
    // `set` fills it.
    ok(&concord(
        &[
            "set",
            "--scenario",
            "scenarios/wrc31.ron",
            "CEPT",
            "1.1",
            "--prefers",
            "noc",
            "--estimated",
            "a test",
        ],
        dir.path(),
    ));
    // Again: every file exists, nothing is written.
    let before = std::fs::read_to_string(dir.path().join("positions/wrc-31/cept.ron")).unwrap();
    assert_eq!(new(&[]).status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("positions/wrc-31/cept.ron")).unwrap(),
        before
    );
}

/// A source written once in the file (`provenances`) and the file's `defaults`: `set` needs no
/// source and writes the shorthand, and every output shows the whole provenance.
#[test]
fn shared_provenances_and_defaults_are_written_once_and_read_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    copy_wrc27(dir.path());
    let path = dir.path().join("positions/wrc27/cept.ron");
    let text = std::fs::read_to_string(&path).unwrap().replacen(
        "    conference: \"WRC-27\",\n",
        "    conference: \"WRC-27\",\n    provenances: {\n        \"cpg-5\": Sourced(source: \"CPG27-5 minutes (test)\", as_of: \"2026-03-01\"),\n        \"talk\": Estimated(note: \"corridor talk (test)\"),\n    },\n    defaults: Defaults(provenance: Named(\"cpg-5\"), maturity: ECP),\n",
        1,
    );
    std::fs::write(&path, &text).unwrap();
    let set = |extra: &[&str]| set_in(dir.path(), extra);
    let cept = || std::fs::read_to_string(&path).unwrap();
    // No source given: the file's default; written without provenance or maturity.
    ok(&set(&["CEPT", "1.8", "--prefers", "allocations"]));
    // A provenance equal to a named one is named; a maturity other than the default is kept.
    ok(&set(&[
        "CEPT",
        "1.9",
        "--prefers",
        "noc",
        "--maturity",
        "Draft",
        "--estimated",
        "corridor talk (test)",
    ]));
    let written = cept();
    let at = written.find("item: \"1.8\"").unwrap();
    let entry = &written[at..at + written[at..].find("\n        ),\n").unwrap()];
    assert!(
        !entry.contains("provenance") && !entry.contains("maturity"),
        "{entry}"
    );
    assert!(written.contains("provenance: Named(\"talk\")"), "{written}");
    assert!(written.contains("maturity: Draft"), "{written}");
    assert_eq!(written.matches("CPG27-5 minutes (test)").count(), 1);
    // Read back whole: the table export and the report show the source and the maturity.
    let table = ok(&concord(
        &["export", "table", "scenarios/wrc27.ron", "--format", "csv"],
        dir.path(),
    ));
    let row = table
        .lines()
        .find(|line| line.starts_with("CEPT,,1.8,"))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(
        row.contains("ECP") && row.contains("sourced,CPG27-5 minutes (test),2026-03-01"),
        "{row}"
    );
    // The same cell again changes nothing: compared as read, not as written.
    let again = ok(&set(&["CEPT", "1.8", "--prefers", "allocations"]));
    assert!(again.contains("nothing to write"), "{again}");
    ok(&concord(&["fmt", "--check"], dir.path()));
    // A file without a default needs a source; a name the file lacks is located.
    let refused = set(&["CITEL", "1.8", "--prefers", "noc"]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("say where the version comes from"));
    std::fs::write(
        &path,
        cept().replacen("Named(\"talk\")", "Named(\"tlak\")", 1),
    )
    .unwrap();
    let wrong = concord(&["validate", "scenarios/wrc27.ron"], dir.path());
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("unknown-provenance") && stderr.contains("did you mean `talk`?"),
        "{stderr}"
    );
}

/// `set --private`: the confidential part goes into the group's private file (created 0600 when
/// the scenario lists it but it is absent), reaches only the group's own outputs, and is
/// replaced only with --force.
#[test]
fn set_private_writes_the_confidential_part_into_the_private_file_only() {
    let dir = tempfile::tempdir().unwrap();
    copy_wrc27(dir.path());
    let set = |extra: &[&str]| set_in(dir.path(), extra);
    let public = dir.path().join("positions/wrc27/cept.ron");
    let private = dir.path().join("positions/wrc27/private/cept.ron");
    ok(&set(&[
        "CEPT",
        "1.8",
        "--prefers",
        "allocations",
        "--illustrative",
        "test",
    ]));
    let public_before = std::fs::read_to_string(&public).unwrap();
    let secret = [
        "CEPT",
        "1.8",
        "--private",
        "--fallbacks",
        "noc",
        "--note",
        "secret-part-xyz",
        "--illustrative",
        "test",
    ];
    let said = ok(&set(&secret));
    assert!(said.contains("confidential part added"), "{said}");
    assert_eq!(std::fs::read_to_string(&public).unwrap(), public_before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&private).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }
    let brief = |extra: &[&str]| {
        let mut args = extra.to_vec();
        args.extend_from_slice(&["brief", "scenarios/wrc27.ron"]);
        ok(&concord(&args, dir.path()))
    };
    assert!(brief(&["--for", "CEPT"]).contains("secret-part-xyz"));
    assert!(!brief(&["--for", "APT"]).contains("secret-part-xyz"));
    assert!(
        !ok(&concord(&["report", "scenarios/wrc27.ron"], dir.path())).contains("secret-part-xyz")
    );
    // The same again changes nothing; a different one needs --force; a wrong option is named.
    assert!(ok(&set(&secret)).contains("nothing to write"));
    let other = [
        "CEPT",
        "1.8",
        "--private",
        "--red-lines",
        "noc",
        "--estimated",
        "test",
    ];
    assert_eq!(set(&other).status.code(), Some(2));
    let mut forced = vec!["--force"];
    forced.extend_from_slice(&other);
    assert!(ok(&set(&forced)).contains("replaced"));
    let wrong = set(&["CEPT", "1.9", "--private", "--red-lines", "nope"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("--red-lines"));
    // A public flag with --private is refused.
    assert_eq!(
        set(&["CEPT", "1.9", "--private", "--prefers", "noc"])
            .status
            .code(),
        Some(2)
    );
}

/// An `Unknown` placeholder with a note (a source not yet read) gives way to the first stated
/// version, its note carried over; the same command again writes nothing.
#[test]
fn a_noted_placeholder_gives_way_and_keeps_its_note() {
    let dir = tempfile::tempdir().unwrap();
    copy_wrc27(dir.path());
    let citel = || std::fs::read_to_string(dir.path().join("positions/wrc27/citel.ron")).unwrap();
    let note = "Preliminary views of the Americas on 1.2 were presented at IRIS-1";
    assert!(citel().contains(note));
    let args = ["CITEL", "1.2", "--prefers", "noc", "--illustrative", "test"];
    assert!(ok(&set_in(dir.path(), &args)).contains("a version added"));
    let text = citel();
    let at = text.find("item: \"1.2\"").unwrap();
    let entry = &text[at..at + text[at..].find("\n        ),\n").unwrap()];
    assert!(
        entry.contains("prefers: \"noc\"") && entry.contains(note),
        "{entry}"
    );
    assert!(ok(&set_in(dir.path(), &args)).contains("nothing to write"));
}

/// `set` on an item split into issues sets the same version on each issue.
#[test]
fn set_on_an_item_split_into_issues_sets_each_issue() {
    let dir = tempfile::tempdir().unwrap();
    copy_wrc27(dir.path());
    let args = ["CEPT", "1.7", "--prefers", "noc", "--illustrative", "test"];
    let said = ok(&set_in(dir.path(), &args));
    assert!(
        said.contains("CEPT on 1.7 (each of its 3 issues)"),
        "{said}"
    );
    let cept = std::fs::read_to_string(dir.path().join("positions/wrc27/cept.ron")).unwrap();
    for issue in ["1.7a", "1.7b", "1.7c"] {
        let at = cept.find(&format!("item: \"{issue}\"")).unwrap();
        assert!(
            cept[at..at + 80].contains("prefers: \"noc\""),
            "{issue}: {cept}"
        );
    }
    assert!(ok(&set_in(dir.path(), &args)).contains("nothing to write"));
}

/// What `set` (and a table row) must not take silently: two preferred options, an empty source,
/// options on a scale item; and option ids holding `,` or `=` are named as written.
#[test]
fn set_refuses_what_it_cannot_write_faithfully_and_names_ids_with_separators() {
    let dir = tempfile::tempdir().unwrap();
    copy_wrc27(dir.path());
    let path = dir.path().join("scenarios/wrc27.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let extra = "                Option(id: \"x,y\", label: \"X and Y\", action: MOD),\n                Option(id: \"k=v\", label: \"K is V\", action: MOD),\n";
    let anchor = "                    id: \"allocations\",\n                    label: \"The allocations and identifications studied\",\n                    action: MOD,\n                ),\n";
    assert!(text.contains(anchor));
    let text = text.replacen(anchor, &format!("{anchor}{extra}"), 1);
    let items = "    items: [\n";
    assert!(text.contains(items));
    let scale = "        Item(id: \"sc\", title: \"a scale\", scale: Scale()),\n";
    std::fs::write(&path, text.replacen(items, &format!("{items}{scale}"), 1)).unwrap();
    let set = |extra: &[&str]| set_in(dir.path(), extra);
    let refused = |extra: &[&str], said: &str| {
        let output = set(extra);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains(said), "{extra:?}: {stderr}");
    };
    let dated = ["--source", "minutes (test)", "--as-of", "2026-03-01"];
    let with = |head: &[&str]| -> Vec<String> {
        head.iter().chain(&dated).map(|s| (*s).to_owned()).collect()
    };

    refused(
        &strs(&with(&["CEPT", "1.8", "--prefers", "allocations,noc"])),
        "`prefers` names one option, and `allocations,noc` names 2",
    );
    refused(
        &[
            "CEPT",
            "1.8",
            "--prefers",
            "noc",
            "--source",
            " ",
            "--as-of",
            "2026-03-01",
        ],
        "a sourced position needs its source",
    );
    refused(
        &strs(&with(&[
            "CEPT",
            "sc",
            "--at",
            "50",
            "--range",
            "40-60",
            "--prefers",
            "noc",
        ])),
        "names options, and the item is a scale",
    );
    // An option id holding a comma, alone; a condition on an option id holding `=`.
    ok(&set(&strs(&with(&[
        "CEPT",
        "1.8",
        "--prefers",
        "x,y",
        "--accepts",
        "x,y",
    ]))));
    let cept = std::fs::read_to_string(dir.path().join("positions/wrc27/cept.ron")).unwrap();
    assert!(cept.contains("prefers: \"x,y\""), "{cept}");
    ok(&set(&[
        "CEPT",
        "1.8",
        "--prefers",
        "k=v",
        "--condition",
        "k=v=only if studied again",
        "--source",
        "minutes (test)",
        "--as-of",
        "2026-03-02",
    ]));
    let cept = std::fs::read_to_string(dir.path().join("positions/wrc27/cept.ron")).unwrap();
    assert!(
        cept.contains("\"k=v\": \"only if studied again\""),
        "{cept}"
    );
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}
