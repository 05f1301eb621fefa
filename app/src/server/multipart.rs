//! A guard that server functions reading a multipart body put on themselves
//! (`#[middleware(crate::server::multipart::MultipartOnly)]`): anything else sent to
//! them is answered 415 before their decoder sees it. Being an attribute of the
//! function, it cannot be forgotten in a list of paths elsewhere.

use axum::body::Body;
use http::{Request, Response, StatusCode};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

#[derive(Clone, Copy, Debug)]
pub struct MultipartOnly;

impl<S> tower::Layer<S> for MultipartOnly {
    type Service = MultipartOnlyService<S>;
    fn layer(&self, inner: S) -> Self::Service {
        MultipartOnlyService(inner)
    }
}

pub struct MultipartOnlyService<S>(S);

/// `multipart/form-data` with a boundary, as every browser sends a file form.
pub fn is_multipart<B>(request: &Request<B>) -> bool {
    request
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data") && v.contains("boundary="))
}

impl<S> tower::Service<Request<Body>> for MultipartOnlyService<S>
where
    S: tower::Service<Request<Body>, Response = Response<Body>>,
    S::Future: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Body>, S::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        if is_multipart(&request) {
            Box::pin(self.0.call(request))
        } else {
            let mut refused = Response::new(Body::from("multipart/form-data expected"));
            *refused.status_mut() = StatusCode::UNSUPPORTED_MEDIA_TYPE;
            Box::pin(async move { Ok(refused) })
        }
    }
}
