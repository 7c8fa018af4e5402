//! A file being written on a worker thread for an export window (an animation, a deck): the
//! worker reports each step, the window shows a bar with the time left and Cancel, and never
//! waits for the worker.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::Instant;

use egui::RichText;
use karabakh_export::Error;
use karabakh_export::animate::Progress;

/// Word from the worker thread.
enum Report<T> {
    Progress(Progress),
    Done(Result<T, Error>),
}

/// What the worker has come to, polled once a frame.
pub enum Outcome<T> {
    /// Still working.
    Working,
    /// Finished, written or not.
    Done(Result<T, Error>),
    /// The worker stopped without a word (it panicked).
    Lost,
}

/// Work on a worker thread that reports progress and may be cancelled.
pub struct Job<T> {
    rx: Receiver<Report<T>>,
    cancel: Arc<AtomicBool>,
    started: Instant,
    progress: Progress,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a worker thread, `total` steps long. `work` is given the callback to
    /// call after each step; it returns false once the user has cancelled. The window is
    /// repainted on each report.
    pub fn spawn<W>(ctx: &egui::Context, total: u32, work: W) -> Job<T>
    where
        W: FnOnce(&mut dyn FnMut(Progress) -> bool) -> Result<T, Error> + Send + 'static,
    {
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        let repaint = ctx.clone();
        std::thread::spawn(move || {
            let mut progress = |p: Progress| {
                let _ = tx.send(Report::Progress(p));
                repaint.request_repaint();
                !stop.load(Ordering::Relaxed)
            };
            let result = work(&mut progress);
            let _ = tx.send(Report::Done(result));
            repaint.request_repaint();
        });
        Job {
            rx,
            cancel,
            started: Instant::now(),
            progress: Progress { done: 0, total },
        }
    }

    /// Takes the worker's reports.
    pub fn poll(&mut self) -> Outcome<T> {
        loop {
            match self.rx.try_recv() {
                Ok(Report::Progress(p)) => self.progress = p,
                Ok(Report::Done(result)) => return Outcome::Done(result),
                Err(TryRecvError::Empty) => return Outcome::Working,
                Err(TryRecvError::Disconnected) => return Outcome::Lost,
            }
        }
    }

    /// Asks the worker to stop; it notices after its step.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// The bar ("frame 3 of 40", `unit` naming the step), the time left, and Cancel.
    pub fn ui(&self, ui: &mut egui::Ui, unit: &str) {
        let Progress { done, total } = self.progress;
        let share = done as f32 / total.max(1) as f32;
        let left = if done == 0 {
            "time left: working it out".to_owned()
        } else {
            let per = self.started.elapsed().as_secs_f32() / done as f32;
            format!(
                "about {:.0} s left",
                per * total.saturating_sub(done) as f32
            )
        };
        ui.add(egui::ProgressBar::new(share).text(format!("{unit} {done} of {total}")));
        ui.horizontal(|ui| {
            ui.label(RichText::new(left).weak());
            if ui.button("Cancel").clicked() {
                self.cancel();
            }
        });
    }
}

/// Writes `path` with `write`, whole or not at all (an existing file only if `replace`), and
/// returns what `write` said of it.
pub fn write_file<T>(
    path: &std::path::Path,
    replace: bool,
    mut write: impl FnMut(&mut dyn karabakh_export::Output) -> Result<T, Error>,
) -> Result<T, Error> {
    let mut written = None;
    karabakh_export::write_atomic_with(path, replace, &mut |out| {
        written = Some(write(out)?);
        Ok(())
    })?;
    written.ok_or(Error::NothingToAnimate)
}

/// What an export window says of a finished job: the announcement of a written file (for a
/// notice over the map too), or why nothing was written.
pub fn message_of<T>(outcome: Result<T, Error>, saved: impl FnOnce(T) -> String) -> (String, bool) {
    match outcome {
        Ok(value) => (saved(value), true),
        Err(Error::Cancelled) => ("Cancelled; no file was written.".to_owned(), false),
        Err(e) => (format!("Not written: {e}"), false),
    }
}
