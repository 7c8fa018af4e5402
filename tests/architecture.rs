//! The house rules a reviewer would otherwise check by hand: rooms small enough to hold in one's
//! head. No source file over 600 lines of non-test code and no function over 80 lines, unless a
//! line starting `// Long:` (`//! Long:` for a file) says why, just above the function (among
//! its doc comments and attributes) or in the file's module doc. Which crate may use which is
//! not tested here: the workspace makes an import up the layers a compile error.

use std::path::{Path, PathBuf};

const MAX_FILE_LINES: usize = 600;
const MAX_FN_LINES: usize = 80;

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    walk(&root.join("src"), &mut out);
    if let Ok(crates) = std::fs::read_dir(root.join("crates")) {
        for krate in crates.flatten() {
            walk(&krate.path().join("src"), &mut out);
        }
    }
    out.sort();
    out
}

/// The lines before the file's tests.
fn code_lines(text: &str) -> Vec<&str> {
    text.lines()
        .take_while(|l| !l.starts_with("#[cfg(test)]"))
        .collect()
}

fn is_fn_start(line: &str) -> bool {
    let t = line.trim_start();
    let t = t
        .strip_prefix("pub(crate) ")
        .or_else(|| t.strip_prefix("pub(super) "))
        .or_else(|| t.strip_prefix("pub "))
        .unwrap_or(t);
    let t = t.strip_prefix("const ").unwrap_or(t);
    t.starts_with("fn ")
}

/// Whether a `// Long:` reason sits among the comments and attributes just above line `at`.
fn has_reason(lines: &[&str], at: usize) -> bool {
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| {
            let t = l.trim_start();
            t.starts_with("//") || t.starts_with("#[")
        })
        .any(|l| l.trim_start().starts_with("// Long:"))
}

#[test]
fn files_and_functions_stay_small() {
    let mut too_big = Vec::new();
    let files = sources();
    assert!(files.len() > 20, "found only {} sources", files.len());
    for path in files {
        let text = std::fs::read_to_string(&path).expect("read");
        let name = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&path)
            .display()
            .to_string();
        let lines = code_lines(&text);
        let counted = lines
            .iter()
            .filter(|l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with("//")
            })
            .count();
        let file_reason = text.lines().any(|l| l.starts_with("//! Long:"));
        if counted > MAX_FILE_LINES && !file_reason {
            too_big.push(format!("{name}: {counted} lines of code"));
        }
        for (i, line) in lines.iter().enumerate() {
            if !is_fn_start(line) || line.trim_end().ends_with(';') {
                continue;
            }
            let indent = line.len() - line.trim_start().len();
            let close = format!("{}}}", &line[..indent]);
            let Some(len) = lines[i + 1..]
                .iter()
                .position(|l| l.trim_end() == close)
                .map(|n| n + 2)
            else {
                continue;
            };
            if len > MAX_FN_LINES && !has_reason(&lines, i) {
                let fn_name = line
                    .trim_start()
                    .split("fn ")
                    .nth(1)
                    .and_then(|r| r.split(['(', '<']).next())
                    .unwrap_or("?");
                too_big.push(format!("{name}:{}: fn {fn_name} is {len} lines", i + 1));
            }
        }
    }
    assert!(
        too_big.is_empty(),
        "too big to hold in one's head (split it, or say why with `// Long:`):\n{}",
        too_big.join("\n")
    );
}

#[test]
fn the_headless_crates_use_no_window_crate() {
    // The compiler already forbids an import of a crate not depended on; this keeps the
    // dependency lists themselves honest, so that `render` never links the window.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for krate in ["time", "data", "scene", "export"] {
        let manifest =
            std::fs::read_to_string(root.join(format!("crates/karabakh-{krate}/Cargo.toml")))
                .expect("manifest");
        for window in [
            "eframe",
            "egui.",
            "egui =",
            "walkers",
            "karabakh-map",
            "karabakh-ui",
        ] {
            assert!(
                !manifest.contains(window),
                "karabakh-{krate} depends on {window}"
            );
        }
    }
}
