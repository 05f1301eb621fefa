//! SQLite connections kept aside for the pages' hottest reads.
//!
//! Handing a connection back to sqlx's pool is not free on SQLite: the pool spawns a
//! task that first sends the connection's thread a "ping" and waits for its answer.
//! That is a round trip through another thread per statement, and on a two-core
//! server each hop wakes the runtime's other worker too: about a third of the context
//! switches of a signed-in catalog page. A SQLite connection cannot go stale the way
//! a network connection can, and its thread runs commands in order, so nothing needs
//! flushing before the next statement either. The connections here go back to a list
//! when the read is done, without a ping or a task.
//!
//! A read takes one only when one is free at once; otherwise it uses the pool as
//! before, so these never make a request wait. Only read-only statements use them
//! (no transaction is ever begun on one).

use sqlx::AnyConnection;
use std::sync::{Arc, Mutex, PoisonError};

/// The kept connections that are free now.
#[derive(Clone, Debug, Default)]
pub(crate) struct Readers {
    free: Arc<Mutex<Vec<AnyConnection>>>,
}

impl Readers {
    pub(crate) fn new(connections: Vec<AnyConnection>) -> Readers {
        Readers {
            free: Arc::new(Mutex::new(connections)),
        }
    }

    /// A free connection, if there is one now.
    pub(crate) fn take(&self) -> Option<Reader> {
        let connection = self
            .free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop()?;
        Some(Reader {
            connection: Some(connection),
            home: self.free.clone(),
        })
    }

    /// Every free connection, for closing; the list stays empty afterwards.
    pub(crate) fn take_all(&self) -> Vec<AnyConnection> {
        std::mem::take(&mut *self.free.lock().unwrap_or_else(PoisonError::into_inner))
    }

    /// How many are free now (for tests).
    #[cfg(test)]
    pub(crate) fn free(&self) -> usize {
        self.free
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }
}

/// A kept connection in use; back in the list when dropped.
pub(crate) struct Reader {
    connection: Option<AnyConnection>,
    home: Arc<Mutex<Vec<AnyConnection>>>,
}

impl Reader {
    pub(crate) fn connection(&mut self) -> &mut AnyConnection {
        self.connection
            .as_mut()
            .expect("a reader holds its connection until dropped")
    }

    /// Closes the connection instead of keeping it: it failed in a way that is not
    /// about the statement (its thread is gone). Reads use the pool from then on.
    pub(crate) fn discard(mut self) {
        drop(self.connection.take());
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take() {
            self.home
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(connection);
        }
    }
}

/// Whether an error says the connection itself is broken rather than the statement.
pub(crate) fn connection_is_broken(error: &sqlx::Error) -> bool {
    matches!(
        error,
        sqlx::Error::WorkerCrashed | sqlx::Error::Io(_) | sqlx::Error::Protocol(_)
    )
}
