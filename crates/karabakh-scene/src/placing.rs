//! Where a scene's picture lands when the view has moved since it was built: a preview drawn
//! scaled and shifted while the scene for the new view is made.

use emath::{Pos2, pos2};

use crate::shape::Shape;

/// How a scene's picture is placed on the screen: `screen = scene × scale + shift`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Placing {
    pub scale: f32,
    pub shift: emath::Vec2,
}

impl Placing {
    pub const IDENTITY: Placing = Placing {
        scale: 1.0,
        shift: emath::Vec2::ZERO,
    };

    pub fn apply(&self, p: Pos2) -> Pos2 {
        pos2(
            p.x * self.scale + self.shift.x,
            p.y * self.scale + self.shift.y,
        )
    }

    /// From the screen back to the scene.
    pub fn invert(&self, p: Pos2) -> Pos2 {
        pos2(
            (p.x - self.shift.x) / self.scale,
            (p.y - self.shift.y) / self.scale,
        )
    }

    /// A shape moved by this placing (lines keep their width: it is a preview).
    pub fn apply_shape(&self, shape: &Shape) -> Shape {
        let mut moved = shape.clone();
        match &mut moved {
            Shape::Line { points, .. } => points.iter_mut().for_each(|p| *p = self.apply(*p)),
            Shape::Marker { center, .. } => *center = self.apply(*center),
            Shape::Mesh(mesh) => mesh.vertices.iter_mut().for_each(|p| *p = self.apply(*p)),
            Shape::Raster(raster) => raster
                .vertices
                .iter_mut()
                .for_each(|(p, _)| *p = self.apply(*p)),
        }
        moved
    }
}
