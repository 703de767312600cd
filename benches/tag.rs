//! Tagging benchmark: the committed 10k-comment corpus against the shipped
//! STLS taxonomy, on one thread and on every core (phrases, regexes, whole
//! rules, noise and the batch's query index).

use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn tag(c: &mut Criterion) {
    let project = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/data/project.toml");
    let plan = tally::project::Plan::from_path(&project, PathBuf::from("unused"), 1, true)
        .unwrap_or_else(|e| panic!("benches/data/project.toml: {e}"));
    let batch = tally::ingest::read_source(&plan.sources[0]).unwrap_or_else(|e| panic!("{e}"));
    let texts: Vec<&str> = batch.comments.iter().map(|c| c.text.as_str()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let tagger = tally::tag::Tagger::new(&plan.taxonomy).unwrap_or_else(|e| panic!("{e}"));

    let mut group = c.benchmark_group("tag");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZero::get);
    for jobs in [1, cores] {
        let pool =
            rayon::ThreadPoolBuilder::new().num_threads(jobs).build().unwrap_or_else(|e| panic!("{e}"));
        group.bench_function(format!("stls_10k_jobs{jobs}"), |b| {
            b.iter(|| pool.install(|| tagger.tag_texts(&texts).unwrap_or_else(|e| panic!("{e}"))));
        });
        if cores == 1 {
            break;
        }
    }
    // Without the batch query index: phrases, regexes, whole rules and noise only.
    group.bench_function("stls_10k_text_rules_only", |b| {
        b.iter(|| texts.iter().map(|t| tagger.tag_text(t).themes.len()).sum::<usize>());
    });
    group.finish();
}

criterion_group!(benches, tag);
criterion_main!(benches);
