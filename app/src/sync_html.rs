//! [`SyncHtml`]: a part of a page that waits for nothing, rendered on the server
//! straight into the page's buffer.
//!
//! Inside a `Suspend` Leptos renders every element through its streaming path, which
//! builds each opening and each closing tag in a string of its own and copies it into
//! the page afterwards: two allocations and a copy per element, and more when the
//! attributes outgrow the first guess. A catalog page has about 170 such elements in
//! its rows. Their synchronous path writes the same markup into the buffer directly.
//! Such a part also sits out the server's dry run, which would call each of its
//! closures once more before rendering. Hydration, building and updating in the
//! browser are the wrapped view's own.

use leptos::tachys::html::attribute::Attribute;
use leptos::tachys::html::attribute::any_attribute::AnyAttribute;
use leptos::tachys::hydration::Cursor;
use leptos::tachys::view::add_attr::AddAnyAttr;
use leptos::tachys::view::{Position, PositionState, Render, RenderHtml};

/// A view rendered through Leptos' synchronous HTML path even inside a `Suspend`.
/// Only for views with nothing asynchronous inside (no `Suspend`, no `Suspense`, no
/// read of a resource that is still loading): those would render their fallback.
pub struct SyncHtml<V>(pub V);

impl<V: Render> Render for SyncHtml<V> {
    type State = V::State;

    fn build(self) -> Self::State {
        self.0.build()
    }

    fn rebuild(self, state: &mut Self::State) {
        self.0.rebuild(state)
    }
}

impl<V: AddAnyAttr> AddAnyAttr for SyncHtml<V> {
    type Output<SomeNewAttr: Attribute> = SyncHtml<V::Output<SomeNewAttr>>;

    fn add_any_attr<NewAttr: Attribute>(self, attr: NewAttr) -> Self::Output<NewAttr>
    where
        Self::Output<NewAttr>: RenderHtml,
    {
        SyncHtml(self.0.add_any_attr(attr))
    }
}

impl<V: RenderHtml> RenderHtml for SyncHtml<V> {
    type AsyncOutput = SyncHtml<V::AsyncOutput>;
    type Owned = SyncHtml<V::Owned>;

    const MIN_LENGTH: usize = V::MIN_LENGTH;
    const EXISTS: bool = V::EXISTS;

    // A dry run walks a view to start what it waits for, calling every closure in it
    // once more. What this type wraps waits for nothing, so there is nothing to start.
    fn dry_resolve(&mut self) {}

    async fn resolve(self) -> Self::AsyncOutput {
        SyncHtml(self.0.resolve().await)
    }

    fn html_len(&self) -> usize {
        self.0.html_len()
    }

    fn to_html_with_buf(
        self,
        buf: &mut String,
        position: &mut Position,
        escape: bool,
        mark_branches: bool,
        extra_attrs: Vec<AnyAttribute>,
    ) {
        self.0
            .to_html_with_buf(buf, position, escape, mark_branches, extra_attrs)
    }

    // `to_html_async_with_buf` is the trait's default: the synchronous path above,
    // into the stream's buffer. That is the point of this type.

    fn hydrate<const FROM_SERVER: bool>(
        self,
        cursor: &Cursor,
        position: &PositionState,
    ) -> Self::State {
        self.0.hydrate::<FROM_SERVER>(cursor, position)
    }

    async fn hydrate_async(self, cursor: &Cursor, position: &PositionState) -> Self::State {
        self.0.hydrate_async(cursor, position).await
    }

    fn into_owned(self) -> Self::Owned {
        SyncHtml(self.0.into_owned())
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::SyncHtml;
    use futures::StreamExt;
    use leptos::prelude::*;

    /// Rows with static and dynamic attributes, escaped text and a closure.
    fn rows() -> impl IntoView + use<> {
        (0..3)
            .map(|i| {
                view! {
                    <tr data-row=i.to_string()>
                        <td class="name" data-label="Name">{format!("row {i} & <b>")}</td>
                        <td class:even=i % 2 == 0>{move || i * 2}</td>
                    </tr>
                }
            })
            .collect_view()
    }

    async fn streamed(view: impl IntoView + 'static) -> String {
        view.into_view()
            .to_html_stream_in_order()
            .collect::<String>()
            .await
    }

    /// The one-pass path must give the markup the streaming path gives inside a
    /// `Suspend`, or the browser's hydration would not match it.
    #[tokio::test]
    async fn renders_inside_a_suspend_what_the_streaming_path_renders() {
        let owner = Owner::new();
        owner.set();
        let streaming = streamed(view! {
            <table><tbody>{Suspend::new(async { rows() })}</tbody></table>
        })
        .await;
        let one_pass = streamed(view! {
            <table><tbody>{Suspend::new(async { SyncHtml(rows()) })}</tbody></table>
        })
        .await;
        assert!(
            streaming.contains(r#"<td data-label="Name" class="name">row 2 &amp; &lt;b&gt;"#),
            "{streaming}"
        );
        assert_eq!(one_pass, streaming);
    }

    /// The server's dry run before rendering (which starts the loads a page waits for)
    /// does not call the closures of a part that waits for nothing: each runs once,
    /// when the part is rendered.
    #[tokio::test]
    async fn the_dry_run_skips_what_waits_for_nothing() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicUsize, Ordering};
        let owner = Owner::new();
        owner.set();
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = calls.clone();
        let mut page = view! {
            <div>{Suspend::new(async move {
                SyncHtml(view! { <p>{move || { counted.fetch_add(1, Ordering::SeqCst); "text" }}</p> })
            })}</div>
        };
        page.dry_resolve();
        let html = streamed(page).await;
        assert!(html.contains("<p>text"), "{html}");
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
