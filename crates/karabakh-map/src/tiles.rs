//! Optional raster tiles under the dossier: OpenStreetMap over HTTP (cached on disk), a local
//! `z/x/y` tile folder, or a raster PMTiles file. They are drawn over the offline basemap, so
//! a tile that does not arrive (no network, a gap in the folder) leaves the basemap showing.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};

use egui::{Color32, Rect, pos2};
use walkers::sources::Attribution;
use walkers::{HttpOptions, HttpTiles, Style, Tile, TileId, TilePiece, Tiles};

use crate::tile_watch::{TileHealth, WatchedTiles};
use karabakh_scene::{View, World};

/// Where OpenStreetMap's tiles are fetched from.
pub const OSM_SERVER: &str = "https://tile.openstreetmap.org";

/// OpenStreetMap's standard tiles, from `server` (the real one but in tests, which point it
/// at an address where nothing answers).
struct OpenStreetMap {
    server: String,
}

impl walkers::sources::TileSource for OpenStreetMap {
    fn tile_url(&self, tile_id: TileId) -> String {
        let TileId { x, y, zoom } = tile_id;
        format!("{}/{zoom}/{x}/{y}.png", self.server)
    }

    fn attribution(&self) -> Attribution {
        walkers::sources::OpenStreetMap.attribution()
    }
}

/// Where tiles come from, as chosen on the command line or in the legend.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TileSource {
    OpenStreetMap,
    /// A folder of `z/x/y.png` (or `.jpg`) tiles.
    Directory(PathBuf),
    /// A raster PMTiles archive.
    PmTiles(PathBuf),
}

/// Why a path given for tiles cannot serve them.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TileSourceError {
    #[error(
        "{}: not a tile folder (z/x/y.png) nor a .pmtiles file: no such file or folder",
        path.display()
    )]
    Missing { path: PathBuf },
    #[error("{}: not a tile folder (z/x/y.png) nor a .pmtiles file", path.display())]
    NotTiles { path: PathBuf },
}

impl TileSource {
    /// A path on the command line: a `.pmtiles` file or a tile folder.
    pub fn from_path(path: &Path) -> Result<TileSource, TileSourceError> {
        let pmtiles = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("pmtiles"));
        if path.is_dir() {
            Ok(TileSource::Directory(path.to_owned()))
        } else if pmtiles && path.is_file() {
            Ok(TileSource::PmTiles(path.to_owned()))
        } else if !path.exists() {
            Err(TileSourceError::Missing {
                path: path.to_owned(),
            })
        } else {
            Err(TileSourceError::NotTiles {
                path: path.to_owned(),
            })
        }
    }

    pub fn label(&self) -> String {
        match self {
            TileSource::OpenStreetMap => "OpenStreetMap (online)".to_owned(),
            TileSource::Directory(p) => format!("tiles from {}", p.display()),
            TileSource::PmTiles(p) => format!("PMTiles {}", p.display()),
        }
    }
}

/// Where downloaded tiles are kept between runs: in the platform's cache folder
/// (`$XDG_CACHE_HOME` or `~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`).
pub fn cache_dir() -> Option<PathBuf> {
    dirs::cache_dir().map(|base| base.join("karabakh-atlas").join("tiles"))
}

/// A live tile layer and the credit it must show.
pub struct TileLayer {
    pub source: TileSource,
    tiles: WatchedTiles,
}

impl TileLayer {
    /// The layer of `source`; OpenStreetMap's tiles come from `osm_server`.
    pub fn new(source: TileSource, osm_server: &str, ctx: &egui::Context) -> TileLayer {
        let tiles: Box<dyn Tiles> = match &source {
            TileSource::OpenStreetMap => {
                let options = HttpOptions {
                    cache: cache_dir(),
                    user_agent: Some(walkers::HeaderValue::from_static(concat!(
                        "karabakh-atlas/",
                        env!("CARGO_PKG_VERSION")
                    ))),
                    ..HttpOptions::default()
                };
                let osm = OpenStreetMap {
                    server: osm_server.trim_end_matches('/').to_owned(),
                };
                Box::new(HttpTiles::with_options(osm, options, ctx.clone()))
            }
            TileSource::Directory(dir) => Box::new(DirTiles::new(dir.clone(), ctx.clone())),
            TileSource::PmTiles(file) => Box::new(walkers::PmTiles::new(file, ctx.clone())),
        };
        TileLayer {
            source,
            tiles: WatchedTiles::new(tiles),
        }
    }

    /// Whether online tiles were asked for and none arrived (local tiles may have gaps: they
    /// are not judged).
    pub fn failed(&self) -> bool {
        self.source == TileSource::OpenStreetMap && self.tiles.health() == TileHealth::Failed
    }

    /// Whether tiles were asked for and it is not yet known if any will arrive.
    pub fn undecided(&self) -> bool {
        self.tiles.health() == TileHealth::Waiting
    }

    /// The credit line the tiles' licence asks for.
    pub fn attribution(&self) -> String {
        match &self.source {
            TileSource::OpenStreetMap => format!("© {}", self.tiles.attribution().text),
            other => other.label(),
        }
    }

    /// Paints the tiles covering `view`.
    pub fn paint(&mut self, painter: &egui::Painter, view: &View) {
        let tile_size = self.tiles.tile_size().max(1);
        let offset = (f64::from(tile_size) / 256.0).log2().round() as i32;
        let zoom = (view.zoom.round() as i32 - offset).clamp(0, 22) as u8;
        let count = 1u32 << zoom;
        let n = f64::from(count);
        let (min, max) = view.world_bounds();
        let index = |v: f64| ((v * n).floor().max(0.0) as u32).min(count - 1);
        let (x0, x1, y0, y1) = (index(min.x), index(max.x), index(min.y), index(max.y));
        // A guard against a degenerate view asking for millions of tiles.
        if u64::from(x1 - x0 + 1) * u64::from(y1 - y0 + 1) > 1024 {
            return;
        }
        for y in y0..=y1 {
            for x in x0..=x1 {
                let Some(piece) = self.tiles.at(TileId { x, y, zoom }) else {
                    continue;
                };
                let [ax, ay] = view.screen_from_world(World {
                    x: f64::from(x) / n,
                    y: f64::from(y) / n,
                });
                let [bx, by] = view.screen_from_world(World {
                    x: f64::from(x + 1) / n,
                    y: f64::from(y + 1) / n,
                });
                let rect = Rect::from_min_max(pos2(ax, ay), pos2(bx, by));
                #[allow(irrefutable_let_patterns)]
                if let Tile::Raster(texture) = &piece.tile {
                    painter.image(texture.id(), rect, piece.uv, Color32::WHITE);
                }
            }
        }
    }
}

type Loaded = (TileId, Option<Vec<u8>>);

/// Tiles from a folder, read on a background thread.
pub struct DirTiles {
    cache: HashMap<TileId, Option<Tile>>,
    requested: HashSet<TileId>,
    to_loader: Sender<TileId>,
    from_loader: Receiver<Loaded>,
    ctx: egui::Context,
}

impl DirTiles {
    pub fn new(dir: PathBuf, ctx: egui::Context) -> DirTiles {
        let (to_loader, requests) = channel::<TileId>();
        let (results, from_loader) = channel::<Loaded>();
        let repaint = ctx.clone();
        std::thread::Builder::new()
            .name("tile-folder".to_owned())
            .spawn(move || {
                for id in requests {
                    let bytes = ["png", "jpg", "jpeg"]
                        .iter()
                        .map(|ext| {
                            dir.join(id.zoom.to_string())
                                .join(id.x.to_string())
                                .join(format!("{}.{ext}", id.y))
                        })
                        .find_map(|p| std::fs::read(p).ok());
                    if results.send((id, bytes)).is_err() {
                        break;
                    }
                    repaint.request_repaint();
                }
            })
            .map_err(|e| log::error!("cannot start the tile reader: {e}"))
            .ok();
        DirTiles {
            cache: HashMap::new(),
            requested: HashSet::new(),
            to_loader,
            from_loader,
            ctx,
        }
    }

    fn receive(&mut self) {
        while let Ok((id, bytes)) = self.from_loader.try_recv() {
            let tile = bytes.and_then(|b| match Tile::new(&b, &Style, id.zoom, 256, &self.ctx) {
                Ok(tile) => Some(tile),
                Err(e) => {
                    log::debug!("tile {}/{}/{}: {e}", id.zoom, id.x, id.y);
                    None
                }
            });
            self.cache.insert(id, tile);
        }
    }
}

impl Tiles for DirTiles {
    fn at(&mut self, id: TileId) -> Option<TilePiece> {
        self.receive();
        if self.requested.insert(id) {
            let _ = self.to_loader.send(id);
        }
        // The tile itself, or the nearest ancestor that exists, cut to this tile's part.
        for up in 0..=id.zoom {
            let parent = TileId {
                x: id.x >> up,
                y: id.y >> up,
                zoom: id.zoom - up,
            };
            if let Some(Some(tile)) = self.cache.get(&parent) {
                let parts = f32::from(1u16 << up.min(15));
                let (dx, dy) = (
                    (id.x - (parent.x << up)) as f32,
                    (id.y - (parent.y << up)) as f32,
                );
                let uv = Rect::from_min_max(
                    pos2(dx / parts, dy / parts),
                    pos2((dx + 1.0) / parts, (dy + 1.0) / parts),
                );
                return Some(TilePiece::new(tile.clone(), uv));
            }
            if up > 0 && self.requested.insert(parent) {
                let _ = self.to_loader.send(parent);
            }
        }
        None
    }

    fn attribution(&self) -> Attribution {
        Attribution {
            text: "local tiles",
            url: "",
            logo_light: None,
            logo_dark: None,
        }
    }

    fn tile_size(&self) -> u32 {
        256
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_a_folder_or_a_pmtiles_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(
            TileSource::from_path(dir.path()),
            Ok(TileSource::Directory(dir.path().to_owned()))
        );
        let file = dir.path().join("region.pmtiles");
        std::fs::write(&file, b"x").expect("write");
        assert_eq!(TileSource::from_path(&file), Ok(TileSource::PmTiles(file)));
        let other = dir.path().join("notes.txt");
        std::fs::write(&other, b"x").expect("write");
        assert_eq!(
            TileSource::from_path(&other),
            Err(TileSourceError::NotTiles {
                path: other.clone()
            })
        );
        let missing = dir.path().join("missing");
        let error = TileSource::from_path(&missing).expect_err("no such path");
        assert!(
            error
                .to_string()
                .ends_with("a .pmtiles file: no such file or folder"),
            "{error}"
        );
    }

    #[test]
    fn a_tile_folder_serves_tiles_and_their_parts_when_zoomed_past_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        let png = dir.path().join("5/20/12.png");
        std::fs::create_dir_all(png.parent().expect("parent")).expect("mkdir");
        let image = image::RgbaImage::from_pixel(256, 256, image::Rgba([200, 10, 10, 255]));
        image.save(&png).expect("png");
        let ctx = egui::Context::default();
        let mut tiles = DirTiles::new(dir.path().to_owned(), ctx);
        let id = TileId {
            x: 20,
            y: 12,
            zoom: 5,
        };
        let mut piece = None;
        for _ in 0..200 {
            piece = tiles.at(id);
            if piece.is_some() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let piece = piece.expect("the tile loads");
        assert_eq!(piece.uv, Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0)));
        // Zoomed one level past the folder: the south-east quarter of the parent.
        let child = tiles
            .at(TileId {
                x: 41,
                y: 25,
                zoom: 6,
            })
            .expect("falls back to the parent");
        assert_eq!(child.uv, Rect::from_min_max(pos2(0.5, 0.5), pos2(1.0, 1.0)));
        assert!(
            tiles
                .at(TileId {
                    x: 0,
                    y: 0,
                    zoom: 5
                })
                .is_none()
        );
    }
}
