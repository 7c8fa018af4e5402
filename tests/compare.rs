//! `render --compare FIRST,SECOND`: two dates side by side in one image, each half saying its
//! date, with the list of what changed; read back as PNG, and as SVG by resvg and rsvg-convert.

use std::path::Path;
use std::process::{Command, Output};

fn render(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_karabakh-atlas"))
        .arg("render")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The ground the scene's comparison says went from Armenian forces to Azerbaijan, as written.
fn taken_km2() -> String {
    use karabakh_atlas::data::HeldBy;
    use karabakh_atlas::scene::compare::{compare, thousands};
    let day = |text| karabakh_atlas::time::Day::parse(text).expect("a day");
    let dataset = karabakh_atlas::data::load_embedded();
    let comparison = compare(&dataset, day("2020-09-26"), day("2020-12-02"));
    let taken = comparison
        .changed_hands
        .iter()
        .find(|c| (c.from, c.to) == (HeldBy::ArmenianForces, HeldBy::Azerbaijan))
        .expect("ground changed hands");
    thousands(taken.km2)
}

#[test]
fn compare_writes_both_days_side_by_side_with_the_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let pair = ["--compare", "2020-12-02,2020-09-26", "--size", "1000x400"];
    ok(&render(
        &[&pair[..], &["-o", "ba.svg"]].concat(),
        dir.path(),
    ));
    let svg = std::fs::read_to_string(dir.path().join("ba.svg")).expect("the SVG");
    // In date order, whichever order they were given in.
    let (before, after) = (
        svg.find("26 September 2020").expect("the first date"),
        svg.rfind("2 December 2020").expect("the second date"),
    );
    assert!(before < after);
    assert!(svg.contains("What changed, 26 September 2020 → 2 December 2020"));
    assert!(
        svg.contains(&format!("{} km² from Armenian forces to", taken_km2())),
        "the change in km²"
    );
    assert!(svg.contains("began: 2020 war"), "what began");
    assert!(svg.contains(r#"width="1000" height="400""#));
    let status = Command::new("rsvg-convert")
        .arg(dir.path().join("ba.svg"))
        .arg("-o")
        .arg(dir.path().join("rsvg.png"))
        .status()
        .expect("rsvg-convert runs (librsvg2-bin)");
    assert!(status.success());
    let rsvg = image::open(dir.path().join("rsvg.png"))
        .expect("a PNG")
        .to_rgb8();
    assert_eq!(rsvg.dimensions(), (1000, 400));

    ok(&render(
        &[&pair[..], &["-o", "ba.png"]].concat(),
        dir.path(),
    ));
    let png = image::open(dir.path().join("ba.png"))
        .expect("a PNG")
        .to_rgb8();
    assert_eq!(png.dimensions(), (1000, 400));
    // The halves are two different days of one view: the same basemap, different areas.
    let differing = (0..400)
        .flat_map(|y| (0..500).map(move |x| (x, y)))
        .filter(|&(x, y)| png.get_pixel(x, y) != png.get_pixel(x + 500, y))
        .count();
    assert!(
        differing > 20_000 && differing < 190_000,
        "{differing} pixels differ"
    );
    // The divider between them.
    assert!(png.get_pixel(499, 200).0.iter().all(|&c| c < 80));
}

#[test]
fn compare_refuses_what_it_cannot_compare() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cases: [(&[&str], &str); 4] = [
        (
            &["--compare", "2020-09-26", "-o", "a.png"],
            "expected two dates FIRST,SECOND",
        ),
        (
            &["--compare", "2020-09-26,2020-09-26", "-o", "a.png"],
            "the same day",
        ),
        (
            &["--compare", "2020-09-26,2020-13-02", "-o", "a.png"],
            "2020-13-02",
        ),
        (
            &["--compare", "2020-09-26,2020-12-02", "-o", "a.gif"],
            "name it .png or .svg",
        ),
    ];
    for (args, expected) in cases {
        let out = render(args, dir.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 0);
}
