//! Frame timing of the real window, for measuring: with `--frame-stats` the viewer redraws
//! continuously and prints, once a second, how many frames it drew and how long they took, so
//! that panning a big layer can be measured in a window and not only in a benchmark.

use std::time::{Duration, Instant};

/// Frame intervals and the time spent building each frame's UI, over the current second.
#[derive(Debug)]
pub struct FrameStats {
    last_frame: Option<Instant>,
    window_start: Instant,
    /// Time from one frame's start to the next's: everything, painting included.
    intervals_ms: Vec<f32>,
    /// Time in the app's `ui`: panels, scene, map, hit-testing (not tessellation or GL).
    ui_ms: Vec<f32>,
}

/// One second's figures.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameReport {
    pub frames: usize,
    pub seconds: f32,
    pub mean_interval_ms: f32,
    pub p95_interval_ms: f32,
    pub max_interval_ms: f32,
    pub mean_ui_ms: f32,
}

impl FrameReport {
    pub fn fps(&self) -> f32 {
        if self.mean_interval_ms > 0.0 {
            1000.0 / self.mean_interval_ms
        } else {
            0.0
        }
    }
}

impl std::fmt::Display for FrameReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "frame-stats: {} frames in {:.2} s, {:.1} fps; interval mean {:.1} ms, p95 {:.1} ms, max {:.1} ms; ui {:.2} ms",
            self.frames,
            self.seconds,
            self.fps(),
            self.mean_interval_ms,
            self.p95_interval_ms,
            self.max_interval_ms,
            self.mean_ui_ms
        )
    }
}

impl Default for FrameStats {
    fn default() -> Self {
        FrameStats::new(Instant::now())
    }
}

impl FrameStats {
    pub fn new(now: Instant) -> Self {
        FrameStats {
            last_frame: None,
            window_start: now,
            intervals_ms: Vec::new(),
            ui_ms: Vec::new(),
        }
    }

    /// Records a frame that started at `start` and spent `ui` in the app; once a second has
    /// passed since the last report, returns the report of that second and starts anew.
    pub fn frame(&mut self, start: Instant, ui: Duration) -> Option<FrameReport> {
        if let Some(last) = self.last_frame {
            self.intervals_ms
                .push(start.saturating_duration_since(last).as_secs_f32() * 1000.0);
            self.ui_ms.push(ui.as_secs_f32() * 1000.0);
        }
        self.last_frame = Some(start);
        let seconds = start
            .saturating_duration_since(self.window_start)
            .as_secs_f32();
        if seconds < 1.0 || self.intervals_ms.is_empty() {
            return None;
        }
        let report = summarise(&mut self.intervals_ms, &self.ui_ms, seconds);
        self.intervals_ms.clear();
        self.ui_ms.clear();
        self.window_start = start;
        Some(report)
    }
}

fn summarise(intervals_ms: &mut [f32], ui_ms: &[f32], seconds: f32) -> FrameReport {
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len().max(1) as f32;
    intervals_ms.sort_by(f32::total_cmp);
    let p95 = intervals_ms
        .get((intervals_ms.len() * 95).div_ceil(100).saturating_sub(1))
        .copied()
        .unwrap_or(0.0);
    FrameReport {
        frames: intervals_ms.len(),
        seconds,
        mean_interval_ms: mean(intervals_ms),
        p95_interval_ms: p95,
        max_interval_ms: intervals_ms.last().copied().unwrap_or(0.0),
        mean_ui_ms: mean(ui_ms),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_once_a_second_with_the_intervals_of_that_second() {
        let t0 = Instant::now();
        let mut stats = FrameStats::new(t0);
        let ms = Duration::from_millis;
        // 20 frames 10 ms apart, then one slow frame of 100 ms: 21 intervals over 0.3 s.
        let mut at = t0;
        for _ in 0..=20 {
            assert_eq!(stats.frame(at, ms(2)), None);
            at += ms(10);
        }
        at += ms(90);
        assert_eq!(stats.frame(at, ms(2)), None, "only 0.3 s have passed");
        // Frames every 50 ms until a second has passed.
        let mut report = None;
        while report.is_none() {
            at += ms(50);
            report = stats.frame(at, ms(4));
        }
        let report = report.expect("a report after a second");
        assert!(report.seconds >= 1.0 && report.seconds < 1.06, "{report:?}");
        assert_eq!(report.max_interval_ms.round(), 100.0);
        assert!(report.mean_interval_ms > 10.0 && report.mean_interval_ms < 50.0);
        assert!(report.mean_ui_ms > 2.0 && report.mean_ui_ms < 4.0);
        assert_eq!(report.p95_interval_ms.round(), 50.0);
        // The next second starts empty.
        at += ms(10);
        assert_eq!(stats.frame(at, ms(1)), None);
        assert!(report.to_string().starts_with("frame-stats: "));
    }
}
