//! Ingest benchmark: the committed 10k-comment corpus (`benches/data/`), read
//! from CSV into comments (decode, parse, normalise dimensions).

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn project() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/project.toml")
}

fn ingest(c: &mut Criterion) {
    let plan = tally::project::Plan::from_path(&project(), PathBuf::from("unused"), 1, true)
        .unwrap_or_else(|e| panic!("benches/data/project.toml: {e}"));
    let spec = &plan.sources[0];
    let bytes = std::fs::metadata(&spec.path).map(|m| m.len()).unwrap_or(0);
    let mut group = c.benchmark_group("ingest");
    group.sample_size(20);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("csv_10k", |b| {
        b.iter(|| {
            let batch = tally::ingest::read_source(spec).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(batch.comments.len(), 10_000);
            batch
        });
    });
    group.finish();
}

criterion_group!(benches, ingest);
criterion_main!(benches);
