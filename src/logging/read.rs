//! Reading a config file safely: only a regular file (opening a pipe blocks until someone writes to
//! it, and a link to `/dev/zero` never ends), never more than a size limit plus one byte (counted
//! while reading: the metadata says 0 for a device and can change before the read), and text as a
//! Windows editor writes it — a UTF-8 byte-order mark at the start is not text, CRLF and a lone CR
//! are line ends.
//!
//! The application may read its own files with the same rules; the core keeps its own small copy,
//! because it imports nothing from the application.

use std::fs::{self, File};
use std::io::Read;
use std::path::Path;

/// The text of the regular file `path`, at most `limit` bytes of UTF-8, cleaned as described above.
/// The error is a reason without the path: the caller puts the path first. `reader` names who reads,
/// in the message about the limit.
pub(crate) fn read_text(path: &Path, limit: u64, reader: &str) -> Result<String, String> {
    let meta = fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if let Some(kind) = not_a_file(&meta) {
        return Err(format!("is {kind}, not a file"));
    }
    let file = File::open(path).map_err(|e| format!("cannot read: {e}"))?;
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize + 1);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > limit {
        return Err(format!(
            "is larger than {limit} bytes, the most {reader} reads for a logging config"
        ));
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(clean_text(text))
}

/// What a file that is not a regular one is, in words; `None` for a regular file.
fn not_a_file(meta: &fs::Metadata) -> Option<&'static str> {
    let kind = meta.file_type();
    if kind.is_file() {
        return None;
    }
    if kind.is_dir() {
        return Some("a folder");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Some("a pipe");
        }
        if kind.is_socket() {
            return Some("a socket");
        }
        if kind.is_block_device() || kind.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Drops a byte-order mark at the start and makes CRLF and lone CR line ends LF, so RON and the
/// positions in error messages see the lines an editor shows.
fn clean_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_read_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("logging.ron");
        fs::write(&path, "x".repeat(10)).unwrap();
        assert_eq!(read_text(&path, 10, "x").unwrap().len(), 10);
        let err = read_text(&path, 9, "x").unwrap_err();
        assert!(err.starts_with("is larger than 9 bytes"), "{err}");
        assert!(
            read_text(&dir.path().join("absent.ron"), 10, "x")
                .unwrap_err()
                .starts_with("cannot read: "),
        );
        fs::write(&path, b"ok \xff").unwrap();
        assert_eq!(
            read_text(&path, 10, "x").unwrap_err(),
            "is not UTF-8 text (invalid byte at offset 3)"
        );
    }

    #[test]
    fn a_byte_order_mark_and_carriage_returns_are_not_text() {
        assert_eq!(clean_text("\u{feff}a\r\nb\rc\n".into()), "a\nb\nc\n");
        assert_eq!(
            clean_text("a\u{feff}b\n".into()),
            "a\u{feff}b\n",
            "only a leading mark"
        );
    }
}
