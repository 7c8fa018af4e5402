//! Videos read back by a standard decoder: ffprobe and ffmpeg (the ffmpeg package; CI installs it).
#![allow(dead_code)] // each test binary uses its own part of these helpers

// Both pdf.rs and video.rs bring it: test binaries include either or both.
#[allow(clippy::duplicate_mod)]
#[path = "run.rs"]
mod run;

use std::path::Path;
use std::process::Command;

use run::run;

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
    let text = stream_entries(
        path,
        &["-count_frames"],
        "codec_name,width,height,nb_read_frames",
    );
    let field = |name: &str| {
        entry(&text, name)
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

/// ffprobe's `entries` of the video stream of `video`, as `name=value` lines; any word on
/// stderr (a decoding error) fails the test.
fn stream_entries(video: &Path, options: &[&str], entries: &str) -> String {
    let mut ffprobe = Command::new("ffprobe");
    ffprobe.args(["-v", "error"]).args(options);
    ffprobe.args(["-select_streams", "v:0", "-show_entries"]);
    ffprobe.arg(format!("stream={entries}"));
    let ran = run(ffprobe
        .args(["-of", "default=noprint_wrappers=1"])
        .arg(video))
    .ok();
    assert!(ran.stderr.trim().is_empty(), "ffprobe: {}", ran.stderr);
    ran.stdout
}

/// The value of `name` in ffprobe's `name=value` lines.
fn entry<'a>(text: &'a str, name: &str) -> Option<&'a str> {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix('='))
}

/// The first picture of a video as a PNG, decoded by ffmpeg.
pub fn first_frame(video: &Path, png: &Path) {
    let mut ffmpeg = Command::new("ffmpeg");
    ffmpeg.args(["-v", "error", "-y", "-i"]).arg(video);
    run(ffmpeg.args(["-frames:v", "1"]).arg(png)).ok();
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
    run(command.args(["-f", "rawvideo", "-pix_fmt", "rgb24", "-"]))
        .ok()
        .bytes
}

/// What a video's stream says of its colours, as ffprobe reads it: range, matrix, transfer
/// and primaries ("tv", "bt709", ...).
pub fn colour_tags(video: &Path) -> [String; 4] {
    let entries = [
        "color_range",
        "color_space",
        "color_transfer",
        "color_primaries",
    ];
    let text = stream_entries(video, &[], &entries.join(","));
    entries.map(|name| entry(&text, name).unwrap_or("missing").to_owned())
}
