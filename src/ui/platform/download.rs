//! The one way the app offers a file: a Blob URL clicked through a temporary `<a download>`.
//!
//! Used by the workspace export ([`crate::ui::workspace::files`]), the plan exports ([`crate::ui::plan::export`])
//! and the supplier register export ([`crate::ui::suppliers::import`]). Natively (in `cargo test`) it does nothing and says so.

/// MIME type of CSV files (UTF-8).
pub const CSV: &str = "text/csv;charset=utf-8";
/// MIME type of JSON files.
pub const JSON: &str = "application/json";
/// MIME type of Excel workbooks.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Text for spreadsheet programs: a UTF-8 byte-order mark first, so Excel reads £ and accents.
pub fn csv_bytes(text: &str) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    bytes.extend_from_slice("\u{feff}".as_bytes());
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// Offers `bytes` as a download called `filename` with type `mime`. The error is a sentence
/// for the user.
#[cfg(target_arch = "wasm32")]
pub fn download(bytes: &[u8], filename: &str, mime: &str) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let fail = |_| "Your browser did not allow the download. Try again, or try another browser.".to_string();
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let link: web_sys::HtmlAnchorElement = gloo::utils::document()
        .create_element("a")
        .map_err(fail)?
        .dyn_into()
        .map_err(|_| fail(wasm_bindgen::JsValue::NULL))?;
    link.set_href(&url);
    link.set_download(filename);
    link.set_attribute("hidden", "").map_err(fail)?;
    gloo::utils::body().append_child(&link).map_err(fail)?;
    link.click();
    link.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    gloo::timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

/// Natively there is nowhere to download to.
#[cfg(not(target_arch = "wasm32"))]
pub fn download(bytes: &[u8], filename: &str, mime: &str) -> Result<(), String> {
    let _ = (bytes, filename, mime);
    Err("Downloads need a browser.".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_bytes_start_with_a_byte_order_mark() {
        assert_eq!(csv_bytes("a,b\n"), b"\xEF\xBB\xBFa,b\n");
    }
}
