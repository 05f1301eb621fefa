//! Which file a download link means, for whom: the link names a document (its
//! newest version) or one version; either is found only within the caller's reader
//! scope, so another organization's document is "not found" by any id.

use super::reader_of;
use crate::server::ServerContext;
use crate::server::auth::SessionUser;
use kontor_store::documents::VersionRecord;
use kontor_store::now_ms;

/// What a download link names.
#[derive(Clone, Copy, Debug)]
pub enum Download<'a> {
    Document(&'a str),
    Version(&'a str),
    /// A file attached to a service request.
    ServiceAttachment(&'a str),
    /// A file on a quote.
    QuoteAttachment(&'a str),
}

impl Download<'_> {
    /// Whether starting this download is counted (documents' statistics).
    pub fn counts(self) -> bool {
        !matches!(
            self,
            Download::ServiceAttachment(_) | Download::QuoteAttachment(_)
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DownloadRefusal {
    SignIn,
    NotFound,
    Failed,
}

/// The version to send, if `user` may see it.
pub async fn open_download(
    ctx: &ServerContext,
    user: Option<&SessionUser>,
    link: Download<'_>,
) -> Result<VersionRecord, DownloadRefusal> {
    let user = user.ok_or(DownloadRefusal::SignIn)?;
    let reader = reader_of(user);
    let found = match link {
        Download::Document(id) => ctx
            .store
            .document(reader, id)
            .await
            .map(|d| d.map(|d| d.current)),
        Download::Version(id) => ctx.store.document_version(reader, id).await,
        Download::ServiceAttachment(id) => {
            crate::server::service::open_attachment(ctx, user, id).await
        }
        Download::QuoteAttachment(id) => {
            crate::server::quote_files::open_attachment(ctx, user, id).await
        }
    };
    match found {
        Ok(Some(version)) => Ok(version),
        Ok(None) => Err(DownloadRefusal::NotFound),
        Err(error) => {
            tracing::error!(%error, "download failed");
            Err(DownloadRefusal::Failed)
        }
    }
}

/// Records that `user` started downloading `version`. A download that cannot be
/// recorded is not served: the vendor's counts must hold.
pub async fn record_download(
    ctx: &ServerContext,
    user: &SessionUser,
    version: &VersionRecord,
) -> Result<(), DownloadRefusal> {
    ctx.store
        .record_download(
            version,
            &user.record.id,
            &user.record.organization_id,
            now_ms(),
        )
        .await
        .map_err(|error| {
            tracing::error!(%error, "could not record a download");
            DownloadRefusal::Failed
        })
}
