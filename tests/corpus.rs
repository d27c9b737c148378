//! Runs every JS test under `tests/js` under every variant in `src/variants.rs`.
//! See `src/runner.rs` for the file format and the environment variables
//! (`TETRA_BIN`, `TETRA_TEST_FILTER`, `TETRA_TEST_VARIANTS`, `TETRA_TEST_JOBS`, `TETRA_TEST_TIMEOUT`).

#[test]
fn corpus() {
    match tetra_tests::runner::run_corpus() {
        Ok(summary) => println!("{summary}"),
        Err(report) => panic!("\n{report}\n"),
    }
}
