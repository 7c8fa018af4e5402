//! Animated PNG: every colour of every frame kept (a GIF has 256 for the whole animation), played
//! by every current browser and by most presentation programs. The first frame is whole; each
//! after it is only the rectangle where it differs from the one before, drawn over it, with the
//! pixels that did not change left transparent (they compress to almost nothing): a day that
//! changes the date, a few markers and the sources costs those pixels, not a whole picture.
//! One frame is kept in memory, the one before.

use std::io::Write;

use crate::Error;

pub struct ApngWriter<W: Write> {
    writer: png::Writer<W>,
    width: u32,
    height: u32,
    /// The frame before, as RGBA: what the next frame is compared with.
    last: Vec<u8>,
    first: bool,
}

fn png_error(e: png::EncodingError) -> Error {
    Error::Animation(format!("APNG: {e}"))
}

/// The smallest rectangle (x, y, width, height) holding every pixel where the RGBA pictures `a`
/// and `b`, `width` pixels wide, differ; None when they are the same.
fn changed(a: &[u8], b: &[u8], width: usize) -> Option<(usize, usize, usize, usize)> {
    let row = width * 4;
    let rows = |r: usize| (&a[r * row..(r + 1) * row], &b[r * row..(r + 1) * row]);
    let height = a.len() / row.max(1);
    let top = (0..height).find(|&r| rows(r).0 != rows(r).1)?;
    let bottom = (top..height).rev().find(|&r| rows(r).0 != rows(r).1)?;
    let (mut left, mut right) = (width, 0);
    for r in top..=bottom {
        let (x, y) = rows(r);
        if x == y {
            continue;
        }
        let differs = |p: &usize| x[p * 4..p * 4 + 4] != y[p * 4..p * 4 + 4];
        if let Some(l) = (0..left).find(differs) {
            left = l;
        }
        if let Some(r) = (right..width).rev().find(differs) {
            right = r;
        }
    }
    Some((left, top, right + 1 - left, bottom + 1 - top))
}

impl<W: Write> ApngWriter<W> {
    /// An animation of `frames` frames of `width` × `height`, played in a loop.
    pub fn new(out: W, width: u32, height: u32, frames: u32) -> Result<Self, Error> {
        let mut encoder = png::Encoder::new(out, width, height);
        encoder.set_color(png::ColorType::Rgba);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        encoder.set_animated(frames.max(1), 0).map_err(png_error)?;
        encoder
            .set_dispose_op(png::DisposeOp::None)
            .map_err(png_error)?;
        // Drawn over the picture before: a transparent pixel leaves it as it was.
        encoder
            .set_blend_op(png::BlendOp::Over)
            .map_err(png_error)?;
        let writer = encoder.write_header().map_err(png_error)?;
        Ok(ApngWriter {
            writer,
            width,
            height,
            last: Vec::new(),
            first: true,
        })
    }

    /// Adds a frame (straight RGBA, opaque, the animation's size) shown for `frames` / `fps`
    /// seconds.
    pub fn frame(&mut self, rgba: &[u8], frames: u32, fps: u32) -> Result<(), Error> {
        let (w, h) = (self.width as usize, self.height as usize);
        if rgba.len() != w * h * 4 {
            return Err(Error::Animation(format!(
                "a frame of {} bytes where {} were expected",
                rgba.len(),
                w * h * 4
            )));
        }
        // Opaque: a frame's pixels replace those before wherever they are written.
        let rgba: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect();
        // A held picture is one frame shown longer: frames/fps seconds, as 16-bit fractions.
        let (num, den) = delay(frames, fps);
        self.writer.set_frame_delay(num, den).map_err(png_error)?;
        let (x, y, fw, fh) = if self.first {
            (0, 0, w, h)
        } else {
            // The same picture again still takes a frame (their number was given): one pixel.
            changed(&self.last, &rgba, w).unwrap_or((0, 0, 1, 1))
        };
        let w32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.writer.set_frame_position(0, 0).map_err(png_error)?;
        self.writer
            .set_frame_dimension(w32(fw), w32(fh))
            .map_err(png_error)?;
        self.writer
            .set_frame_position(w32(x), w32(y))
            .map_err(png_error)?;
        if self.first {
            self.writer.write_image_data(&rgba).map_err(png_error)?;
        } else {
            let mut part = Vec::with_capacity(fw * fh * 4);
            for row in y..y + fh {
                let start = (row * w + x) * 4;
                let (now, before) = (
                    &rgba[start..start + fw * 4],
                    &self.last[start..start + fw * 4],
                );
                for (p, q) in now.chunks_exact(4).zip(before.chunks_exact(4)) {
                    part.extend_from_slice(if p == q { &[0; 4] } else { p });
                }
            }
            self.writer.write_image_data(&part).map_err(png_error)?;
        }
        self.last = rgba;
        self.first = false;
        Ok(())
    }

    pub fn finish(self) -> Result<(), Error> {
        self.writer.finish().map_err(png_error)
    }
}

/// `frames` / `fps` seconds as an APNG delay (numerator, denominator), each within 16 bits.
fn delay(frames: u32, fps: u32) -> (u16, u16) {
    let fps = fps.clamp(1, 60);
    let frames = frames.max(1);
    match u16::try_from(frames) {
        Ok(n) => (n, fps as u16),
        // Longer than 65,535 frames: whole seconds, as long as 16 bits allow.
        Err(_) => ((frames / fps).min(u32::from(u16::MAX)) as u16, 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgba(width: usize, height: usize, paint: impl Fn(usize, usize) -> [u8; 3]) -> Vec<u8> {
        let mut out = Vec::with_capacity(width * height * 4);
        for y in 0..height {
            for x in 0..width {
                let [r, g, b] = paint(x, y);
                out.extend_from_slice(&[r, g, b, 255]);
            }
        }
        out
    }

    #[test]
    fn the_changed_rectangle_holds_every_changed_pixel_and_no_more() {
        let a = vec![0u8; 10 * 6 * 4];
        let mut b = a.clone();
        assert_eq!(changed(&a, &b, 10), None);
        for (x, y) in [(2, 1), (7, 4), (5, 3)] {
            b[(y * 10 + x) * 4 + 1] = 9;
        }
        assert_eq!(changed(&a, &b, 10), Some((2, 1, 6, 4)));
    }

    /// Writes three frames (the second differs in a small square, the third not at all) and
    /// reads them back with the png crate's decoder, composing the frames as a player does.
    #[test]
    fn frames_read_back_as_the_pictures_written() {
        let (w, h) = (40, 30);
        let base = |x: usize, y: usize| [x as u8 * 6, y as u8 * 8, 90];
        let square = |x: usize, y: usize| {
            if (10..15).contains(&x) && (20..24).contains(&y) {
                [255, 0, 0]
            } else {
                base(x, y)
            }
        };
        let pictures = [rgba(w, h, base), rgba(w, h, square), rgba(w, h, square)];
        let mut bytes = Vec::new();
        let mut writer = ApngWriter::new(&mut bytes, w as u32, h as u32, 3).expect("writer");
        for (n, p) in pictures.iter().enumerate() {
            writer.frame(p, n as u32 + 1, 8).expect("a frame");
        }
        writer.finish().expect("finished");

        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let control = reader.info().animation_control.expect("animated");
        assert_eq!((control.num_frames, control.num_plays), (3, 0));
        // The canvas as a player keeps it; frames are drawn over it (blend "over": a transparent
        // pixel leaves it as it was).
        let mut canvas = vec![0u8; w * h * 4];
        let mut buffer = vec![0u8; reader.output_buffer_size().expect("a size")];
        for (n, picture) in pictures.iter().enumerate() {
            let out = reader.next_frame(&mut buffer).expect("a frame decodes");
            let fc = reader.info().frame_control.expect("a frame control");
            assert_eq!((fc.delay_num, fc.delay_den), (n as u16 + 1, 8));
            let (fx, fy) = (fc.x_offset as usize, fc.y_offset as usize);
            assert_eq!(fc.blend_op, png::BlendOp::Over);
            for row in 0..out.height as usize {
                let from = &buffer[row * out.line_size..][..out.width as usize * 4];
                for (col, p) in from.chunks_exact(4).enumerate() {
                    if p[3] == 255 {
                        let at = ((fy + row) * w + fx + col) * 4;
                        canvas[at..at + 4].copy_from_slice(p);
                    } else {
                        assert_eq!(p, [0; 4], "a pixel is opaque or left as it was");
                    }
                }
            }
            assert!(canvas == *picture, "frame {n} composes to its picture");
            if n == 1 {
                assert_eq!((fc.width, fc.height), (5, 4), "only the square is written");
            }
        }
    }
}
