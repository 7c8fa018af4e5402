//! What can go wrong making a picture or writing it, in words a user can act on.

use std::path::PathBuf;

use crate::MAX_SIDE;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{width}×{height} at scale {scale} is larger than {MAX_SIDE} pixels a side")]
    TooLarge { width: f32, height: f32, scale: f32 },

    /// The SVG library panicked: a bug of its own must not take the window down.
    #[error("the SVG renderer failed on this picture")]
    RendererPanicked,

    #[error("SVG: {0}")]
    Svg(#[from] resvg::usvg::Error),

    #[error("image size out of range")]
    SizeOutOfRange,

    #[error("PNG: {0}")]
    Png(#[source] Box<dyn std::error::Error + Send + Sync>),

    #[error("animation: {0}")]
    Animation(String),

    #[error("PDF: {0}")]
    Pdf(String),

    #[error("cancelled")]
    Cancelled,

    #[error("nothing to animate: no frames")]
    NothingToAnimate,

    #[error("nothing to put in the deck: no chapters, or no event begins in those days")]
    EmptyDeck,

    #[error("{}: already exists", path.display())]
    Exists { path: PathBuf },

    #[error("{}: not a file name", path.display())]
    NotAFileName { path: PathBuf },

    #[error("{}: cannot write: there is no folder {}", path.display(), dir.display())]
    NoFolder { path: PathBuf, dir: PathBuf },

    #[error("{}: cannot write: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}
