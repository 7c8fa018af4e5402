//! Whether online tiles arrive at all: walkers logs a failed download and never says so to the
//! caller, so the tiles asked for and those delivered are watched. When none arrives (every
//! download failed, or none finished in a long while) the window tells the user that the
//! offline basemap is what they see.

use std::time::{Duration, Instant};

use walkers::{TileId, TilePiece, Tiles};

/// After the first tile is asked for, how long to wait before calling the downloads failed
/// once none is under way, and before calling them failed even while some still are (a
/// network that swallows packets never refuses).
const SETTLE: Duration = Duration::from_secs(1);
const GIVE_UP: Duration = Duration::from_secs(20);

/// A tile source, watched for whether any of its tiles arrives.
pub struct WatchedTiles {
    inner: Box<dyn Tiles>,
    /// When the first tile was asked for.
    first_asked: Option<Instant>,
    /// A tile (or a part of one) was delivered.
    delivered: bool,
}

impl WatchedTiles {
    pub fn new(inner: Box<dyn Tiles>) -> Self {
        WatchedTiles {
            inner,
            first_asked: None,
            delivered: false,
        }
    }

    /// What is known of the downloads so far.
    pub fn health(&self) -> TileHealth {
        let Some(asked) = self.first_asked else {
            return TileHealth::Waiting;
        };
        if self.delivered {
            return TileHealth::Arriving;
        }
        let waited = asked.elapsed();
        let idle = self.inner.stats().in_progress == 0;
        if (idle && waited >= SETTLE) || waited >= GIVE_UP {
            TileHealth::Failed
        } else {
            TileHealth::Waiting
        }
    }
}

/// Whether tiles arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TileHealth {
    /// None asked for yet, or the first still on their way.
    Waiting,
    /// At least one arrived.
    Arriving,
    /// Tiles were asked for and none arrived: no network, or the server refuses.
    Failed,
}

impl Tiles for WatchedTiles {
    fn at(&mut self, tile_id: TileId) -> Option<TilePiece> {
        self.first_asked.get_or_insert_with(Instant::now);
        let piece = self.inner.at(tile_id);
        self.delivered |= piece.is_some();
        piece
    }

    fn attribution(&self) -> walkers::sources::Attribution {
        self.inner.attribution()
    }

    fn tile_size(&self) -> u32 {
        self.inner.tile_size()
    }

    fn stats(&self) -> walkers::Stats {
        self.inner.stats()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source that never has a tile and has `in_progress` downloads under way.
    struct Nothing(usize);

    impl Tiles for Nothing {
        fn at(&mut self, _: TileId) -> Option<TilePiece> {
            None
        }
        fn attribution(&self) -> walkers::sources::Attribution {
            walkers::sources::Attribution {
                text: "",
                url: "",
                logo_light: None,
                logo_dark: None,
            }
        }
        fn tile_size(&self) -> u32 {
            256
        }
        fn stats(&self) -> walkers::Stats {
            walkers::Stats {
                in_progress: self.0,
            }
        }
    }

    const TILE: TileId = TileId {
        x: 1,
        y: 1,
        zoom: 2,
    };

    #[test]
    fn tiles_asked_for_and_never_delivered_are_a_failure_once_nothing_is_under_way() {
        let mut tiles = WatchedTiles::new(Box::new(Nothing(0)));
        assert_eq!(tiles.health(), TileHealth::Waiting, "nothing asked yet");
        assert!(tiles.at(TILE).is_none());
        assert_eq!(tiles.health(), TileHealth::Waiting, "just asked");
        tiles.first_asked = Some(Instant::now() - SETTLE);
        assert_eq!(tiles.health(), TileHealth::Failed);

        let mut busy = WatchedTiles::new(Box::new(Nothing(3)));
        busy.first_asked = Some(Instant::now() - SETTLE * 2);
        assert_eq!(busy.health(), TileHealth::Waiting, "downloads under way");
        busy.first_asked = Some(Instant::now() - GIVE_UP);
        assert_eq!(busy.health(), TileHealth::Failed, "under way for too long");
    }
}
