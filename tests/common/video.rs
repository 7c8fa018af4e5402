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

/// Whether ffmpeg and ffprobe can be run; when not, says how to get them.
pub fn ffmpeg_installed() -> bool {
    let runs = |tool: &str| Command::new(tool).arg("-version").output().is_ok();
    let installed = runs("ffmpeg") && runs("ffprobe");
    if !installed {
        eprintln!("skipped: ffmpeg is not installed (apt-get install ffmpeg; CI installs it)");
    }
    installed
}

/// Every picture of a video as ffmpeg decodes it, one after another, 8-bit RGB (3 bytes a
/// pixel). `accurate` asks ffmpeg's converter to round exactly and to interpolate the colour
/// at full resolution instead of taking its fast tables.
pub fn decode_rgb(video: &Path, accurate: bool) -> Vec<u8> {
    let mut command = Command::new("ffmpeg");
    command.args(["-v", "error", "-i"]).arg(video);
    if accurate {
        command.args(["-vf", "scale=flags=accurate_rnd+full_chroma_int"]);
    }
    let out = command
        .args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
        .output()
        .expect("ffmpeg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// What a video's stream says of its colours, as ffprobe reads it: range, matrix, transfer
/// and primaries ("tv", "bt709", ...).
pub fn colour_tags(video: &Path) -> [String; 4] {
    let out = Command::new("ffprobe")
        .args(["-v", "error", "-select_streams", "v:0", "-show_entries"])
        .arg("stream=color_range,color_space,color_transfer,color_primaries")
        .args(["-of", "default=noprint_wrappers=1"])
        .arg(video)
        .output()
        .expect("ffprobe runs");
    let text = String::from_utf8_lossy(&out.stdout);
    [
        "color_range",
        "color_space",
        "color_transfer",
        "color_primaries",
    ]
    .map(|name| {
        text.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}=")))
            .unwrap_or("missing")
            .to_owned()
    })
}
