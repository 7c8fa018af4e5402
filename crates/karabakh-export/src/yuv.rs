//! The video's pictures as the encoder takes them: Y′CbCr 4:2:0, converted from the slides'
//! sRGB pixels with the BT.709 matrix in limited ("TV") range, rounded to the nearest level.
//!
//! OpenH264's own conversion (`YUVBuffer::read_rgba8`) truncates instead of rounding and
//! scales the colour differences by 112/256 where BT.601 says 112/255, so a decoder gave the
//! colours back up to 5/255 darker (blue 255 as 250, the land's red 241 as 238). What is
//! written here is what [`VUI`] says, so a decoder that follows the stream's signal gets the
//! slide's colours back to within a level or two.

use openh264::encoder::{ColorPrimaries, MatrixCoefficients, TransferCharacteristics, VuiConfig};
use openh264::formats::YUVSource;

/// What the stream says about its colours: sRGB pixels (BT.709 primaries, the sRGB transfer
/// curve) turned into Y′CbCr with the BT.709 matrix, in limited range (Y′ 16–235, Cb and Cr
/// 16–240). BT.709 is also what players assume for HD sizes when a stream says nothing.
pub(crate) const VUI: VuiConfig = VuiConfig::bt709()
    .transfer_characteristics(TransferCharacteristics::Srgb)
    .color_primaries(ColorPrimaries::Bt709)
    .matrix_coefficients(MatrixCoefficients::Bt709)
    .full_range(false);

/// Fixed-point bits of the coefficients below.
const SHIFT: u32 = 16;

/// Y′ = 16 + (219/255)(0.2126 R + 0.7152 G + 0.0722 B), each weight × 2¹⁶ rounded (they sum
/// to 219/255 × 2¹⁶, so white is 235).
const Y_R: i32 = 11_966;
const Y_G: i32 = 40_254;
const Y_B: i32 = 4_064;

/// Cb = 128 + (224/255)(B − Y)/1.8556 and Cr = 128 + (224/255)(R − Y)/1.5748, × 2¹⁶. Each
/// row sums to zero, so every grey has Cb = Cr = 128 exactly.
const CB_R: i32 = -6_596;
const CB_G: i32 = -22_189;
const CB_B: i32 = 28_785;
const CR_R: i32 = 28_785;
const CR_G: i32 = -26_145;
const CR_B: i32 = -2_640;

/// A picture in Y′CbCr 4:2:0: the full-size Y′ plane, then Cb and Cr at half size each way.
pub(crate) struct Yuv420 {
    width: usize,
    height: usize,
    planes: Vec<u8>,
}

impl Yuv420 {
    /// A picture of `width` × `height` (both even).
    pub(crate) fn new(width: usize, height: usize) -> Self {
        debug_assert!(width.is_multiple_of(2) && height.is_multiple_of(2));
        Yuv420 {
            width,
            height,
            planes: vec![0; width * height * 3 / 2],
        }
    }

    /// Converts the top-left `width` × `height` of an RGBA picture whose rows are
    /// `row_bytes` long (at least `width` × 4; `rgba` at least `height` rows). Each Cb and Cr
    /// sample is that of the mean of its four pixels.
    pub(crate) fn read_rgba(&mut self, rgba: &[u8], row_bytes: usize) {
        let (w, h) = (self.width, self.height);
        let (luma, chroma) = self.planes.split_at_mut(w * h);
        let (cb, cr) = chroma.split_at_mut(w * h / 4);
        let rows = rgba.chunks_exact(row_bytes).take(h);
        for (row, out) in rows.zip(luma.chunks_exact_mut(w)) {
            for (px, y) in row[..w * 4].chunks_exact(4).zip(out) {
                *y = luma_of(i32::from(px[0]), i32::from(px[1]), i32::from(px[2]));
            }
        }
        let pairs = rgba.chunks_exact(row_bytes * 2).take(h / 2);
        let half = w / 2;
        for ((rows, cb), cr) in pairs
            .zip(cb.chunks_exact_mut(half))
            .zip(cr.chunks_exact_mut(half))
        {
            let (top, bottom) = rows.split_at(row_bytes);
            let blocks = top[..w * 4].chunks_exact(8).zip(bottom.chunks_exact(8));
            for ((a, b), (cb, cr)) in blocks.zip(cb.iter_mut().zip(cr.iter_mut())) {
                let sum = |c: usize| {
                    i32::from(a[c]) + i32::from(a[c + 4]) + i32::from(b[c]) + i32::from(b[c + 4])
                };
                let (r, g, b) = (sum(0), sum(1), sum(2));
                // The sums are four pixels': two more bits to shift away.
                *cb = chroma_of(CB_R * r + CB_G * g + CB_B * b, SHIFT + 2);
                *cr = chroma_of(CR_R * r + CR_G * g + CR_B * b, SHIFT + 2);
            }
        }
    }
}

fn luma_of(r: i32, g: i32, b: i32) -> u8 {
    let y = 16 + ((Y_R * r + Y_G * g + Y_B * b + (1 << (SHIFT - 1))) >> SHIFT);
    y.clamp(0, 255) as u8
}

/// 128 + `scaled` / 2^`shift`, rounded to the nearest (halves up).
fn chroma_of(scaled: i32, shift: u32) -> u8 {
    (128 + ((scaled + (1 << (shift - 1))) >> shift)).clamp(0, 255) as u8
}

impl YUVSource for Yuv420 {
    fn dimensions(&self) -> (usize, usize) {
        (self.width, self.height)
    }

    fn strides(&self) -> (usize, usize, usize) {
        (self.width, self.width / 2, self.width / 2)
    }

    fn y(&self) -> &[u8] {
        &self.planes[..self.width * self.height]
    }

    fn u(&self) -> &[u8] {
        let luma = self.width * self.height;
        &self.planes[luma..luma + luma / 4]
    }

    fn v(&self) -> &[u8] {
        let luma = self.width * self.height;
        &self.planes[luma + luma / 4..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// BT.709 limited range in floating point, as the standard writes it.
    fn exact(r: f64, g: f64, b: f64) -> (f64, f64, f64) {
        let (r, g, b) = (r / 255.0, g / 255.0, b / 255.0);
        let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
        (
            16.0 + 219.0 * y,
            128.0 + 224.0 * (b - y) / 1.8556,
            128.0 + 224.0 * (r - y) / 1.5748,
        )
    }

    fn flat(r: u8, g: u8, b: u8) -> Yuv420 {
        let (w, h) = (4, 2);
        let rgba: Vec<u8> = (0..w * h).flat_map(|_| [r, g, b, 255]).collect();
        let mut yuv = Yuv420::new(w, h);
        yuv.read_rgba(&rgba, w * 4);
        yuv
    }

    #[test]
    fn white_black_and_greys_have_no_colour() {
        for level in [0u8, 1, 77, 128, 200, 254, 255] {
            let yuv = flat(level, level, level);
            assert!(yuv.u().iter().chain(yuv.v()).all(|&c| c == 128), "{level}");
        }
        assert!(flat(255, 255, 255).y().iter().all(|&y| y == 235));
        assert!(flat(0, 0, 0).y().iter().all(|&y| y == 16));
    }

    #[test]
    fn every_colour_is_the_standards_rounded() {
        for r in (0..=255u8).step_by(15) {
            for g in (0..=255u8).step_by(17) {
                for b in [0u8, 1, 50, 128, 230, 255] {
                    let yuv = flat(r, g, b);
                    let (y, cb, cr) = exact(r.into(), g.into(), b.into());
                    let got = (yuv.y()[0], yuv.u()[0], yuv.v()[0]);
                    // Half a level from rounding, a little more from the 16-bit weights.
                    let close = |got: u8, want: f64| (f64::from(got) - want).abs() <= 0.51;
                    assert!(
                        close(got.0, y) && close(got.1, cb) && close(got.2, cr),
                        "({r}, {g}, {b}): {got:?} for {:?}",
                        (y, cb, cr)
                    );
                }
            }
        }
    }

    #[test]
    fn colour_is_the_mean_of_four_pixels_and_rows_may_be_longer() {
        // 2×2 pixels inside rows of three pixels: red, blue / red, blue; the third column is
        // not part of the picture.
        let mut rgba = Vec::new();
        for _ in 0..2 {
            rgba.extend_from_slice(&[255, 0, 0, 255, 0, 0, 255, 255, 9, 9, 9, 255]);
        }
        let mut yuv = Yuv420::new(2, 2);
        yuv.read_rgba(&rgba, 12);
        assert_eq!(yuv.y(), [luma_of(255, 0, 0), luma_of(0, 0, 255)].repeat(2));
        let (_, cb, cr) = exact(127.5, 0.0, 127.5);
        assert_eq!(
            (yuv.u(), yuv.v()),
            (&[cb.round() as u8][..], &[cr.round() as u8][..])
        );
    }
}
