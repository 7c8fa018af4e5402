//! Margin marks of the reading view: beside each linked passage, a bar along its lines and the
//! names of what it links to (both usages where they differ, as the feature's name gives them;
//! several features a short list), so that a page of links says what each one is without
//! hovering. The marks of the selected feature's passages are drawn strong, the rest quiet.

use egui::{FontId, Pos2, Stroke};
use karabakh_data::Dataset;

/// The width of the margin right of the text, in points.
pub const WIDTH: f32 = 112.0;
/// How many names a mark lists before "+N".
const LISTED: usize = 2;

/// The words of the mark of a passage linked to `features`: events by their short name,
/// other features by their name; more than two as "A, B +3".
pub fn mark_text(dataset: &Dataset, features: &[usize]) -> String {
    let names: Vec<&str> = features
        .iter()
        .filter_map(|&i| dataset.features.get(i))
        .map(|f| {
            f.extra
                .get("short_name")
                .map_or(f.names.display.as_str(), String::as_str)
        })
        .collect();
    let mut text = names
        .iter()
        .take(LISTED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > LISTED {
        text.push_str(&format!(" +{}", names.len() - LISTED));
    }
    text
}

/// One mark: the lines of the passage on screen (top and bottom), its words, and whether it
/// is a passage of the selection.
pub struct Mark {
    pub top: f32,
    pub bottom: f32,
    pub text: String,
    pub strong: bool,
}

/// Paints `marks` in the margin starting at `left`: a bar along each passage, its words beside
/// the bar from the passage's first line, each below the one before when they would overlap.
/// Returns the lowest point painted.
pub fn paint(ui: &egui::Ui, left: f32, marks: &[Mark]) -> f32 {
    let palette = crate::highlight::palette(ui.visuals().dark_mode);
    let painter = ui.painter();
    let mut free_from = f32::NEG_INFINITY;
    let mut lowest = f32::NEG_INFINITY;
    for (n, mark) in marks.iter().enumerate() {
        // The selection's marks in the text's own colour.
        let color = if mark.strong {
            palette.text
        } else {
            palette.margin
        };
        // Bars of passages that overlap step right, so that each stays visible.
        let x = left + 3.0 + (n % 3) as f32 * 3.0;
        painter.line_segment(
            [
                Pos2::new(x, mark.top + 1.0),
                Pos2::new(x, mark.bottom - 1.0),
            ],
            Stroke::new(if mark.strong { 3.0 } else { 2.0 }, color),
        );
        let font = FontId::proportional(11.5);
        let galley = painter.layout(mark.text.clone(), font, color, WIDTH - 16.0);
        let top = mark.top.max(free_from);
        let at = Pos2::new(left + 13.0, top);
        painter.galley(at, galley.clone(), color);
        free_from = top + galley.size().y + 2.0;
        lowest = lowest.max(free_from).max(mark.bottom);
    }
    lowest
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_names_both_usages_and_lists_many_features_shortly() {
        let d = karabakh_data::load_embedded();
        let index = |id: &str| d.feature_index(id).expect(id);
        let stepanakert = index("town-stepanakert");
        let text = mark_text(&d, &[stepanakert]);
        assert!(
            text.contains("Stepanakert") && text.contains("Khankendi"),
            "{text}"
        );
        let evacuees = index("event-2023-first-evacuees");
        assert_eq!(mark_text(&d, &[evacuees]), "First evacuees");
        let many = [stepanakert, evacuees, index("town-goris"), index("armenia")];
        assert!(mark_text(&d, &many).ends_with(" +2"));
    }
}
