//! Karabakh Atlas: a desktop map of the Nagorno-Karabakh region, date by date, where every
//! thing on the map links to the passages of the source documents that speak of it.
//!
//! The application package: the command line (`main.rs`) over the workspace's crates, which are
//! the layers (see the README's "For developers"). This library only names them, so that the
//! tests, benchmarks and examples reach every layer by one path.

pub use karabakh_data as data;
pub use karabakh_export as export;
pub use karabakh_map as map;
pub use karabakh_scene as scene;
pub use karabakh_time as time;
pub use karabakh_ui as ui;
