//! MP4 video: frames encoded as H.264 by Cisco's OpenH264 (the `openh264` crate builds it from
//! its source, so nothing has to be installed) and written into an MP4 file by the `mp4` crate.
//! Each frame is encoded as it comes and its bytes go to the file at once: only the table of
//! sample sizes grows with the length, never the pictures.
//!
//! A held picture (a story's chapter) is one sample that lasts its frames, as in the GIF.

use std::io::{Seek, Write};

use openh264::OpenH264API;
use openh264::encoder::{
    BitRate, Encoder, EncoderConfig, FrameRate, FrameType, IntraFramePeriod, QpRange,
    RateControlMode, UsageType,
};

use crate::Error;
use crate::yuv::{self, Yuv420};

/// The MP4 track's id (the only track).
const TRACK: u32 = 1;

fn video_error(e: impl std::fmt::Display) -> Error {
    Error::Animation(format!("video: {e}"))
}

/// An MP4 file being written, a frame at a time.
pub struct Mp4Writer<W: Write + Seek> {
    encoder: Encoder,
    /// Made at the first frame, once the encoder has said its parameter sets.
    mp4: Option<mp4::Mp4Writer<W>>,
    out: Option<W>,
    yuv: Yuv420,
    /// The size of the frames given; the video's is that cut to even numbers (H.264's 4:2:0
    /// colour needs them even).
    given: (u32, u32),
    width: u32,
    height: u32,
    fps: u32,
    /// Where the next sample starts, in frames (the track's time unit).
    time: u64,
}

impl<W: Write + Seek> Mp4Writer<W> {
    /// A video of `width` × `height` frames (straight RGBA) at `fps` frames a second.
    pub fn new(out: W, width: u32, height: u32, fps: u32) -> Result<Self, Error> {
        let (even_w, even_h) = (width & !1, height & !1);
        if even_w < 16 || even_h < 16 || even_w > 4096 || even_h > 4096 {
            return Err(Error::Animation(format!(
                "{width}×{height}: a video must be from 16 to 4096 pixels a side"
            )));
        }
        let pixels = f64::from(even_w) * f64::from(even_h);
        // Maps are flat colours and fine text: about a fifth of a bit per pixel keeps the
        // labels sharp (1.5 Mbit/s at 1280×720 and 8 frames a second).
        let bits = (pixels * f64::from(fps) * 0.2).clamp(300_000.0, 20_000_000.0) as u32;
        let config = EncoderConfig::new()
            .usage_type(UsageType::ScreenContentRealTime)
            .rate_control_mode(RateControlMode::Bufferbased)
            .bitrate(BitRate::from_bps(bits))
            .max_frame_rate(FrameRate::from_hz(fps as f32))
            // Every frame given is a frame of the video: the encoder must not drop any.
            .skip_frames(false)
            // Neither is offered for screen content (OpenH264 says so on stderr otherwise).
            .adaptive_quantization(false)
            .background_detection(false)
            // A key frame every five seconds, so that a player can seek.
            .intra_frame_period(IntraFramePeriod::from_num_frames(fps * 5))
            // Fine enough for the labels' small text (OpenH264's default lets it blur).
            .qp(QpRange::new(12, 20))
            // The colours as `yuv` converts them, said in the stream.
            .vui(yuv::VUI);
        let encoder =
            Encoder::with_api_config(OpenH264API::from_source(), config).map_err(video_error)?;
        Ok(Mp4Writer {
            encoder,
            mp4: None,
            out: Some(out),
            yuv: Yuv420::new(even_w as usize, even_h as usize),
            given: (width, height),
            width: even_w,
            height: even_h,
            fps,
            time: 0,
        })
    }

    /// The video's size: the frames' cut to even numbers.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Adds a frame (straight RGBA, the size given to [`Mp4Writer::new`]) that lasts `frames`
    /// frames.
    pub fn frame(&mut self, rgba: &[u8], frames: u32) -> Result<(), Error> {
        let (gw, gh) = (self.given.0 as usize, self.given.1 as usize);
        if rgba.len() != gw * gh * 4 {
            return Err(Error::Animation(format!(
                "a frame of {} bytes where {} were expected",
                rgba.len(),
                gw * gh * 4
            )));
        }
        // An odd last column or row is left out.
        self.yuv.read_rgba(rgba, gw * 4);
        let encoded = self.encoder.encode(&self.yuv).map_err(video_error)?;
        let is_sync = encoded.frame_type() == FrameType::IDR;
        let annex_b = encoded.to_vec();
        let nals = NalUnits::of(&annex_b);
        if self.mp4.is_none() {
            let out = self.out.take().ok_or_else(|| video_error("no output"))?;
            self.mp4 = Some(self.start(out, &nals)?);
        }
        let mp4 = self.mp4.as_mut().ok_or_else(|| video_error("no output"))?;
        let sample = mp4::Mp4Sample {
            start_time: self.time,
            duration: frames.max(1),
            rendering_offset: 0,
            is_sync,
            bytes: bytes::Bytes::from(nals.length_prefixed()),
        };
        mp4.write_sample(TRACK, &sample).map_err(video_error)?;
        self.time += u64::from(frames.max(1));
        Ok(())
    }

    /// Starts the file with the track whose parameter sets the first frame carries.
    fn start(&self, out: W, nals: &NalUnits) -> Result<mp4::Mp4Writer<W>, Error> {
        let (Some(sps), Some(pps)) = (nals.of_type(7), nals.of_type(8)) else {
            return Err(video_error("the encoder gave no parameter sets"));
        };
        let config = mp4::Mp4Config {
            major_brand: str::parse("isom").map_err(video_error)?,
            minor_version: 512,
            compatible_brands: ["isom", "iso2", "avc1", "mp41"]
                .iter()
                .filter_map(|b| str::parse(b).ok())
                .collect(),
            timescale: 1000,
        };
        let mut mp4 = mp4::Mp4Writer::write_start(out, &config).map_err(video_error)?;
        let track = mp4::TrackConfig {
            track_type: mp4::TrackType::Video,
            timescale: self.fps,
            language: "und".to_owned(),
            media_conf: mp4::MediaConfig::AvcConfig(mp4::AvcConfig {
                width: self.width as u16,
                height: self.height as u16,
                seq_param_set: sps.to_vec(),
                pic_param_set: pps.to_vec(),
            }),
        };
        mp4.add_track(&track).map_err(video_error)?;
        Ok(mp4)
    }

    /// Ends the file: writes its index.
    pub fn finish(self) -> Result<(), Error> {
        let Some(mut mp4) = self.mp4 else {
            return Err(Error::NothingToAnimate);
        };
        mp4.write_end().map_err(video_error)?;
        let mut out = mp4.into_writer();
        out.flush().map_err(video_error)
    }
}

/// The NAL units of an Annex B stream (each after a 00 00 01 or 00 00 00 01 start code).
struct NalUnits<'a>(Vec<&'a [u8]>);

impl<'a> NalUnits<'a> {
    fn of(stream: &'a [u8]) -> Self {
        let mut starts = Vec::new();
        let mut i = 0;
        while i + 3 <= stream.len() {
            if stream[i..i + 3] == [0, 0, 1] {
                starts.push((i, i + 3));
                i += 3;
            } else {
                i += 1;
            }
        }
        let mut units = Vec::with_capacity(starts.len());
        for (n, &(_, begin)) in starts.iter().enumerate() {
            let end = starts.get(n + 1).map_or(stream.len(), |&(code, _)| code);
            // A four-byte start code leaves its first zero at the end of the unit before.
            let mut unit = &stream[begin..end];
            while let [rest @ .., 0] = unit {
                unit = rest;
            }
            if !unit.is_empty() {
                units.push(unit);
            }
        }
        NalUnits(units)
    }

    /// The first unit of `kind` (7: sequence parameter set, 8: picture parameter set).
    fn of_type(&self, kind: u8) -> Option<&'a [u8]> {
        self.0.iter().copied().find(|u| u[0] & 0x1f == kind)
    }

    /// The picture's units, each after its length in four bytes, as MP4 keeps them; the
    /// parameter sets are in the track's header instead.
    fn length_prefixed(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for unit in self.0.iter().filter(|u| !matches!(u[0] & 0x1f, 7 | 8)) {
            out.extend_from_slice(&(unit.len() as u32).to_be_bytes());
            out.extend_from_slice(unit);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_split_at_three_and_four_byte_start_codes() {
        let stream = [
            0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 1, 0x65, 4, 5,
        ];
        let units = NalUnits::of(&stream);
        assert_eq!(units.0, vec![&[0x67, 1, 2][..], &[0x68, 3], &[0x65, 4, 5]]);
        assert_eq!(units.of_type(7), Some(&[0x67, 1, 2][..]));
        assert_eq!(units.of_type(8), Some(&[0x68, 3][..]));
        assert_eq!(units.length_prefixed(), vec![0, 0, 0, 3, 0x65, 4, 5]);
    }

    #[test]
    fn a_video_of_odd_size_is_cut_to_even_and_written() {
        let (w, h) = (65, 33);
        let mut out = std::io::Cursor::new(Vec::new());
        let mut video = Mp4Writer::new(&mut out, w, h, 4).expect("an encoder");
        assert_eq!(video.size(), (64, 32));
        let mut rgba = vec![255u8; (w * h * 4) as usize];
        video.frame(&rgba, 1).expect("a frame");
        rgba.iter_mut().step_by(3).for_each(|b| *b = 40);
        video.frame(&rgba, 3).expect("a held frame");
        assert!(
            video.frame(&rgba[4..], 1).is_err(),
            "a frame of the wrong size"
        );
        video.finish().expect("the end");
        let bytes = out.into_inner();
        assert_eq!(&bytes[4..8], b"ftyp");
        let reader = mp4::Mp4Reader::read_header(std::io::Cursor::new(&bytes), bytes.len() as u64)
            .expect("an MP4 the mp4 crate reads");
        let track = reader.tracks().get(&TRACK).expect("the video track");
        assert_eq!(track.sample_count(), 2);
        assert_eq!((track.width(), track.height()), (64, 32));
    }
}
