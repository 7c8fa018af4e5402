//! MP4 colours: flat pictures of known colours come back from ffmpeg's decoder as they went in,
//! and the stream says how its colours were converted.

#[path = "common/video.rs"]
mod video;

use karabakh_atlas::export::video::Mp4Writer;

/// White, a mid grey, the map's land (light and dark styles), pure red, green and blue, black.
const COLOURS: [[u8; 3]; 8] = [
    [255, 255, 255],
    [128, 128, 128],
    [241, 238, 230],
    [43, 45, 49],
    [255, 0, 0],
    [0, 255, 0],
    [0, 0, 255],
    [0, 0, 0],
];

const SIZE: (usize, usize) = (128, 96);

/// A video of one flat picture per colour.
fn flat_video(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("flat.mp4");
    let file = std::fs::File::create(&path).expect("creates the video");
    let (w, h) = SIZE;
    let mut mp4 = Mp4Writer::new(file, w as u32, h as u32, 4).expect("an encoder");
    for [r, g, b] in COLOURS {
        let rgba: Vec<u8> = (0..w * h).flat_map(|_| [r, g, b, 255]).collect();
        mp4.frame(&rgba, 1).expect("a frame");
    }
    mp4.finish().expect("the end");
    path
}

/// The largest difference, per channel, between the colour each picture decodes to (the one
/// most of its pixels have: H.264 is lossy and may leave a block a level off) and the colour
/// written; and which colour it is.
fn worst(decoded: &[u8]) -> (u8, String) {
    let picture = SIZE.0 * SIZE.1 * 3;
    assert_eq!(
        decoded.len(),
        picture * COLOURS.len(),
        "one picture per colour"
    );
    let mut worst = (0, String::new());
    for (colour, rgb) in COLOURS.iter().zip(decoded.chunks_exact(picture)) {
        let mut counts = std::collections::HashMap::new();
        for pixel in rgb.chunks_exact(3) {
            *counts.entry(pixel).or_insert(0) += 1;
        }
        let Some((pixel, _)) = counts.into_iter().max_by_key(|&(_, n)| n) else {
            panic!("an empty picture");
        };
        let off = (0..3)
            .map(|c| pixel[c].abs_diff(colour[c]))
            .max()
            .unwrap_or(0);
        if off > worst.0 {
            worst = (off, format!("{colour:?} decoded as {pixel:?}"));
        }
    }
    worst
}

#[test]
fn flat_colours_decode_to_themselves_and_the_stream_says_how_they_were_converted() {
    if !video::ffmpeg_installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mp4 = flat_video(dir.path());
    // ffmpeg's exact conversion: only the rounding to 8-bit levels is left.
    let (off, at) = worst(&video::decode_rgb(&mp4, true));
    assert!(off <= 1, "off by {off}/255: {at}");
    // Its default fast tables add up to two levels more. (With OpenH264's own conversion
    // they gave blue 255 back as 250, the land's 241 red as 238.)
    let decoded = video::decode_rgb(&mp4, false);
    let (off, at) = worst(&decoded);
    assert!(off <= 3, "off by {off}/255 with ffmpeg's defaults: {at}");
    assert_eq!(decoded[..3], [255, 255, 255], "white stays white");
    // Limited range, the BT.709 matrix, sRGB's transfer curve and primaries.
    assert_eq!(
        video::colour_tags(&mp4),
        ["tv", "bt709", "iec61966-2-1", "bt709"].map(str::to_owned)
    );
}
