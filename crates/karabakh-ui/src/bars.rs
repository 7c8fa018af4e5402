//! The bars above and below the map: tools, the date and the search on top; the pointer's
//! place, the zoom and what is shown at the bottom.

use egui::RichText;

use crate::AtlasApp;
use crate::search::Hit;

impl AtlasApp {
    pub(crate) fn top_bar_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            ui.heading("Karabakh Atlas");
            ui.separator();
            self.file_menu_ui(ui);
            self.edit_menu_ui(ui);
            self.tools_ui(ui);
            ui.separator();
            let date = if self.state.all_dates {
                "All dates".to_owned()
            } else {
                self.state.day.to_string()
            };
            ui.label(RichText::new(date).size(24.0).strong());
            ui.separator();
            let taken = self.search.ui(
                ui,
                &self.dataset,
                self.revision,
                self.state.names,
                self.state.shown_day(),
            );
            if let Some(label) = self.loads.label() {
                ui.separator();
                ui.spinner();
                // A long file name is cut at the window's edge, whole on hover.
                let text = format!("Loading {label}…");
                ui.add(egui::Label::new(&text).truncate())
                    .on_hover_text(text);
            }
            if let Some(hit) = taken {
                self.take_search_hit(hit);
            }
        });
    }

    /// Measure, Help, Presentation, Stories, Compare, Export.
    fn tools_ui(&mut self, ui: &mut egui::Ui) {
        let measuring = self.state.ruler.is_some();
        if ui
            .selectable_label(measuring, "Measure")
            .on_hover_text("Ruler: click points on the map (M)")
            .clicked()
        {
            self.toggle_ruler();
        }
        if ui
            .button("Help")
            .on_hover_text("Keyboard shortcuts (? or F1)")
            .clicked()
        {
            self.help = !self.help;
        }
        if ui
            .button("Presentation")
            .on_hover_text("Panels hidden, the slide on the map (P; Esc leaves)")
            .clicked()
        {
            self.state.presentation = true;
        }
        if ui
            .selectable_label(self.stories.open, "Stories")
            .on_hover_text("Chapters of the window as it is, saved and played as a tour")
            .clicked()
        {
            // Standing aside for a tour, it comes back rather than closing.
            self.stories.open = !self.stories.open || self.stories.stands_aside;
            self.stories.stands_aside = false;
        }
        if ui
            .selectable_label(self.compare.open, "Compare")
            .on_hover_text("Two dates at once: a swipe divider or two maps, and what changed")
            .clicked()
        {
            if self.compare.open {
                self.compare.open = false;
            } else {
                self.open_compare();
            }
        }
        self.export_menu_ui(ui);
    }

    /// Export → Slide… (the view as PNG or SVG), Animation…, Deck… (PDF).
    fn export_menu_ui(&mut self, ui: &mut egui::Ui) {
        ui.menu_button("Export", |ui| {
            if ui
                .button("Slide…")
                .on_hover_text("The view as PNG or SVG (Ctrl+E)")
                .clicked()
            {
                self.open_export();
                ui.close();
            }
            if ui
                .button("Animation…")
                .on_hover_text("A range of days or a story as a GIF, every frame a slide")
                .clicked()
            {
                self.open_animation();
                ui.close();
            }
            if ui
                .button("Deck…")
                .on_hover_text(
                    "A story or the events of a range of days as a PDF, a slide per page",
                )
                .clicked()
            {
                self.open_deck();
                ui.close();
            }
        });
    }

    /// A search result taken: a feature is selected and flown to, a passage opened.
    fn take_search_hit(&mut self, hit: Hit) {
        match hit {
            Hit::Feature { index, .. } => self.select_and_fly(&[index]),
            Hit::Text { doc, span, .. } => {
                self.state.document = Some(doc.clone());
                self.documents.reveal = Some((doc, span));
            }
        }
    }

    pub(crate) fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            match self.state.cursor {
                Some((lon, lat)) => ui.label(format!("{lat:.4}° N, {lon:.4}° E")),
                None => ui.label("—"),
            };
            ui.separator();
            if let Some(view) = self.map.view {
                ui.label(format!("zoom {:.1}", view.zoom));
                ui.separator();
            }
            let shown = self.map.shown_counts(&self.dataset, &self.prepared).total;
            ui.label(format!(
                "{shown} of {} features shown",
                self.dataset.features.len()
            ));
            if !self.dataset.problems.is_empty() {
                ui.separator();
                self.problems_link_ui(ui);
            }
        });
    }

    /// Problems of one's own files, once dismissed, come back from here; `check` says more of
    /// a dossier's.
    fn problems_link_ui(&mut self, ui: &mut egui::Ui) {
        let text = RichText::new(format!(
            "{} data problem(s): show",
            self.dataset.problems.len()
        ))
        .color(egui::Color32::from_rgb(0xb0, 0x1e, 0x2d));
        let link = ui.link(text).on_hover_text(
            "List them in the Messages window (`karabakh-atlas check` reports on a dossier folder)",
        );
        if link.clicked() {
            for problem in &self.dataset.problems {
                let notice = problem.to_string();
                if !self.notices.contains(&notice) {
                    self.notices.push(notice);
                }
            }
        }
    }
}
