//! The unchanged beginning of a frame, kept. A frame draws its scene's items in order: first
//! the basemap (land, relief, water, borders), then the dossier's features of the day. From one
//! day of an animation to the next most of that list is the same, and filling the same
//! full-frame shapes again was a third of a 1080p frame. The pixels are kept at two points of
//! the list: where the basemap ends, and where this frame's items part from the last frame's;
//! a frame whose items begin as the kept ones did starts from those pixels.
//!
//! Whether items are the same is asked of the items themselves (their shapes, colours and
//! coordinates), never guessed from a date, so a change of anything drawn draws it anew.

use std::sync::{Mutex, OnceLock};

use karabakh_scene::Item;
use resvg::tiny_skia::Pixmap;

/// What the kept pixels are of: the frame's size, the transform to it and its background.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Frame {
    pub pixels: (u32, u32),
    pub transform: [u32; 6],
    pub background: [u8; 4],
}

/// A frame's items and its pixels after the first `at` of them.
struct Kept {
    frame: Frame,
    items: Vec<Item>,
    pixels: Vec<(usize, Pixmap)>,
}

/// Pixels kept for at most this many frames' sizes (a compare image has two sides).
const FRAMES: usize = 3;
/// A frame larger than this (4K and up) keeps nothing: one picture is all it makes.
const LARGEST: usize = 16 << 20;

fn kept() -> &'static Mutex<Vec<Kept>> {
    static KEPT: OnceLock<Mutex<Vec<Kept>>> = OnceLock::new();
    KEPT.get_or_init(Mutex::default)
}

/// Where a frame starts (its pixels are given with it): after the first `from` items, and the
/// points of its list (ascending) at which to keep its pixels for the next frame.
pub(crate) struct Start {
    pub from: usize,
    pub keep: Vec<usize>,
    /// The pixels kept before that this frame shares (they stay kept).
    shared: Vec<(usize, Pixmap)>,
}

/// How `frame`, drawing `items`, starts, and its pixels there: kept pixels when its items begin
/// as a kept frame's did, else `fresh` (the background alone).
pub(crate) fn start<E>(
    frame: Frame,
    items: &[Item],
    fresh: impl FnOnce() -> Result<Pixmap, E>,
) -> Result<(Pixmap, Start), E> {
    let before = kept().lock().ok().and_then(|mut all| {
        let index = all.iter().position(|k| k.frame == frame)?;
        Some(all.remove(index))
    });
    let common = before.as_ref().map_or(0, |k| {
        k.items
            .iter()
            .zip(items)
            .take_while(|(a, b)| a == b)
            .count()
    });
    let mut shared: Vec<(usize, Pixmap)> = before
        .map(|k| k.pixels)
        .unwrap_or_default()
        .into_iter()
        .filter(|(at, _)| *at <= common)
        .collect();
    let (pixmap, from) = match shared.last() {
        Some((at, pixels)) => (pixels.clone(), *at),
        None => (fresh()?, 0),
    };
    let basemap = items.iter().take_while(|i| i.feature.is_none()).count();
    let mut keep: Vec<usize> = [basemap, common]
        .into_iter()
        .filter(|&at| at > from && !shared.iter().any(|(a, _)| *a == at))
        .collect();
    keep.dedup();
    if pixmap.data().len() > LARGEST {
        keep.clear();
        shared.clear();
    }
    Ok((pixmap, Start { from, keep, shared }))
}

/// Keeps, for the next frame of `frame`, its `items` and its pixels after the first `at` items
/// for each `(at, pixels)` of `drawn` and of what `start` shared.
pub(crate) fn keep(frame: Frame, items: &[Item], start: Start, drawn: Vec<(usize, Pixmap)>) {
    let mut pixels = start.shared;
    pixels.extend(drawn);
    pixels.sort_by_key(|(at, _)| *at);
    // The basemap's end and the latest point shared: two are enough.
    while pixels.len() > 2 {
        pixels.remove(1);
    }
    if pixels.is_empty() {
        return;
    }
    let Ok(mut all) = kept().lock() else { return };
    all.retain(|k| k.frame != frame);
    all.push(Kept {
        frame,
        items: items.to_vec(),
        pixels,
    });
    while all.len() > FRAMES {
        all.remove(0);
    }
}
