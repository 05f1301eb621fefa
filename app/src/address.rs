//! Values put into an address's query or path by the pages and the server.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// What stays as it is in a query value: RFC 3986's unreserved characters. Everything
/// else is escaped byte by byte, so a value never ends or splits a parameter.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes `value` for a query parameter or a path segment.
pub fn encode(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_keeps_unreserved_characters_and_escapes_the_rest_bytewise() {
        assert_eq!(encode("NH-PMP-1000"), "NH-PMP-1000");
        assert_eq!(encode("a b/ü~._"), "a%20b%2F%C3%BC~._");
        assert_eq!(encode("&=?#%+"), "%26%3D%3F%23%25%2B");
        assert_eq!(encode("egon@mueller.example"), "egon%40mueller.example");
        assert_eq!(encode(""), "");
    }
}
