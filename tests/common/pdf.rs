//! PDF files read back by a real PDF reader: poppler's pdfinfo and pdftotext.
#![allow(dead_code)] // each test binary uses its own part of these helpers

// Both pdf.rs and video.rs bring it: test binaries include either or both.
#[allow(clippy::duplicate_mod)]
#[path = "run.rs"]
mod run;

use std::path::Path;
use std::process::Command;

use run::run;

/// The number of pages pdfinfo reads in `pdf`.
pub fn pages(pdf: &Path) -> usize {
    let info = run(Command::new("pdfinfo").arg(pdf)).ok().stdout;
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in\n{info}"))
}

/// The text of page `page` (1-based) of `pdf`, with runs of white space made one space.
pub fn text_of(pdf: &Path, page: Option<usize>) -> String {
    let mut command = Command::new("pdftotext");
    if let Some(page) = page {
        command.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    run(command.arg(pdf).arg("-"))
        .ok()
        .stdout
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}
