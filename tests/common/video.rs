//! Videos read back by a standard decoder: ffprobe and ffmpeg (the ffmpeg package; CI installs it).
#![allow(dead_code)] // each test binary uses its own part of these helpers

use std::path::Path;
use std::process::Command;

/// What ffmpeg's decoder makes of a video: its codec, its frames counted by decoding every one
/// (any decoding error fails the test), and its size.
#[derive(Debug, PartialEq, Eq)]
pub struct Probed {
    pub codec: String,
    pub frames: usize,
    pub width: u32,
    pub height: u32,
}

pub fn probe(path: &Path) -> Probed {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-count_frames", "-select_streams", "v:0"])
        .args([
            "-show_entries",
            "stream=codec_name,width,height,nb_read_frames",
        ])
        .args(["-of", "default=noprint_wrappers=1"])
        .arg(path)
        .output()
        .expect("ffprobe runs (install the ffmpeg package)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && stderr.trim().is_empty(),
        "ffprobe: {stderr}"
    );
    let field = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("no {name} in {text}"))
            .to_owned()
    };
    let number = |name: &str| {
        field(name)
            .parse::<u32>()
            .unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    Probed {
        codec: field("codec_name"),
        frames: number("nb_read_frames") as usize,
        width: number("width"),
        height: number("height"),
    }
}

/// The first picture of a video as a PNG, decoded by ffmpeg.
pub fn first_frame(video: &Path, png: &Path) {
    let out = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(video)
        .args(["-frames:v", "1"])
        .arg(png)
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
