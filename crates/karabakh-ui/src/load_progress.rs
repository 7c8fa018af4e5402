//! A layer's progress while it is read and prepared on a worker thread, shown as its entry in
//! the legend: a bar with the share of features prepared, then, once merged, "drawing…" beside
//! the layer until the map's scene holds it. The map keeps drawing what it has meanwhile.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Counters a loading thread updates and the legend reads.
#[derive(Debug, Default)]
pub struct LoadProgress {
    /// Features to prepare; 0 while the files are still being read.
    pub total: AtomicUsize,
    /// Features prepared so far.
    pub done: AtomicUsize,
}

/// What the legend shows of loads under way.
#[derive(Debug, Default)]
pub struct LegendProgress {
    /// The files being read, and (prepared, to prepare) once reading is done.
    pub loading: Option<(String, Option<(usize, usize)>)>,
    /// Layers merged whose features the map's scene does not show yet.
    pub drawing: Vec<String>,
}

impl LoadProgress {
    /// (prepared, to prepare), or None while the files are read.
    pub fn counts(&self) -> Option<(usize, usize)> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| (self.done.load(Ordering::Relaxed).min(total), total))
    }
}

/// The words of a load's entry: "Reading …" then "Preparing …: 27 % (12,150 of 45,000)".
pub fn entry_text(label: &str, counts: Option<(usize, usize)>) -> String {
    match counts {
        None => format!("Reading {label}…"),
        Some((done, total)) => format!(
            "Preparing {label}: {} % ({} of {})",
            percent(done, total),
            karabakh_scene::compare::thousands(done as f64),
            karabakh_scene::compare::thousands(total as f64)
        ),
    }
}

fn percent(done: usize, total: usize) -> usize {
    (done * 100).checked_div(total).unwrap_or(100)
}

impl LegendProgress {
    /// The entry of the load under way, after the layers: its name, a bar and the share done.
    pub fn loading_ui(&self, ui: &mut egui::Ui) {
        let Some((label, counts)) = &self.loading else {
            return;
        };
        ui.horizontal(|ui| {
            ui.spinner();
            // Wrapped: a long file name and the counts ran past the panel's edge.
            let text = egui::RichText::new(entry_text(label, *counts)).strong();
            ui.add(egui::Label::new(text).wrap());
        });
        let fraction = counts.map_or(0.0, |(done, total)| percent(done, total) as f32 / 100.0);
        ui.indent("loading-progress", |ui| {
            ui.add(
                egui::ProgressBar::new(fraction)
                    .desired_width(ui.available_width().min(200.0))
                    .desired_height(8.0),
            );
        });
        // The bar moves without input: ask for frames while it does.
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }

    /// Beside a merged layer's title while the map makes the scene that shows it.
    pub fn drawing_ui(&self, ui: &mut egui::Ui, layer: &str) {
        if self.drawing.iter().any(|id| id == layer) {
            ui.spinner();
            ui.label(egui::RichText::new("drawing…").small().italics());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_entry_says_what_is_done() {
        assert_eq!(entry_text("big.geojson", None), "Reading big.geojson…");
        assert_eq!(
            entry_text("big.geojson", Some((12_150, 45_000))),
            "Preparing big.geojson: 27 % (12,150 of 45,000)"
        );
        let progress = LoadProgress::default();
        assert_eq!(progress.counts(), None);
        progress.total.store(10, Ordering::Relaxed);
        progress.done.store(12, Ordering::Relaxed);
        assert_eq!(progress.counts(), Some((10, 10)));
    }
}
