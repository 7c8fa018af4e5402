//! GIF frames with one palette for the whole animation, chosen for maps: NeuQuant (color_quant)
//! trained on the first frame, whose legend carries a swatch of every colour the layers shown
//! use, besides the relief's ramp and the basemap. One palette means no flicker between frames
//! (a palette per frame makes flat areas shimmer), and mapping a pixel is a table look-up.

use std::io::Write;

use color_quant::NeuQuant;

use crate::Error;

/// NeuQuant's sampling factor: 1 looks at every pixel, 30 at one in 30 (quicker, a little worse).
const SAMPLING: i32 = 10;
/// Bits kept per channel in the look-up table (2^18 entries, filled as colours are met).
const BITS: u32 = 6;
const EMPTY: u16 = 0;

pub struct GifWriter<W: Write> {
    encoder: gif::Encoder<W>,
    quant: NeuQuant,
    /// Palette index + 1 of each colour cut to `BITS` per channel; 0 when not yet looked up.
    table: Vec<u16>,
    width: u16,
    height: u16,
}

fn gif_error(e: gif::EncodingError) -> Error {
    Error::Animation(e.to_string())
}

impl<W: Write> GifWriter<W> {
    /// An animation of `width` × `height` frames, its palette from `first` (straight RGBA).
    pub fn new(out: W, width: u32, height: u32, first: &[u8]) -> Result<Self, Error> {
        let (Ok(w), Ok(h)) = (u16::try_from(width), u16::try_from(height)) else {
            return Err(Error::Animation(format!(
                "{width}×{height} is larger than a GIF can be (65,535 a side)"
            )));
        };
        let quant = NeuQuant::new(SAMPLING, 256, first);
        let palette = quant.color_map_rgb();
        let mut encoder = gif::Encoder::new(out, w, h, &palette).map_err(gif_error)?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(gif_error)?;
        Ok(GifWriter {
            encoder,
            quant,
            table: vec![EMPTY; 1 << (3 * BITS)],
            width: w,
            height: h,
        })
    }

    /// Adds a frame (straight RGBA, the animation's size) shown for `delay` centiseconds.
    pub fn frame(&mut self, rgba: &[u8], delay: u16) -> Result<(), Error> {
        let expected = usize::from(self.width) * usize::from(self.height) * 4;
        if rgba.len() != expected {
            return Err(Error::Animation(format!(
                "a frame of {} bytes where {expected} were expected",
                rgba.len()
            )));
        }
        let shift = 8 - BITS;
        let mut indices = Vec::with_capacity(rgba.len() / 4);
        for px in rgba.chunks_exact(4) {
            let key = (usize::from(px[0] >> shift) << (2 * BITS))
                | (usize::from(px[1] >> shift) << BITS)
                | usize::from(px[2] >> shift);
            let entry = &mut self.table[key];
            if *entry == EMPTY {
                // The middle of the cell, so that a table entry serves every colour in it.
                let mid = |c: u8| (c >> shift << shift) | (1 << (shift - 1));
                let index = self
                    .quant
                    .index_of(&[mid(px[0]), mid(px[1]), mid(px[2]), 255]);
                *entry = index as u16 + 1;
            }
            indices.push((*entry - 1) as u8);
        }
        let frame = gif::Frame {
            width: self.width,
            height: self.height,
            delay,
            buffer: std::borrow::Cow::Owned(indices),
            ..gif::Frame::default()
        };
        self.encoder.write_frame(&frame).map_err(gif_error)
    }

    /// Ends the file.
    pub fn finish(self) -> Result<(), Error> {
        let mut out = self
            .encoder
            .into_inner()
            .map_err(|e| Error::Animation(e.to_string()))?;
        out.flush().map_err(|e| Error::Animation(e.to_string()))
    }
}
