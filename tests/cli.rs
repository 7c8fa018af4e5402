//! The `karabakh-atlas` command line, run as a user would run it.

use std::process::Command;

fn atlas() -> Command {
    Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
}

#[test]
fn check_passes_on_the_shipped_dossier_and_reports_every_paragraph_linked() {
    let out = atlas().arg("check").output().expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "check failed:\n{stdout}");
    assert!(stdout.contains("paragraphs linked: 6 of 6"), "{stdout}");
    assert!(stdout.contains("Problems: none"), "{stdout}");
    assert!(!stdout.contains("NOT LINKED"), "{stdout}");
    for layer in [
        "context",
        "regions",
        "corridor",
        "peacekeepers",
        "towns",
        "events",
    ] {
        assert!(stdout.contains(layer), "report lacks layer {layer}");
    }
}

#[test]
fn check_reads_a_folder_given_with_data() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = atlas()
        .args(["check", "--data", root])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn check_fails_with_a_named_error_on_a_bad_dossier() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("geodata")).expect("mkdir");
    std::fs::create_dir_all(dir.path().join("seeds")).expect("mkdir");
    std::fs::write(dir.path().join("geodata/broken.geojson"), "{ not json").expect("write");
    let out = atlas()
        .args(["check", "--data"])
        .arg(dir.path())
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("broken.geojson: invalid JSON"), "{stdout}");
    assert!(
        stdout.contains("Result: FAILED with 1 error(s)"),
        "{stdout}"
    );
}

#[test]
fn the_viewer_refuses_bad_options_before_opening_a_window() {
    let out = atlas()
        .args(["--date", "2023-02-30"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no such day"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = atlas().args(["--center", "39.8"]).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let out = atlas()
        .args(["--select", "no-such-feature"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no feature with id"));
    let out = atlas()
        .args(["--tiles", "/nonexistent/tiles"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a tile folder"));
}
