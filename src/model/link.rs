//! Share links: a workspace file packed into a URL fragment (`#lotwise=1.<data>`), so it never
//! reaches a server (browsers do not send the fragment).
//!
//! The data is the file's text compressed with DEFLATE in a zlib wrapper (its checksum finds a
//! damaged link) by `miniz_oxide`, then written in base64url (RFC 4648 §5, no padding) so it is
//! safe in a URL. Reading a link is hostile-input safe: the fragment's length is checked first
//! ([`MAX_LINK_CHARS`]), then its alphabet, then the inflated size is capped
//! ([`MAX_INFLATED_BYTES`], a "decompression bomb" stops there) and the text must be UTF-8. The
//! caller then reads the text as any workspace file (`plan::saved::Document::import`, which
//! refuses deep nesting and numbers such as `1e999`).
//!
//! # Example
//! ```
//! use lotwise::model::link;
//! let fragment = link::encode("{\"format\": \"lotwise/2\"}");
//! assert!(fragment.starts_with("#lotwise=1."));
//! assert_eq!(link::decode(&fragment).unwrap(), "{\"format\": \"lotwise/2\"}");
//! assert!(link::decode("#lotwise=1.not*base64").is_err());
//! ```

use std::fmt;

use crate::model::migrate::MAX_IMPORT_BYTES;

/// What a share link's fragment starts with (the `1` is the link format's version).
pub const PREFIX: &str = "#lotwise=1.";

/// The longest link fragment Lotwise makes or reads, in characters. Chrome, Edge and Firefox
/// open links far longer (about 2 MB), but mail and chat programs often cut long links, and
/// Safari is less generous; past this, save the workspace as a file instead.
pub const MAX_LINK_CHARS: usize = 100_000;

/// The most text a link may inflate to: the largest workspace file Lotwise opens.
pub const MAX_INFLATED_BYTES: usize = MAX_IMPORT_BYTES;

/// Why a fragment is not a share link Lotwise can read, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    /// The fragment does not start with [`PREFIX`].
    NotALink,
    /// The fragment is longer than [`MAX_LINK_CHARS`].
    TooLong(usize),
    /// A character that base64url does not use, at this position of the data.
    NotBase64(usize),
    /// The data stops part way (for example a link cut short when it was copied).
    Damaged,
    /// The data inflates to more than [`MAX_INFLATED_BYTES`].
    TooLarge,
    /// The inflated data is not text.
    NotText,
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::NotALink => write!(f, "the link does not hold a Lotwise workspace"),
            LinkError::TooLong(n) => write!(
                f,
                "the link is {n} characters long; the longest Lotwise reads is {MAX_LINK_CHARS}, so ask for the workspace as a file"
            ),
            LinkError::NotBase64(at) => write!(
                f,
                "the link is damaged: character {} of its data is not one a Lotwise link uses (was it changed or cut when it was copied?)",
                at + 1
            ),
            LinkError::Damaged => {
                write!(f, "the link is damaged or incomplete (perhaps cut short when it was copied); ask for it again, or for the workspace as a file")
            }
            LinkError::TooLarge => write!(
                f,
                "the link unpacks to more than {} MB, more than any workspace, so it was not opened",
                MAX_INFLATED_BYTES / (1024 * 1024)
            ),
            LinkError::NotText => write!(f, "the link is damaged: what it holds is not text"),
        }
    }
}

impl std::error::Error for LinkError {}

/// The fragment (with its `#`) of a link holding `text`. It may be longer than
/// [`MAX_LINK_CHARS`]: check with [`fits`] before offering it.
pub fn encode(text: &str) -> String {
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(text.as_bytes(), 9);
    format!("{PREFIX}{}", base64url_encode(&packed))
}

/// Whether a fragment is short enough to share as a link.
pub fn fits(fragment: &str) -> bool {
    fragment.len() <= MAX_LINK_CHARS
}

/// Whether a URL fragment looks like a share link (to decide whether to offer opening it).
pub fn is_link(fragment: &str) -> bool {
    fragment.starts_with(PREFIX)
}

/// The text a share link's fragment holds, or why it cannot be read. Never panics.
pub fn decode(fragment: &str) -> Result<String, LinkError> {
    if fragment.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong(fragment.len()));
    }
    let data = fragment.strip_prefix(PREFIX).ok_or(LinkError::NotALink)?;
    let packed = base64url_decode(data.trim_end())?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(&packed, MAX_INFLATED_BYTES).map_err(|e| {
        match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => LinkError::TooLarge,
            _ => LinkError::Damaged,
        }
    })?;
    String::from_utf8(bytes).map_err(|_| LinkError::NotText)
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | (b as u32) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Reads base64url (padding `=` tolerated at the end); refuses any other character.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, LinkError> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for (at, c) in text.bytes().enumerate() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return Err(LinkError::NotBase64(at)),
        };
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if text.len() % 4 == 1 {
        return Err(LinkError::Damaged);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_every_length() {
        for n in 0..40u8 {
            let bytes: Vec<u8> = (0..n).map(|i| i.wrapping_mul(37).wrapping_add(250)).collect();
            let text = base64url_encode(&bytes);
            assert!(text.bytes().all(|c| ALPHABET.contains(&c)), "{text}");
            assert_eq!(base64url_decode(&text).unwrap(), bytes);
        }
        assert_eq!(base64url_encode(b"Man"), "TWFu");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
    }

    #[test]
    fn a_workspace_round_trips_and_is_much_smaller() {
        let text = crate::model::Workspace::default_workspace().to_json();
        let fragment = encode(&text);
        assert!(fits(&fragment) && is_link(&fragment));
        assert!(fragment.len() * 3 < text.len(), "{} from {}", fragment.len(), text.len());
        assert_eq!(decode(&fragment).unwrap(), text);
    }

    #[test]
    fn hostile_fragments_are_refused_in_words() {
        let good = encode(&crate::model::Workspace::default_workspace().to_json());
        assert_eq!(decode("#other=1"), Err(LinkError::NotALink));
        assert_eq!(decode(&good[..good.len() / 2]), Err(LinkError::Damaged), "truncated");
        assert_eq!(decode(&good[..good.len() - 1]), Err(LinkError::Damaged), "one character short");
        assert!(matches!(decode(&format!("{PREFIX}abc$def")), Err(LinkError::NotBase64(3))));
        assert!(matches!(decode(&format!("{PREFIX}{}", "A".repeat(MAX_LINK_CHARS))), Err(LinkError::TooLong(_))));
        // Flip one character in the middle: the checksum (or the stream) catches it.
        let mut bytes = good.clone().into_bytes();
        let mid = PREFIX.len() + (bytes.len() - PREFIX.len()) / 2;
        bytes[mid] = if bytes[mid] == b'A' { b'B' } else { b'A' };
        assert!(decode(&String::from_utf8(bytes).unwrap()).is_err());
        assert!(decode("#lotwise=1.").is_err(), "empty data");
        let not_text = encode_bytes(&[0xff, 0xfe, 0x00]);
        assert_eq!(decode(&not_text), Err(LinkError::NotText));
        for e in [LinkError::Damaged, LinkError::TooLarge, LinkError::NotBase64(0), LinkError::TooLong(5)] {
            assert!(e.to_string().len() > 20);
        }
    }

    fn encode_bytes(bytes: &[u8]) -> String {
        format!("{PREFIX}{}", base64url_encode(&miniz_oxide::deflate::compress_to_vec_zlib(bytes, 9)))
    }

    #[test]
    fn a_decompression_bomb_stops_at_the_cap() {
        // 64 MB of spaces packs into a link of about 90 KB... too long; 8 MB fits.
        let bomb = encode_bytes(&vec![b' '; MAX_INFLATED_BYTES + 1024 * 1024]);
        assert!(fits(&bomb), "{} characters", bomb.len());
        assert_eq!(decode(&bomb), Err(LinkError::TooLarge));
    }
}
