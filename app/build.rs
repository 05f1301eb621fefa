//! Link settings for the browser's wasm.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    // `cargo leptos build --split` moves code and data into the lazily loaded files
    // that use them, but a data segment only as a whole, and only if its pieces still
    // fit into it after they are realigned file by file. The linker merges all
    // read-only data into one segment, which realigned came out a few hundred bytes
    // longer, so the splitter left every text and table of every area (about 400 KB)
    // in the main file that each first visit downloads. Unmerged, each piece is a
    // segment of its own and goes with the code that uses it (`wasm-opt` merges the
    // segments of each file again).
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-cdylib=--no-merge-data-segments");
    }
}
