//! CSV decoder: any bytes through `decode` and `parse_delimited`, then the
//! table reader's row accounting. Must never panic; every data row is either
//! a comment, blank or rejected.

#![no_main]

use std::path::{Path, PathBuf};

use libfuzzer_sys::fuzz_target;
use tally::ingest::decode::{decode, parse_delimited};
use tally::ingest::table::{Columns, comments_from_grid};
use tally::project::{OneOrMany, SourceKind, SourceSpec};

fuzz_target!(|data: &[u8]| {
    let (text, encoding) = decode(data);
    let prefer_tab = data.len() % 2 == 1;
    let Ok(grid) = parse_delimited(Path::new("fuzz.csv"), &text, encoding, prefer_tab) else { return };
    let mut last = 1;
    for row in &grid.rows {
        assert!(row.n > last, "row numbers increase: {} after {last}", row.n);
        last = row.n;
    }
    let Some(first) = grid.headers.first() else { return };
    let mut columns = std::collections::BTreeMap::new();
    if let Some(second) = grid.headers.get(1) {
        columns.insert("id".to_owned(), second.clone());
    }
    let spec = SourceSpec {
        name: "fuzz".into(),
        kind: SourceKind::Table,
        path: PathBuf::from("fuzz.csv"),
        written_path: PathBuf::from("fuzz.csv"),
        sheet: None,
        text: Some(OneOrMany::One(first.clone())),
        columns,
        set: std::collections::BTreeMap::new(),
        facilitators: Vec::new(),
        register: None,
        register_columns: std::collections::BTreeMap::new(),
        attendance: None,
        prompts: Vec::new(),
        questions: Vec::new(),
    };
    let Ok(cols) = Columns::resolve(&spec, &grid, &[first.clone()]) else { return };
    let batch = comments_from_grid(&spec, &grid, &cols);
    let acc = &batch.account;
    assert_eq!(acc.rows_read, grid.rows.len() + grid.bad_rows.len());
    assert_eq!(
        acc.items_read,
        batch.comments.len() + acc.blank + acc.rejected.len(),
        "every row is a comment, blank or rejected"
    );
});
