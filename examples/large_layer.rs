//! Writes the synthetic large layer used by the performance benchmarks:
//! `cargo run --release --example large_layer -- OUT.geojson [VERTICES] [SEED]`.

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let out = args
        .next()
        .ok_or("usage: large_layer OUT.geojson [VERTICES] [SEED]")?;
    let vertices: usize = args
        .next()
        .map_or(Ok(1_000_000), |v| v.parse())
        .map_err(|e| format!("VERTICES: {e}"))?;
    let seed: u64 = args
        .next()
        .map_or(Ok(1), |v| v.parse())
        .map_err(|e| format!("SEED: {e}"))?;
    let text = karabakh_atlas::data::synthetic::large_layer_geojson(vertices, seed);
    std::fs::write(&out, &text).map_err(|e| format!("{out}: {e}"))?;
    println!("{out}: {:.1} MB", text.len() as f64 / 1e6);
    Ok(())
}
