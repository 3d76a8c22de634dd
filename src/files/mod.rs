//! Reading the learner's files safely: only regular files (a pipe would hang the reader, a link to
//! `/dev/zero` would fill memory), never past a size limit (checked while reading, not from the
//! metadata, which says 0 for a device), and text as a Windows editor or Anki writes it: a UTF-8
//! byte-order mark at the start is not text, and CRLF line ends are LF.
//!
//! Every error names the file. (The logging core reads its config file with the same rules and a
//! copy of this code: it stands alone, importing nothing from the crate.)
//!
//! Also here, at the bottom floor so every module above can use them: [`write_atomic`] (temp file,
//! fsync, rename) and [`fingerprint`], the hash that tells whether a file is still the one read;
//! and [`FolderWatcher`], which notices files another program changed.

mod atomic;
mod conflict;
mod hash;
mod outline;
mod position;
mod watch;

use std::borrow::Cow;
use std::fmt;
use std::fs::{self, File};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

pub use atomic::write_atomic;
pub use conflict::{ConflictCopy, conflict_copy};

/// The largest sound file talkdeck reads (a card's recording is decoded, copied on import and
/// export): a spoken phrase is well under 1 MiB.
pub const MAX_RECORDING_BYTES: u64 = 16 * 1024 * 1024;
pub use hash::fingerprint;
pub(crate) use outline::{Group, outline, outline_with_comments, top_level_key};
pub use position::FileError;
pub(crate) use position::{Lines, line_column};
pub use watch::FolderWatcher;

/// Why a file was not read.
#[derive(Debug)]
pub enum ReadError {
    /// It exists but is not a regular file (a folder, a pipe, a device, a socket).
    NotAFile {
        path: PathBuf,
        kind: &'static str,
    },
    /// It holds more than the limit.
    TooLarge {
        path: PathBuf,
        limit: usize,
    },
    Io {
        path: PathBuf,
        error: io::Error,
    },
}

impl ReadError {
    /// The error without the path (for messages that put the path first themselves).
    pub fn reason(&self) -> String {
        match self {
            ReadError::NotAFile { kind, .. } => format!("is {kind}, not a file"),
            ReadError::TooLarge { limit, .. } => {
                format!("is larger than {limit} bytes, the most talkdeck reads")
            }
            ReadError::Io { error, .. } => format!("cannot read: {error}"),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotAFile { path, .. }
            | ReadError::TooLarge { path, .. }
            | ReadError::Io { path, .. } => path,
        }
    }

    /// Whether the file is simply not there.
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io { error, .. } if error.kind() == io::ErrorKind::NotFound)
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path().display(), self.reason())
    }
}

impl std::error::Error for ReadError {}

/// What a file that is not a regular one is, in words.
pub fn kind_of(meta: &fs::Metadata) -> Option<&'static str> {
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

/// Checks that `path` (followed through links) is a regular file, without opening it.
pub fn regular_file(path: &Path) -> Result<fs::Metadata, ReadError> {
    let meta = fs::metadata(path).map_err(|error| ReadError::Io {
        path: path.to_path_buf(),
        error,
    })?;
    match kind_of(&meta) {
        None => Ok(meta),
        Some(kind) => Err(ReadError::NotAFile {
            path: path.to_path_buf(),
            kind,
        }),
    }
}

/// The bytes of the regular file `path`, at most `limit` of them: it is checked to be a regular file
/// before it is opened, and read no further than `limit + 1` bytes.
pub fn read_limited(path: &Path, limit: usize) -> Result<Vec<u8>, ReadError> {
    let meta = regular_file(path)?;
    let io_error = |error| ReadError::Io {
        path: path.to_path_buf(),
        error,
    };
    let file = File::open(path).map_err(io_error)?;
    let mut bytes = Vec::with_capacity((meta.len() as usize).min(limit) + 1);
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

/// Text as written on any system: a byte-order mark at the start dropped, CRLF (and a lone CR)
/// made LF. Borrowed when there is nothing to change.
pub fn clean_text(text: &str) -> Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(text)
    }
}

/// For tests of files that could block a reader (a pipe): runs `f` on a thread of its own and
/// fails the test if it has not returned within a minute, rather than hanging the test run.
#[cfg(test)]
pub(crate) fn without_waiting<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(f());
    });
    receive
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("it waited for a writer (or for the end of a device) instead of refusing the file")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_from_windows_and_with_a_bom_reads_as_plain_text() {
        assert_eq!(clean_text("\u{feff}a\r\nb\rc\n"), "a\nb\nc\n");
        assert!(matches!(clean_text("plain\n"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_file_is_read_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deck.ron");
        fs::write(&path, "x".repeat(10)).unwrap();
        assert_eq!(read_limited(&path, 10).unwrap().len(), 10);
        let err = read_limited(&path, 9).unwrap_err();
        assert!(matches!(err, ReadError::TooLarge { limit: 9, .. }), "{err}");
        assert_eq!(
            read_limited(dir.path(), 10).unwrap_err().to_string(),
            format!("{}: is a folder, not a file", dir.path().display())
        );
        assert!(
            read_limited(&dir.path().join("none"), 9)
                .unwrap_err()
                .is_not_found()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_and_a_device_are_refused_without_reading() {
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("pipe.ron");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        // Opening a pipe for reading would wait for a writer for ever: it is refused before.
        let read = fifo.clone();
        assert_eq!(
            without_waiting(move || read_limited(&read, 100).unwrap_err().to_string()),
            format!("{}: is a pipe, not a file", fifo.display())
        );
        let zero = dir.path().join("zero.ron");
        std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
        assert_eq!(
            read_limited(&zero, 100).unwrap_err().to_string(),
            format!("{}: is a device, not a file", zero.display())
        );
    }
}
