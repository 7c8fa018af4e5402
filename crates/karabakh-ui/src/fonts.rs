//! Bundled fonts: Noto Sans for Latin (Azerbaijani ə included) and Noto Sans Armenian, which
//! egui's default fonts lack.

use std::sync::Arc;

/// Adds the bundled fonts as fallbacks, so egui's own look is kept.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    for (name, bytes) in [
        (
            "noto-sans",
            include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf").as_slice(),
        ),
        (
            "noto-sans-armenian",
            include_bytes!("../../../assets/fonts/NotoSansArmenian-Regular.ttf").as_slice(),
        ),
    ] {
        fonts.font_data.insert(
            name.to_owned(),
            Arc::new(egui::FontData::from_static(bytes)),
        );
        for family in [egui::FontFamily::Proportional, egui::FontFamily::Monospace] {
            fonts
                .families
                .entry(family)
                .or_default()
                .push(name.to_owned());
        }
    }
    ctx.set_fonts(fonts);
}
