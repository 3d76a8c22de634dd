//! [`LogFile`], the buffered append-only file behind the file handler.
//!
//! Lines are copied into a 64 KiB buffer; the buffer goes to the file when full and when the handler
//! asks (a record at its flush level, `flush()`, close). If the file cannot be opened or written, the
//! error is returned and the file is opened again on the next line, so logging resumes by itself once
//! the disk has room again.

use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// How much a log file buffers before writing.
const BUFFER_BYTES: usize = 64 * 1024;

/// An append-only log file with a write buffer and a byte count.
#[derive(Debug)]
pub(crate) struct LogFile {
    path: PathBuf,
    writer: Option<BufWriter<File>>,
    /// Bytes in the file plus those buffered: what the file will hold after a flush.
    size: u64,
}

impl LogFile {
    /// Opens `path` for appending, creating it (not its folder); the error names the path.
    pub(crate) fn open(path: &Path) -> io::Result<LogFile> {
        let mut file = LogFile {
            path: path.to_path_buf(),
            writer: None,
            size: 0,
        };
        file.ensure_open().map_err(|e| with_path(e, path))?;
        Ok(file)
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    #[inline]
    pub(crate) fn size(&self) -> u64 {
        self.size
    }

    fn ensure_open(&mut self) -> io::Result<&mut BufWriter<File>> {
        if self.writer.is_none() {
            let file = OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.path)?;
            self.size = file.metadata()?.len();
            self.writer = Some(BufWriter::with_capacity(BUFFER_BYTES, file));
        }
        match self.writer.as_mut() {
            Some(writer) => Ok(writer),
            None => unreachable!("the writer was just opened"),
        }
    }

    /// Appends one whole line; flushes when `flush` is set. On failure the file is dropped and opened
    /// again next time.
    #[inline]
    pub(crate) fn write_line(&mut self, line: &[u8], flush: bool) -> io::Result<()> {
        let result = self.ensure_open().and_then(|writer| {
            writer.write_all(line)?;
            if flush {
                writer.flush()?;
            }
            Ok(())
        });
        match result {
            Ok(()) => {
                self.size += line.len() as u64;
                Ok(())
            }
            Err(err) => {
                self.discard();
                Err(err)
            }
        }
    }

    pub(crate) fn flush(&mut self) -> io::Result<()> {
        match self.writer.as_mut().map(|w| w.flush()) {
            Some(Err(err)) => {
                self.discard();
                Err(err)
            }
            _ => Ok(()),
        }
    }

    /// Flushes and closes the file; the next write opens it again.
    pub(crate) fn close(&mut self) -> io::Result<()> {
        let result = self.flush();
        self.writer = None;
        result
    }

    /// Drops the writer and whatever it had buffered, without trying to write it again.
    fn discard(&mut self) {
        if let Some(writer) = self.writer.take() {
            let (_file, _unwritten) = writer.into_parts();
        }
    }
}

/// `err` with `path` in front, so a report names the file.
pub(crate) fn with_path(err: io::Error, path: &Path) -> io::Error {
    io::Error::new(err.kind(), format!("{}: {err}", path.display()))
}
