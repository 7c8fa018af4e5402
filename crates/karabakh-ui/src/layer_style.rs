//! The style of a user's own layer, changed in its legend entry: colour, opacity of the fills,
//! width of the lines. Kept in the state (and saved with it), so it stays as the user set it.

use karabakh_data::Kind;
use karabakh_scene::style::LayerLook;

use crate::state::UiState;

/// Whether a layer's kinds are those of other people's files, whose look the user may change.
pub fn is_users_layer(kinds: impl IntoIterator<Item = Kind>) -> bool {
    kinds
        .into_iter()
        .any(|k| matches!(k, Kind::Area | Kind::Line | Kind::Place))
}

/// The look of the `n`th layer: the user's, or its palette colour.
pub fn look_of(state: &UiState, id: &str, n: usize) -> LayerLook {
    state
        .layer_looks
        .get(id)
        .copied()
        .unwrap_or_else(|| LayerLook::default_for(n))
}

/// Colour, opacity and width of the `n`th layer, `id`.
pub fn layer_style_ui(ui: &mut egui::Ui, id: &str, n: usize, state: &mut UiState) {
    let mut look = look_of(state, id, n);
    let before = look;
    ui.horizontal(|ui| {
        ui.color_edit_button_srgba(&mut look.color)
            .on_hover_text("Colour of the layer");
        ui.add(
            egui::Slider::new(&mut look.opacity, 0.0..=1.0)
                .text("fill")
                .fixed_decimals(2),
        )
        .on_hover_text("Opacity of the fills");
    });
    ui.add(
        egui::Slider::new(&mut look.width, 0.5..=6.0)
            .text("line width")
            .fixed_decimals(1),
    );
    if look != before {
        state.layer_looks.insert(id.to_owned(), look);
    }
}
