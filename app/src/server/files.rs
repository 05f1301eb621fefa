//! Where document files live: `object_store` over a local folder (the default,
//! under `./data/`) or an S3-compatible bucket, chosen by URL.
//!
//! Files go in and out as streams: an upload is hashed and counted chunk by chunk on
//! its way to storage, a download is passed on as it is read. Neither is ever held
//! whole in memory.

use bytes::Bytes;
use futures::{Stream, StreamExt};
use object_store::path::Path;
use object_store::{GetOptions, GetRange, ObjectStore, ObjectStoreExt, WriteMultipart};
use sha2::{Digest, Sha256};
use std::ops::Range;
use std::sync::Arc;

/// Parts in flight to S3 at once (each up to 5 MB): bounds the memory of an upload.
const PARTS_IN_FLIGHT: usize = 2;

#[derive(Clone)]
pub struct Files {
    store: Arc<dyn ObjectStore>,
    /// The largest file accepted, in bytes.
    pub max_bytes: u64,
}

impl std::fmt::Debug for Files {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Files({}, max {} bytes)", self.store, self.max_bytes)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("storage: {0}")]
    Storage(#[from] object_store::Error),
    #[error("the upload broke off: {0}")]
    Body(String),
    #[error("larger than {0} bytes")]
    TooLarge(u64),
    #[error("cannot prepare the folder {0}: {1}")]
    Folder(String, std::io::Error),
}

/// A stored file: how big, and its SHA-256 (hex).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub size: u64,
    pub sha256: String,
}

impl Files {
    /// `s3://bucket` (credentials, region and endpoint from the usual `AWS_*`
    /// variables, e.g. `AWS_ENDPOINT` for MinIO), or a folder (`file:///srv/kontor`,
    /// or a plain path such as `data/files`).
    pub fn open(url: &str, max_bytes: u64) -> Result<Files, FilesError> {
        let store: Arc<dyn ObjectStore> = if url.starts_with("s3://") {
            Arc::new(
                object_store::aws::AmazonS3Builder::from_env()
                    .with_url(url)
                    .build()?,
            )
        } else {
            let folder = url.strip_prefix("file://").unwrap_or(url);
            std::fs::create_dir_all(folder)
                .map_err(|e| FilesError::Folder(folder.to_string(), e))?;
            Arc::new(object_store::local::LocalFileSystem::new_with_prefix(
                folder,
            )?)
        };
        Ok(Files { store, max_bytes })
    }

    /// Streams `head` and then `rest` to `key`, hashing and counting on the way. A
    /// file over the limit is aborted (nothing stays behind) with
    /// [`FilesError::TooLarge`].
    pub async fn save<E: std::fmt::Display>(
        &self,
        key: &str,
        head: Bytes,
        mut rest: impl Stream<Item = Result<Bytes, E>> + Unpin,
    ) -> Result<Saved, FilesError> {
        let upload = self.store.put_multipart(&Path::from(key)).await?;
        let mut writer = WriteMultipart::new(upload);
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut chunk = Some(Ok(head));
        loop {
            let bytes = match chunk.take() {
                Some(Ok(bytes)) => bytes,
                Some(Err(e)) => {
                    let _ = writer.abort().await;
                    return Err(FilesError::Body(e));
                }
                None => break,
            };
            size += bytes.len() as u64;
            if size > self.max_bytes {
                let _ = writer.abort().await;
                return Err(FilesError::TooLarge(self.max_bytes));
            }
            hasher.update(&bytes);
            writer.wait_for_capacity(PARTS_IN_FLIGHT).await?;
            writer.put(bytes);
            chunk = rest.next().await.map(|r| r.map_err(|e| e.to_string()));
        }
        writer.finish().await?;
        Ok(Saved {
            size,
            sha256: hex::encode(hasher.finalize()),
        })
    }

    /// The bytes of `range` (the whole file when `None`), as a stream.
    pub async fn read(
        &self,
        key: &str,
        range: Option<Range<u64>>,
    ) -> Result<impl Stream<Item = Result<Bytes, object_store::Error>> + use<>, FilesError> {
        let options = GetOptions {
            range: range.map(GetRange::Bounded),
            ..GetOptions::default()
        };
        let result = self.store.get_opts(&Path::from(key), options).await?;
        Ok(result.into_stream())
    }

    /// Removes a file whose metadata could not be written (best effort).
    pub async fn delete(&self, key: &str) {
        if let Err(error) = self.store.delete(&Path::from(key)).await {
            tracing::warn!(%error, key, "could not remove an orphaned file");
        }
    }
}
