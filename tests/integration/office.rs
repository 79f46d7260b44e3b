//! The brief as a Word document: written by the real binary, read back with a second reader
//! (the `zip` crate and the XML parts), and converted to PDF by LibreOffice.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

const BIN: &str = env!("CARGO_BIN_EXE_concord");
const BASE: &str = "tests/fixtures/base/scenario.ron";
const MARKING: &str = "CONFIDENTIAL — CEPT: contains CEPT&apos;s confidential positions";

/// `concord brief --for READER --format docx -o DIR/NAME.docx [SCENARIO]`, which must succeed.
fn docx(scenario: Option<&str>, reader: &str, dir: &Path) -> PathBuf {
    let path = dir.join(format!("{}.docx", reader.to_lowercase()));
    let output = Process::new(BIN)
        .args(["brief", "--for", reader, "--format", "docx", "-o"])
        .arg(&path)
        .args(scenario)
        .output()
        .expect("concord runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    path
}

/// The document's `word/document.xml`, and its page headers (`word/header*.xml`).
fn parts(path: &Path) -> (String, Vec<String>) {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).expect("a docx is a zip archive");
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let document = read("word/document.xml");
    let names: Vec<String> = archive
        .file_names()
        .map(|name| name.expect("a stored file name").into_owned())
        .filter(|name| name.starts_with("word/header") && name.ends_with(".xml"))
        .collect();
    let headers = names
        .iter()
        .map(|name| {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut archive.by_name(name).unwrap(), &mut text).unwrap();
            text
        })
        .collect();
    (document, headers)
}

/// `text` escaped as docx-rs writes it in XML.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Every item's heading, "ID — TITLE (STATUS; K of N groups known)", from the brief's JSON for the
/// same reader.
fn item_headings(scenario: Option<&str>, reader: &str) -> Vec<String> {
    let output = Process::new(BIN)
        .args(["brief", "--for", reader, "--format", "json"])
        .args(scenario)
        .output()
        .unwrap();
    assert!(output.status.success());
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            let known = &item["known"];
            let (groups, of, stated) = (
                known["groups"].as_u64().unwrap(),
                known["of"].as_u64().unwrap(),
                known["stated"].as_u64().unwrap(),
            );
            let status = match item["status"].as_str().unwrap() {
                "unanimous" if stated < of => format!("agreed among the {stated} stated"),
                status => status.to_owned(),
            };
            format!(
                "{} — {} ({status}; {groups} of {of} groups known)",
                item["id"].as_str().unwrap(),
                item["title"].as_str().unwrap(),
            )
        })
        .collect()
}

/// A4, the three heading styles used, and every item's heading.
fn assert_shaped_like_a_brief(document: &str, headings: &[String]) {
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "A4"
    );
    for style in ["Heading1", "Heading2", "Heading3"] {
        assert!(
            document.contains(&format!(r#"<w:pStyle w:val="{style}""#)),
            "{style} is used"
        );
    }
    assert!(!headings.is_empty());
    for heading in headings {
        assert!(
            document.contains(&xml(heading)),
            "{heading} is not a heading"
        );
    }
    assert!(document.contains("<w:tbl>"), "the comparison tables");
}

#[test]
fn the_bundled_brief_is_an_a4_word_document_with_every_item() {
    let dir = tempfile::tempdir().unwrap();
    let path = docx(None, "CEPT", dir.path());
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "a zip archive");
    let (document, _) = parts(&path);
    assert_shaped_like_a_brief(&document, &item_headings(None, "CEPT"));
}

#[test]
fn a_confidential_brief_is_marked_in_its_page_header_and_a_public_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let (document, headers) = parts(&docx(Some(BASE), "CEPT", dir.path()));
    assert_shaped_like_a_brief(&document, &item_headings(Some(BASE), "CEPT"));
    assert!(
        headers.iter().any(|header| header.contains(MARKING)),
        "the marking is in a page header: {headers:?}"
    );
    assert!(document.contains(MARKING), "and the first paragraph");
    assert!(document.contains("CANARY-CEPT-1.1"), "CEPT's own note");

    let (document, headers) = parts(&docx(Some(BASE), "ATU", dir.path()));
    assert_shaped_like_a_brief(&document, &item_headings(Some(BASE), "ATU"));
    assert!(!document.contains("CONFIDENTIAL"));
    assert!(
        headers
            .iter()
            .all(|header| !header.contains("CONFIDENTIAL"))
    );
    assert!(!document.contains("CANARY"), "another group's canary");
}

#[test]
fn brief_all_writes_one_marked_document_per_group() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("briefs");
    let output = Process::new(BIN)
        .args(["brief", "--all", "--format", "docx", "-o"])
        .arg(&out)
        .arg(BASE)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (cept, headers) = parts(&out.join("cept.docx"));
    assert!(headers.iter().any(|header| header.contains(MARKING)));
    assert!(cept.contains("CANARY-CEPT-1.1"));
    for other in ["citel", "apt", "atu"] {
        let (document, _) = parts(&out.join(format!("{other}.docx")));
        assert!(!document.contains("CANARY-CEPT"), "{other}.docx");
    }
}

#[test]
fn a_docx_without_an_output_file_is_refused() {
    let output = Process::new(BIN)
        .args(["brief", "--for", "CEPT", "--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("docx is a binary file: give -o FILE")
    );
}

/// A program on the PATH. The LibreOffice test is ignored with the reason "needs libreoffice",
/// so a plain `cargo test` reports it as ignored; run with `--ignored` (CI does), it fails
/// without the program rather than pass having checked nothing.
fn program(names: &[&str], install: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    names
        .iter()
        .flat_map(|name| std::env::split_paths(&path).map(move |dir| dir.join(name)))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| panic!("this test needs {} on the PATH ({install})", names[0]))
}

/// Runs `program` with `args` and returns its standard output, which must succeed.
fn run(program: &Path, args: &[&std::ffi::OsStr]) -> String {
    let output = Process::new(program).args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}: {}",
        program.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
#[ignore = "needs libreoffice; CI runs it with --ignored"]
fn libreoffice_prints_the_docx_brief_on_a4_with_its_headings_and_marking() {
    let soffice = program(
        &["soffice", "libreoffice"],
        "Debian: apt-get install libreoffice-writer-nogui",
    );
    let poppler = "Debian: apt-get install poppler-utils";
    let (pdfinfo, pdftotext) = (
        program(&["pdfinfo"], poppler),
        program(&["pdftotext"], poppler),
    );
    let dir = tempfile::tempdir().unwrap();
    let path = docx(Some(BASE), "CEPT", dir.path());
    // A fresh profile per run: parallel conversions do not share (and lock) one.
    let profile = tempfile::tempdir().unwrap();
    let installation = format!("-env:UserInstallation=file://{}", profile.path().display());
    run(
        &soffice,
        &[
            installation.as_ref(),
            "--headless".as_ref(),
            "--convert-to".as_ref(),
            "pdf".as_ref(),
            "--outdir".as_ref(),
            dir.path().as_os_str(),
            path.as_os_str(),
        ],
    );
    let pdf = dir.path().join("cept.pdf");
    assert!(pdf.exists(), "LibreOffice wrote no PDF");
    let info = run(&pdfinfo, &[pdf.as_os_str()]);
    let size = info
        .lines()
        .find(|line| line.starts_with("Page size:"))
        .expect("pdfinfo gives the page size");
    assert!(
        ["595.3 x 841.9", "595.304 x 841.89", "595 x 842"]
            .iter()
            .any(|a4| size.contains(a4)),
        "{size}"
    );
    let pages: usize = info
        .lines()
        .find_map(|line| line.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo gives the number of pages");
    let text = run(&pdftotext, &[pdf.as_os_str(), "-".as_ref()]);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for heading in item_headings(Some(BASE), "CEPT") {
        assert!(text.contains(&heading), "{heading} is not in the PDF");
    }
    let marking = "CONFIDENTIAL — CEPT: contains CEPT's confidential positions";
    assert!(
        text.matches(marking).count() > pages,
        "the marking on every one of the {pages} pages and as the first paragraph"
    );
}
