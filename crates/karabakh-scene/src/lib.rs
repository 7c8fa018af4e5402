//! The scene: what is visible on a day in a view, as styled primitives in screen space.
//!
//! One function, [`build`], decides what is drawn and how; the window paints its result with
//! egui and the exporter writes the same result as SVG, so a slide looks like the screen.
//! Geometry is projected and triangulated once ([`Prepared`]); a scene only transforms it.

mod build;
mod clip;
pub mod compare;
pub mod furniture;
mod grid;
pub mod hatch;
mod hit;
mod items;
pub mod labels;
pub mod measure;
mod placing;
pub mod prepare;
mod presence;
pub mod relief;
mod scene;
mod shape;
pub mod slide;
pub mod style;
pub mod view;

pub use build::{build, build_padded, is_of_the_day};
pub use hit::{HIT_TOLERANCE, segment_distance};
pub use placing::Placing;
pub use prepare::{Part, Path, Prepared};
pub use presence::{EVENT_FADE_DAYS, presence};
pub use scene::{Scene, SceneInputs, Visible, emphasis_shapes};
pub use shape::{Item, Label, LabelStyle, MeshShape, RasterShape, Shape};
pub use view::{View, World};
