//! Texts drawn once and kept. Shaping and filling the glyphs of a frame's hundred labels and
//! its slide's texts through resvg was the larger half of a 1080p frame, and the frames of an
//! animation share most of them: the towns and the legend stay where they were from one day to
//! the next. Each text (a label with its halo, leader and dot; a line of the slide) is drawn
//! once into a small transparent pixmap at its place's fraction of a pixel, and laid on the
//! frame at whole pixels; the next frame that has the same text at the same place lays the same
//! pixels. Only texts that are new (a day's events, the date) are shaped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use resvg::tiny_skia::{Pixmap, PixmapPaint, Transform};

use crate::Error;
use crate::svg::fonts;

/// A text drawn: its pixels and where their top left corner goes on the frame.
struct Sprite {
    pixmap: Pixmap,
    x: i32,
    y: i32,
}

/// What a sprite depends on: the text's SVG and the transform to the frame's pixels.
type Key = (String, [u32; 6]);

/// The kept sprites, in two generations: when the newer fills its half of the allowance the
/// older is dropped, so what the last frames used stays and what no frame asked for goes.
#[derive(Default)]
struct Kept {
    newer: HashMap<Key, Arc<Option<Sprite>>>,
    older: HashMap<Key, Arc<Option<Sprite>>>,
    newer_bytes: usize,
}

/// At most this many bytes of sprites are kept (a 1080p frame's texts take about 2 MB).
const KEPT_BYTES: usize = 32 << 20;

impl Kept {
    fn get(&mut self, key: &Key) -> Option<Arc<Option<Sprite>>> {
        if let Some(sprite) = self.newer.get(key) {
            return Some(sprite.clone());
        }
        let (key, sprite) = self.older.remove_entry(key)?;
        self.insert(key, sprite.clone());
        Some(sprite)
    }

    fn insert(&mut self, key: Key, sprite: Arc<Option<Sprite>>) {
        let bytes = key.0.len()
            + sprite
                .as_ref()
                .as_ref()
                .map_or(0, |s| s.pixmap.data().len());
        if self.newer_bytes + bytes > KEPT_BYTES / 2 {
            self.older = std::mem::take(&mut self.newer);
            self.newer_bytes = 0;
        }
        self.newer_bytes += bytes;
        self.newer.insert(key, sprite);
    }
}

fn kept() -> &'static Mutex<Kept> {
    static KEPT: OnceLock<Mutex<Kept>> = OnceLock::new();
    KEPT.get_or_init(Mutex::default)
}

/// Draws each of `texts` (SVG fragments in the view's units, drawn in order) on `pixmap`
/// through `transform`, the view `w` × `h` units.
pub(crate) fn draw(
    pixmap: &mut Pixmap,
    texts: &[String],
    transform: Transform,
    (w, h): (f32, f32),
) -> Result<(), Error> {
    let t = transform;
    let placing = [t.sx, t.ky, t.kx, t.sy, t.tx, t.ty].map(f32::to_bits);
    let paint = PixmapPaint::default();
    for text in texts {
        let key = (text.clone(), placing);
        let found = kept().lock().ok().and_then(|mut kept| kept.get(&key));
        let sprite = match found {
            Some(sprite) => sprite,
            None => {
                let frame = (pixmap.width(), pixmap.height());
                let sprite = Arc::new(sprite(text, transform, (w, h), frame)?);
                if let Ok(mut kept) = kept().lock() {
                    kept.insert(key, sprite.clone());
                }
                sprite
            }
        };
        if let Some(s) = sprite.as_ref() {
            let image = s.pixmap.as_ref();
            pixmap.draw_pixmap(s.x, s.y, image, &paint, Transform::identity(), None);
        }
    }
    Ok(())
}

/// `text` drawn alone on the part of a `frame`-pixel frame it covers, or nothing when it
/// covers none of it.
fn sprite(
    text: &str,
    transform: Transform,
    (w, h): (f32, f32),
    frame: (u32, u32),
) -> Result<Option<Sprite>, Error> {
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="DejaVu Sans">{text}</svg>"#
    );
    let options = resvg::usvg::Options {
        fontdb: fonts(),
        ..resvg::usvg::Options::default()
    };
    // A bug in the SVG library must not take the export down with it.
    let tree = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        resvg::usvg::Tree::from_str(&svg, &options)
    }))
    .map_err(|_| Error::RendererPanicked)??;
    let root = tree.root();
    // (An empty group's box is 0,0 1×1.)
    if !root.has_children() {
        return Ok(None);
    }
    let Some(bounds) = root.abs_layer_bounding_box().transform(transform) else {
        return Ok(None);
    };
    // Two pixels more each side for the edges' smoothing.
    let left = (bounds.left().floor() as i64 - 2).max(0);
    let top = (bounds.top().floor() as i64 - 2).max(0);
    let right = (bounds.right().ceil() as i64 + 2).min(i64::from(frame.0));
    let bottom = (bounds.bottom().ceil() as i64 + 2).min(i64::from(frame.1));
    if right <= left || bottom <= top {
        return Ok(None);
    }
    let (width, height) = ((right - left) as u32, (bottom - top) as u32);
    let mut pixmap = Pixmap::new(width, height).ok_or(Error::SizeOutOfRange)?;
    let (x, y) = (left as i32, top as i32);
    let placed = transform.post_translate(-(x as f32), -(y as f32));
    resvg::render(&tree, placed, &mut pixmap.as_mut());
    Ok(Some(Sprite { pixmap, x, y }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia;

    fn text(x: f32) -> String {
        format!(
            r#"<text x="{x}" y="40" font-size="14" fill="rgb(20,20,20)" stroke="rgb(250,250,250)" stroke-width="4" paint-order="stroke">Shusha / Shushi</text>"#
        )
    }

    /// The same text drawn in place through resvg, as the frame drew texts before.
    fn in_place(svg_text: &str, transform: Transform) -> Pixmap {
        let mut pixmap = Pixmap::new(300, 100).expect("a pixmap");
        pixmap.fill(tiny_skia::Color::from_rgba8(180, 200, 170, 255));
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="150" height="50" font-family="DejaVu Sans">{svg_text}</svg>"#
        );
        let options = resvg::usvg::Options {
            fontdb: fonts(),
            ..resvg::usvg::Options::default()
        };
        let tree = resvg::usvg::Tree::from_str(&svg, &options).expect("an SVG");
        resvg::render(&tree, transform, &mut pixmap.as_mut());
        pixmap
    }

    #[test]
    fn a_kept_text_lays_the_pixels_it_would_have_drawn_in_place() {
        let transform = Transform::from_scale(2.0, 2.0);
        for x in [10.0, 10.3, 57.75] {
            let svg_text = text(x);
            let expected = in_place(&svg_text, transform);
            // Twice: drawn the first time, laid from the kept pixels the second.
            for _ in 0..2 {
                let mut pixmap = Pixmap::new(300, 100).expect("a pixmap");
                pixmap.fill(tiny_skia::Color::from_rgba8(180, 200, 170, 255));
                let texts = [svg_text.clone()];
                draw(&mut pixmap, &texts, transform, (150.0, 50.0)).expect("drawn");
                let worst = crate::stretch::worst_difference(&pixmap, &expected);
                assert!(worst <= Some(2), "x = {x}: off by {worst:?}");
                assert_ne!(
                    pixmap.data(),
                    in_place("", transform).data(),
                    "nothing drawn"
                );
            }
        }
    }

    #[test]
    fn a_text_off_the_frame_is_kept_as_nothing() {
        let sprite = sprite(
            &text(400.0),
            Transform::identity(),
            (150.0, 50.0),
            (150, 50),
        );
        assert!(matches!(sprite, Ok(None)));
        let inside = sprite_for_test(&text(10.0));
        assert!(inside.width() > 50 && inside.height() > 10);
        assert!(
            inside.width() < 150 && inside.height() < 30,
            "only the text's box"
        );
    }

    fn sprite_for_test(text: &str) -> Pixmap {
        let sprite = sprite(text, Transform::identity(), (150.0, 50.0), (150, 50));
        sprite.ok().flatten().expect("a sprite").pixmap
    }
}
