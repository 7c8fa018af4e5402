//! The files of a dossier or of the user's material before any parsing: their bytes (or why
//! they could not be read), their text, and the names they go by.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use super::model::Problem;

/// Files bigger than this are refused rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 512 * 1024 * 1024;

/// Why a file's bytes are not there.
#[derive(Clone, Debug, thiserror::Error)]
pub enum ReadError {
    #[error(
        "file is {} MB, over the limit of {} MB",
        size / 1_000_000,
        MAX_FILE_BYTES / 1_000_000
    )]
    TooLarge { size: u64 },
    /// Shared, so that the inputs can be cloned.
    #[error("cannot read: {0}")]
    Io(Arc<std::io::Error>),
}

/// Why a file's bytes are not text that can be read.
#[derive(Clone, Debug, thiserror::Error)]
pub enum TextError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("file is empty")]
    Empty,
    #[error("not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8")]
    NotUtf8 { offset: usize },
    #[error("not valid UTF-16 text")]
    NotUtf16,
}

/// One input file: its path as shown to the user, and its bytes or why it could not be read.
#[derive(Clone, Debug)]
pub struct InputFile {
    pub path: String,
    pub bytes: Result<Vec<u8>, ReadError>,
}

impl InputFile {
    pub fn read(path: &Path) -> Self {
        let io = |e| ReadError::Io(Arc::new(e));
        let bytes = match std::fs::metadata(path) {
            Ok(meta) if meta.len() > MAX_FILE_BYTES => {
                Err(ReadError::TooLarge { size: meta.len() })
            }
            Ok(_) => std::fs::read(path).map_err(io),
            Err(e) => Err(io(e)),
        };
        InputFile {
            path: path.display().to_string(),
            bytes,
        }
    }

    pub fn from_bytes(path: &str, bytes: Vec<u8>) -> Self {
        InputFile {
            path: path.to_owned(),
            bytes: Ok(bytes),
        }
    }

    pub fn from_text(path: &str, text: &str) -> Self {
        InputFile::from_bytes(path, text.as_bytes().to_vec())
    }

    /// The file's text: UTF-8 (a byte-order mark is dropped), or UTF-16 with its byte-order
    /// mark, which some Windows tools write. Anything else is refused with the offset of the
    /// first bad byte.
    pub fn text(&self) -> Result<Cow<'_, str>, TextError> {
        let bytes = self.bytes.as_ref().map_err(Clone::clone)?;
        match bytes.as_slice() {
            [] => Err(TextError::Empty),
            [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest, 3),
            [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes),
            [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes),
            _ => utf8(bytes, 0),
        }
    }

    /// The file name without folders and without `suffix`.
    pub fn stem(&self, suffix: &str) -> &str {
        let name = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        name.strip_suffix(suffix).unwrap_or(name)
    }
}

/// `bytes` as UTF-8; `skipped` bytes (a byte-order mark) came before them in the file.
fn utf8(bytes: &[u8], skipped: usize) -> Result<Cow<'_, str>, TextError> {
    std::str::from_utf8(bytes)
        .map(Cow::Borrowed)
        .map_err(|e| TextError::NotUtf8 {
            offset: e.valid_up_to() + skipped,
        })
}

/// `bytes` as UTF-16, each pair of bytes made a unit by `unit` (little- or big-endian).
fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<Cow<'static, str>, TextError> {
    let units: Vec<u16> = bytes
        .chunks_exact(2)
        .map(|pair| unit([pair[0], pair[1]]))
        .collect();
    String::from_utf16(&units)
        .map(Cow::Owned)
        .map_err(|_| TextError::NotUtf16)
}

/// Where a dossier was read from, and a fingerprint of each of its files as read (by path
/// inside the dossier: `geodata/towns.geojson`), so that saving can tell a file changed on
/// disk since from one it may overwrite.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Provenance {
    /// The folder; None for the dossier built into the binary (which cannot be written).
    pub dir: Option<std::path::PathBuf>,
    pub files: std::collections::BTreeMap<String, Fingerprint>,
}

/// A file's length and a hash of its bytes (FNV-1a: stable across runs and builds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub len: u64,
    pub hash: u64,
}

impl Fingerprint {
    pub fn of(bytes: &[u8]) -> Self {
        let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        Fingerprint {
            len: bytes.len() as u64,
            hash,
        }
    }
}

impl Provenance {
    /// The fingerprints of `inputs`' files that read, read from `dir` (None: built in).
    pub fn of(dir: Option<&Path>, inputs: &Inputs) -> Self {
        let mut files = std::collections::BTreeMap::new();
        let folders = [
            ("geodata", &inputs.layers),
            ("seeds", &inputs.documents),
            ("seeds", &inputs.metas),
        ];
        for (folder, list) in folders {
            for file in list {
                if let Ok(bytes) = &file.bytes {
                    let name = file.stem("");
                    files.insert(format!("{folder}/{name}"), Fingerprint::of(bytes));
                }
            }
        }
        Provenance {
            dir: dir.map(Path::to_path_buf),
            files,
        }
    }
}

/// The files of a dossier, before parsing.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    /// `geodata/*.geojson`.
    pub layers: Vec<InputFile>,
    /// `seeds/*.txt` and `seeds/*.md`.
    pub documents: Vec<InputFile>,
    /// `seeds/*.meta.json`.
    pub metas: Vec<InputFile>,
    /// Problems met while listing (a missing folder, say).
    pub problems: Vec<Problem>,
}

impl Inputs {
    /// Lists `DIR/geodata` and `DIR/seeds`.
    pub fn from_dir(dir: &Path) -> Self {
        let mut inputs = Inputs::default();
        for file in inputs.listed(&dir.join("geodata")) {
            if has_suffix(&file, ".geojson") {
                inputs.layers.push(InputFile::read(&file));
            }
        }
        for file in inputs.listed(&dir.join("seeds")) {
            if has_suffix(&file, ".meta.json") {
                inputs.metas.push(InputFile::read(&file));
            } else if has_suffix(&file, ".txt") || has_suffix(&file, ".md") {
                inputs.documents.push(InputFile::read(&file));
            }
        }
        inputs
    }

    /// The paths in `folder`, sorted; none, and a problem, if it cannot be read.
    fn listed(&mut self, folder: &Path) -> Vec<std::path::PathBuf> {
        match std::fs::read_dir(folder) {
            Ok(entries) => {
                let mut files: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
                files.sort();
                files
            }
            Err(e) => {
                self.problems.push(Problem::of_file(
                    &folder.display().to_string(),
                    format!("cannot read the folder: {e}"),
                ));
                Vec::new()
            }
        }
    }
}

fn has_suffix(path: &Path, suffix: &str) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|name| name.ends_with(suffix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_utf8_or_utf16_with_its_mark() {
        let text = |bytes: &[u8]| {
            InputFile::from_bytes("f", bytes.to_vec())
                .text()
                .map(Cow::into_owned)
        };
        assert_eq!(text(b"\xEF\xBB\xBFabc").expect("UTF-8"), "abc");
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Şuşa".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(text(&le).expect("UTF-16"), "Şuşa");
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Şuşa".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(&be).expect("UTF-16"), "Şuşa");
        assert!(matches!(text(b""), Err(TextError::Empty)));
        let bad = text(b"\xEF\xBB\xBFab\xFF").expect_err("not UTF-8");
        assert!(matches!(bad, TextError::NotUtf8 { offset: 5 }), "{bad}");
        assert_eq!(
            bad.to_string(),
            "not UTF-8 text (invalid byte at offset 5); save it as UTF-8"
        );
    }

    #[test]
    fn a_file_that_cannot_be_read_says_why() {
        let file = InputFile::read(Path::new("/nonexistent/layer.geojson"));
        let e = file.text().expect_err("no file");
        assert!(e.to_string().starts_with("cannot read: "), "{e}");
        assert_eq!(file.stem(".geojson"), "layer");
    }
}
