//! Karabakh Atlas: a desktop map of the Nagorno-Karabakh region, date by date, where every
//! thing on the map links to the passages of the source documents that speak of it.
//!
//! Data flows one way: files → [`data`] (validated model) → [`time`] (what holds on a day) →
//! [`scene`] (what is drawn, in screen space) → [`map`] and [`ui`] (the window), and
//! [`export`] (the same scene as SVG and PNG).

pub mod data;
pub mod export;
pub mod map;
pub mod scene;
pub mod time;
pub mod ui;
