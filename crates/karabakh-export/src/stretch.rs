//! A relief raster stretched over a frame, as tiny-skia's `draw_pixmap` with bilinear filtering
//! draws it when the transform only scales and moves (the relief's always does), but in whole
//! numbers and a row at a time: each source row is interpolated across once, then each frame
//! row is a blend of two such rows. tiny-skia samples every pixel alone in floating point; for
//! the six rasters of a 1080p frame that was two thirds of a first frame.

use resvg::tiny_skia::{Pixmap, Transform};

/// Where a frame column (or row) samples the image: the two image pixels, the second's weight
/// (0–256), and whether the image covers the frame pixel (256) or not (0).
#[derive(Clone, Copy)]
struct Sample {
    first: usize,
    second: usize,
    weight: u32,
    cover: u32,
}

/// The samples of frame pixels `from..to` along an axis where the image (`size` pixels)
/// starts at `offset` and each image pixel is `scale` frame pixels.
fn samples(from: usize, to: usize, offset: f32, scale: f32, size: usize) -> Vec<Sample> {
    let (start, end) = (offset, offset + scale * size as f32);
    let last = size.saturating_sub(1) as f32;
    (from..to)
        .map(|p| {
            let at = p as f32;
            // The frame pixel's centre in image pixels, less half a pixel: between which
            // pixel centres it falls.
            let u = ((at + 0.5 - offset) / scale - 0.5).clamp(0.0, last);
            let first = u.floor() as usize;
            // Whole pixels, as tiny-skia fills the image's box (without smoothing its edges):
            // those whose centre is inside.
            let inside = at + 0.5 >= start && at + 0.5 < end;
            Sample {
                first,
                second: (first + 1).min(size - 1),
                weight: ((u - first as f32) * 256.0).round() as u32,
                cover: if inside { 256 } else { 0 },
            }
        })
        .collect()
}

/// `a * (256 - w) + b * w`, each of the four channels, 0–65280.
fn across(row: &[u8], columns: &[Sample], out: &mut Vec<u16>) {
    out.clear();
    for c in columns {
        let (a, b) = (
            &row[c.first * 4..c.first * 4 + 4],
            &row[c.second * 4..c.second * 4 + 4],
        );
        for k in 0..4 {
            out.push((u32::from(a[k]) * (256 - c.weight) + u32::from(b[k]) * c.weight) as u16);
        }
    }
}

/// The first and last pixels of an image row that are not wholly transparent.
fn seen(row: &[u8]) -> Option<(usize, usize)> {
    let first = row.chunks_exact(4).position(|p| p[3] != 0)?;
    let last = row.chunks_exact(4).rposition(|p| p[3] != 0)?;
    Some((first, last))
}

/// Blends onto `out` (a frame row's pixels) the two interpolated image rows mixed down by
/// `weight`, at `keep` (opacity × the row's cover, 0–65536) and each column's cover.
fn blend_row(
    out: &mut [u8],
    (upper, lower): (&[u16], &[u16]),
    weight: u32,
    keep: u32,
    columns: &[Sample],
) {
    let mut mixed: Vec<u8> = upper
        .iter()
        .zip(lower)
        .map(|(a, b)| {
            ((u32::from(*a) * (256 - weight) + u32::from(*b) * weight + (1 << 15)) >> 16) as u8
        })
        .collect();
    if keep < 256 * 256 || columns.iter().any(|c| c.cover < 256) {
        for (px, column) in mixed.chunks_exact_mut(4).zip(columns) {
            let k = (keep * column.cover) >> 16;
            for c in px {
                *c = ((u32::from(*c) * k + 128) >> 8) as u8;
            }
        }
    }
    for (d, s) in out.chunks_exact_mut(4).zip(mixed.chunks_exact(4)) {
        let behind = 255 - u32::from(s[3]);
        for (d, s) in d.iter_mut().zip(s) {
            *d = (u32::from(*s) + div255(u32::from(*d) * behind)).min(255) as u8;
        }
    }
}

/// Blends `layer` over `frame`, pixel for pixel (they are the same size; else nothing is
/// drawn).
pub(crate) fn over(frame: &mut Pixmap, layer: &Pixmap) {
    if (frame.width(), frame.height()) != (layer.width(), layer.height()) {
        return;
    }
    let pixels = frame.data_mut().chunks_exact_mut(4);
    for (d, s) in pixels.zip(layer.data().chunks_exact(4)) {
        let behind = 255 - u32::from(s[3]);
        if behind == 255 {
            continue;
        }
        for (d, s) in d.iter_mut().zip(s) {
            *d = (u32::from(*s) + div255(u32::from(*d) * behind)).min(255) as u8;
        }
    }
}

/// `x / 255`, rounded, for `x` up to 255 × 255.
fn div255(x: u32) -> u32 {
    let x = x + 128;
    (x + (x >> 8)) >> 8
}

/// Draws `image` on `layer` through `t` at `opacity`, source over, when `t` only scales (by
/// positive factors) and moves. Returns false, having drawn nothing, for any other transform.
pub(crate) fn stretch(layer: &mut Pixmap, image: &Pixmap, t: Transform, opacity: f32) -> bool {
    let (width, height) = (layer.width() as usize, layer.height() as usize);
    let (iw, ih) = (image.width() as usize, image.height() as usize);
    let plain = t.kx == 0.0 && t.ky == 0.0 && t.sx > 0.0 && t.sy > 0.0;
    if !plain || iw == 0 || ih == 0 || !t.tx.is_finite() || !t.ty.is_finite() {
        return false;
    }
    let span = |offset: f32, scale: f32, size: usize, frame: usize| {
        let from = offset.floor().clamp(0.0, frame as f32) as usize;
        let to = (offset + scale * size as f32)
            .ceil()
            .clamp(0.0, frame as f32) as usize;
        (from, to)
    };
    let (x0, x1) = span(t.tx, t.sx, iw, width);
    let (y0, y1) = span(t.ty, t.sy, ih, height);
    if x0 >= x1 || y0 >= y1 {
        return true;
    }
    let columns = samples(x0, x1, t.tx, t.sx, iw);
    let rows = samples(y0, y1, t.ty, t.sy, ih);
    let opacity = (opacity.clamp(0.0, 1.0) * 256.0).round() as u32;
    let source = image.data();
    let row_of = |r: usize| &source[r * iw * 4..(r + 1) * iw * 4];
    let spans: Vec<Option<(usize, usize)>> = (0..ih).map(|r| seen(row_of(r))).collect();
    // The two image rows interpolated across, by their index: kept while frame rows share them.
    let (mut upper, mut lower) = ((usize::MAX, Vec::new()), (usize::MAX, Vec::new()));
    let frame = layer.data_mut();
    for (y, row) in (y0..y1).zip(&rows) {
        // Only the columns where either image row has something to show.
        let (lo, hi) = match (spans[row.first], spans[row.second]) {
            (None, None) => continue,
            (Some(a), None) | (None, Some(a)) => a,
            (Some(a), Some(b)) => (a.0.min(b.0), a.1.max(b.1)),
        };
        let from = columns.partition_point(|c| c.second < lo);
        let to = columns.partition_point(|c| c.first <= hi);
        if from >= to {
            continue;
        }
        if upper.0 != row.first {
            if lower.0 == row.first {
                std::mem::swap(&mut upper, &mut lower);
            } else {
                across(row_of(row.first), &columns, &mut upper.1);
                upper.0 = row.first;
            }
        }
        if lower.0 != row.second {
            across(row_of(row.second), &columns, &mut lower.1);
            lower.0 = row.second;
        }
        let part = from * 4..to * 4;
        let rows = (&upper.1[part.clone()], &lower.1[part]);
        let at = (y * width + x0 + from) * 4..(y * width + x0 + to) * 4;
        let keep = opacity * row.cover;
        blend_row(&mut frame[at], rows, row.weight, keep, &columns[from..to]);
    }
    true
}

/// The largest difference of any channel of any pixel of two pictures (tests compare drawings).
#[cfg(test)]
pub(crate) fn worst_difference(a: &Pixmap, b: &Pixmap) -> Option<u8> {
    let pairs = a.data().iter().zip(b.data());
    pairs.map(|(a, b)| a.abs_diff(*b)).max()
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{FilterQuality, PixmapPaint};

    /// A small image of changing colours and transparency, partly clear, premultiplied.
    fn image() -> Pixmap {
        let (w, h) = (23u32, 12u32);
        let mut image = Pixmap::new(w, h).expect("a pixmap");
        for (i, px) in image.data_mut().chunks_exact_mut(4).enumerate() {
            let (x, y) = (i as u32 % w, i as u32 / w);
            // A wholly transparent band on the left and at the bottom, as the coarse reliefs
            // are inside the finer ones' boxes.
            let clear = x < 5 || y > 9 || (x > 15 && y == 3);
            let a = if clear {
                0
            } else {
                (40 + (x * 9 + y * 13) % 216) as u8
            };
            let c = [(x * 11) % 256, (y * 21) % 256, ((x + y) * 7) % 256];
            for (d, c) in px.iter_mut().zip(c) {
                *d = (c * u32::from(a) / 255) as u8;
            }
            px[3] = a;
        }
        image
    }

    fn frame() -> Pixmap {
        let mut frame = Pixmap::new(160, 90).expect("a pixmap");
        frame.fill(resvg::tiny_skia::Color::from_rgba8(200, 180, 150, 255));
        frame
    }

    #[test]
    fn a_stretched_raster_is_drawn_as_tiny_skia_draws_it() {
        let image = image();
        for (t, opacity) in [
            // Over the whole frame and beyond, as the relief's are.
            (
                Transform::from_row(9.37, 0.0, 0.0, 10.43, -15.8, -13.2),
                1.0,
            ),
            // Inside the frame, with edges at fractions of a pixel, half see-through.
            (Transform::from_row(3.3, 0.0, 0.0, 2.7, 20.25, 30.6), 0.5),
            // Pixel for pixel.
            (Transform::from_translate(5.0, 7.0), 1.0),
        ] {
            let mut expected = frame();
            let paint = PixmapPaint {
                quality: FilterQuality::Bilinear,
                opacity,
                ..PixmapPaint::default()
            };
            expected.draw_pixmap(0, 0, image.as_ref(), &paint, t, None);
            let mut drawn = frame();
            assert!(stretch(&mut drawn, &image, t, opacity));
            let worst = crate::stretch::worst_difference(&drawn, &expected);
            assert!(worst <= Some(3), "{t:?}: off by {worst:?}");
            assert_ne!(drawn.data(), frame().data(), "nothing drawn");
        }
    }

    #[test]
    fn a_layer_is_blended_as_tiny_skia_blends_it() {
        let mut layer = Pixmap::new(23, 12).expect("a pixmap");
        layer.draw_pixmap(
            0,
            0,
            image().as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
        let mut expected = Pixmap::new(23, 12).expect("a pixmap");
        expected.fill(resvg::tiny_skia::Color::from_rgba8(200, 180, 150, 255));
        let plain = expected.clone();
        let mut drawn = expected.clone();
        expected.draw_pixmap(
            0,
            0,
            layer.as_ref(),
            &PixmapPaint::default(),
            Transform::identity(),
            None,
        );
        over(&mut drawn, &layer);
        let worst = crate::stretch::worst_difference(&drawn, &expected);
        assert!(worst <= Some(1), "off by {worst:?}");
        assert_ne!(drawn.data(), plain.data(), "nothing drawn");
    }

    #[test]
    fn a_turned_raster_is_left_to_tiny_skia() {
        let mut drawn = frame();
        let turned = Transform::from_row(1.0, 0.5, -0.5, 1.0, 0.0, 0.0);
        assert!(!stretch(&mut drawn, &image(), turned, 1.0));
        assert_eq!(drawn.data(), frame().data());
    }
}
