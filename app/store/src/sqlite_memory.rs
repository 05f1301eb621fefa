//! Where SQLite takes its memory from: the program's own allocator, without SQLite's
//! usage counters.
//!
//! Left alone, SQLite allocates through the C library's `malloc` and counts every
//! allocation under one process-wide mutex. Reading rows is allocation-heavy (the
//! driver copies each column's value out of the statement), so a signed-in catalog
//! page spent about 8 % of its instructions in glibc's `malloc`/`free` and that
//! mutex (callgrind; README, "SQLite's memory, and pages compressed faster"). The
//! server binary's allocator (mimalloc) is faster at small blocks, and nothing in
//! Kontor reads SQLite's counters (they serve `sqlite3_memory_used` and the soft heap
//! limit, neither used).
//!
//! No crate offers this for sqlx's SQLite driver, and it is one configuration call
//! with five small functions, so it is written here.

use libsqlite3_sys as ffi;
use std::alloc::{Layout, alloc, dealloc, realloc};
use std::ffi::{c_int, c_void};
use std::sync::Once;

/// Bytes in front of each block that hold its size (SQLite asks for it, Rust's
/// deallocation needs it). Sixteen keeps the block itself 16-byte aligned, more than
/// the 8 SQLite requires.
const HEADER: usize = 16;
const ALIGN: usize = 16;

fn layout(size: usize) -> Option<Layout> {
    Layout::from_size_align(size.checked_add(HEADER)?, ALIGN).ok()
}

/// The block's start and layout, from the pointer SQLite holds.
///
/// SAFETY (for callers): `p` came from [`sqlite_malloc`] or [`sqlite_realloc`] and
/// was not freed.
unsafe fn block(p: *mut c_void) -> (*mut u8, Layout) {
    // SAFETY: see above; the header lies just before `p` in the same block and holds
    // a size that made a valid layout when the block was allocated.
    unsafe {
        let base = p.cast::<u8>().sub(HEADER);
        let size = base.cast::<usize>().read();
        (
            base,
            Layout::from_size_align_unchecked(size + HEADER, ALIGN),
        )
    }
}

/// Writes the size into a fresh block's header and returns what SQLite gets (null
/// stays null).
///
/// SAFETY (for callers): `base` is null or a block allocated with `layout`.
unsafe fn stamp(base: *mut u8, layout: Layout) -> *mut c_void {
    if base.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: the block owns its first HEADER bytes, 16-byte aligned.
    unsafe {
        base.cast::<usize>().write(layout.size() - HEADER);
        base.add(HEADER).cast()
    }
}

unsafe extern "C" fn sqlite_malloc(n: c_int) -> *mut c_void {
    let Some(layout) = usize::try_from(n).ok().and_then(layout) else {
        return std::ptr::null_mut();
    };
    // SAFETY: the layout is never zero-sized (it includes the header).
    unsafe { stamp(alloc(layout), layout) }
}

unsafe extern "C" fn sqlite_free(p: *mut c_void) {
    if p.is_null() {
        return;
    }
    // SAFETY: SQLite frees only what this allocator gave it, once, and `block`
    // gives the layout it was allocated with.
    unsafe {
        let (base, layout) = block(p);
        dealloc(base, layout);
    }
}

unsafe extern "C" fn sqlite_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    if p.is_null() {
        // SAFETY: as for a fresh allocation.
        return unsafe { sqlite_malloc(n) };
    }
    let Some(new_layout) = usize::try_from(n).ok().and_then(layout) else {
        return std::ptr::null_mut();
    };
    // SAFETY: `p` is a live block of this allocator (SQLite's contract); on failure
    // the old block stays valid, as SQLite expects.
    unsafe {
        let (base, old) = block(p);
        stamp(realloc(base, old, new_layout.size()), new_layout)
    }
}

unsafe extern "C" fn sqlite_size(p: *mut c_void) -> c_int {
    if p.is_null() {
        return 0;
    }
    // SAFETY: a live block of this allocator; its size came from a `c_int`.
    unsafe { (block(p).1.size() - HEADER) as c_int }
}

unsafe extern "C" fn sqlite_roundup(n: c_int) -> c_int {
    // SQLite may use the slack; 8-byte steps keep its own arithmetic simple.
    n.saturating_add(7) & !7
}

unsafe extern "C" fn sqlite_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn sqlite_shutdown(_: *mut c_void) {}

/// Points SQLite at the program's allocator and turns its usage counters off,
/// once per process, before the first connection opens (SQLite accepts the settings
/// only before it initializes itself; had anything opened a database earlier, the
/// calls are refused and SQLite keeps its defaults, which is safe).
pub(crate) fn use_program_allocator() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(sqlite_malloc),
            xFree: Some(sqlite_free),
            xRealloc: Some(sqlite_realloc),
            xSize: Some(sqlite_size),
            xRoundup: Some(sqlite_roundup),
            xInit: Some(sqlite_init),
            xShutdown: Some(sqlite_shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: both options are documented for use before `sqlite3_initialize`;
        // SQLite copies the methods. The server opens every connection through
        // `Store::connect_with`, which calls this first (tests open their own only
        // once a store exists), and `Once` makes other callers wait until it is done.
        unsafe {
            let counters = ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as c_int);
            let allocator = ffi::sqlite3_config(
                ffi::SQLITE_CONFIG_MALLOC,
                &methods as *const ffi::sqlite3_mem_methods,
            );
            if counters != ffi::SQLITE_OK || allocator != ffi::SQLITE_OK {
                tracing::warn!("SQLite was already in use: it keeps its own allocator");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::ffi;
    use crate::Store;

    #[tokio::test]
    async fn sqlite_allocates_from_the_program_and_counts_nothing() {
        let folder = std::env::temp_dir().join(format!("kontor-memory-{}", std::process::id()));
        std::fs::create_dir_all(&folder).unwrap();
        let url = format!("sqlite://{}/memory.db?mode=rwc", folder.display());
        let store = Store::connect(&url).await.unwrap();
        store.migrate().await.unwrap();
        // SAFETY: plain SQLite calls on a block this test allocates and frees.
        let (size, used) = unsafe {
            let block = ffi::sqlite3_malloc(1);
            assert!(!block.is_null());
            let size = ffi::sqlite3_msize(block);
            ffi::sqlite3_free(block);
            (size, ffi::sqlite3_memory_used())
        };
        // SQLite's own allocator rounds a block up to 8 bytes and keeps its size in
        // front of it; this one reports what was asked for.
        assert_eq!(size, 1);
        // With the counters on, the open connections alone would count megabytes.
        assert_eq!(used, 0);
        store.close().await;
        std::fs::remove_dir_all(&folder).unwrap();
    }
}
