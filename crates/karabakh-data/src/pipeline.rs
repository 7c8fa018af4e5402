//! A layer read as fast as its size allows: a small one on this thread; a big one on every core,
//! one thread reading the text, others checking and repairing the geometry it read, and this
//! one turning that into features in the file's order.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::parse::{self, Mode, RawFeature, RawGeometry, TopLevel};

/// Files at least this big are read on several threads.
const PIPELINE_BYTES: usize = 1 << 20;

/// A batch is sent when it has this many features, or this many positions.
const BATCH_FEATURES: usize = 512;
const BATCH_POSITIONS: usize = 1 << 16;

/// Features read, with their index in the file; numbered in the order they were read.
type Batch<'t> = (usize, Vec<(usize, RawFeature<'t>)>);

/// Reads `text` as [`parse::read`] does, giving `take` each feature with its geometry settled
/// (see [`RawGeometry::settle`]), in the order of the file.
pub(crate) fn read<'t>(
    text: &'t str,
    mode: Mode,
    take: &mut dyn FnMut(usize, RawFeature<'t>),
) -> Result<TopLevel, serde_json::Error> {
    if text.len() < PIPELINE_BYTES {
        parse::read(text, mode, &mut |index, mut raw| {
            raw.geometry = raw.geometry.settle(mode);
            take(index, raw);
        })
    } else {
        read_on_threads(text, mode, take)
    }
}

/// [`parse::read`] on a thread of its own, handing features over in batches to workers (one a
/// core) that settle their geometry (the checks of rings and the repairs, which on real
/// coastlines cost more than reading), while this thread gives them to `take` in the order of
/// the file: the parts of loading overlap, and the costly one runs on every core.
fn read_on_threads<'t>(
    text: &'t str,
    mode: Mode,
    take: &mut dyn FnMut(usize, RawFeature<'t>),
) -> Result<TopLevel, serde_json::Error> {
    let workers = std::thread::available_parallelism()
        .map_or(2, usize::from)
        .clamp(1, 8);
    // A few batches in flight: enough to keep every thread busy, little memory.
    let (raw_tx, raw_rx) = sync_channel::<Batch<'t>>(workers * 2);
    let raw_rx = Mutex::new(raw_rx);
    let (done_tx, done_rx) = sync_channel::<Batch<'t>>(workers * 2);
    std::thread::scope(|scope| {
        let reader = scope.spawn(move || read_in_batches(text, mode, &raw_tx));
        for _ in 0..workers {
            let (raw_rx, done_tx) = (&raw_rx, done_tx.clone());
            scope.spawn(move || settle_batches(raw_rx, &done_tx, mode));
        }
        drop(done_tx);
        in_file_order(done_rx, take);
        reader
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// Reads the text, sending what it reads in batches.
fn read_in_batches<'t>(
    text: &'t str,
    mode: Mode,
    raw_tx: &SyncSender<Batch<'t>>,
) -> Result<TopLevel, serde_json::Error> {
    let (mut batch, mut positions, mut sent) = (Vec::new(), 0usize, 0usize);
    let mut send = |batch: &mut Vec<(usize, RawFeature<'t>)>| {
        // The receivers only stop when this thread does.
        let _ = raw_tx.send((sent, std::mem::take(batch)));
        sent += 1;
    };
    let top = parse::read(text, mode, &mut |index, raw| {
        positions += raw.geometry.positions();
        batch.push((index, raw));
        if batch.len() == BATCH_FEATURES || positions >= BATCH_POSITIONS {
            send(&mut batch);
            positions = 0;
        }
    });
    if !batch.is_empty() {
        send(&mut batch);
    }
    top
}

/// A worker: settles the geometry of each batch it receives, and sends the batch on.
fn settle_batches<'t>(
    raw_rx: &Mutex<Receiver<Batch<'t>>>,
    done_tx: &SyncSender<Batch<'t>>,
    mode: Mode,
) {
    loop {
        // Poisoned only if another worker panicked, which the scope passes on.
        let next = match raw_rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok((n, mut batch)) = next else { return };
        for (_, raw) in &mut batch {
            let read = std::mem::replace(&mut raw.geometry, RawGeometry::Missing);
            raw.geometry = read.settle(mode);
        }
        if done_tx.send((n, batch)).is_err() {
            return;
        }
    }
}

/// Gives `take` the features of batches that come back in any order, in the file's.
fn in_file_order<'t>(done_rx: Receiver<Batch<'t>>, take: &mut dyn FnMut(usize, RawFeature<'t>)) {
    let mut waiting: BTreeMap<usize, Vec<(usize, RawFeature<'t>)>> = BTreeMap::new();
    let mut next = 0usize;
    for (n, batch) in done_rx {
        waiting.insert(n, batch);
        while let Some(batch) = waiting.remove(&next) {
            for (index, raw) in batch {
                take(index, raw);
            }
            next += 1;
        }
    }
}
