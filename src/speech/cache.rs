//! The speech cache: each phrase synthesised once per engine, voice and pace, and each deck
//! recording decoded once, as WAV files in this computer's folder (never the shared data folder:
//! another computer has other voices). Named by a fingerprint of what made them; the oldest are
//! removed when the folder grows past its limit.

use std::path::{Path, PathBuf};

use super::config::Speed;
use super::engine::Engine;
use crate::files::fingerprint;

/// The cache folder's limit: about two thousand phrases.
pub const CACHE_LIMIT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Clone, Debug)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache { dir: dir.into() }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn named(&self, key: &str) -> PathBuf {
        self.dir
            .join(format!("{:016x}.wav", fingerprint(key.as_bytes())))
    }

    /// Where `text` spoken by `engine` with `voice` at `speed` is kept.
    pub fn phrase(&self, engine: &Engine, voice: &str, speed: Speed, text: &str) -> PathBuf {
        self.named(&format!(
            "phrase\u{1f}{}\u{1f}{voice}\u{1f}{speed:?}\u{1f}{text}",
            engine.identity()
        ))
    }

    /// Where the decoded copy of the recording at `source` is kept: a changed file (its length
    /// or time) is decoded again.
    pub fn decoded(&self, source: &Path) -> PathBuf {
        let (len, modified) = std::fs::metadata(source)
            .map(|m| {
                let modified = m
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                (m.len(), modified)
            })
            .unwrap_or_default();
        self.named(&format!(
            "decoded\u{1f}{}\u{1f}{len}\u{1f}{modified}",
            source.display()
        ))
    }

    /// Removes the least recently made files until the folder holds at most `limit` bytes;
    /// returns how many were removed.
    pub fn prune(&self, limit: u64) -> usize {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return 0;
        };
        let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
            .flatten()
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                meta.is_file().then(|| {
                    (
                        meta.modified().unwrap_or(std::time::UNIX_EPOCH),
                        meta.len(),
                        e.path(),
                    )
                })
            })
            .collect();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        let mut removed = 0;
        for (_, len, path) in files {
            if total <= limit {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
                removed += 1;
            }
        }
        removed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::speech::EngineKind;

    #[test]
    fn a_phrase_is_named_by_its_text_engine_voice_and_pace() {
        let cache = Cache::new("/c");
        let espeak = Engine::new(EngineKind::EspeakNg, "/usr/bin/espeak-ng");
        let base = cache.phrase(&espeak, "en-us", Speed::Normal, "Hi!");
        assert_eq!(base, cache.phrase(&espeak, "en-us", Speed::Normal, "Hi!"));
        let others = [
            cache.phrase(&espeak, "en-us", Speed::Normal, "Hi"),
            cache.phrase(&espeak, "en-gb", Speed::Normal, "Hi!"),
            cache.phrase(&espeak, "en-us", Speed::Slow, "Hi!"),
            cache.phrase(
                &Engine::new(EngineKind::EspeakNg, "/opt/espeak-ng"),
                "en-us",
                Speed::Normal,
                "Hi!",
            ),
            cache.phrase(
                &Engine::custom("piper -f {wav}").unwrap(),
                "en-us",
                Speed::Normal,
                "Hi!",
            ),
            cache.phrase(
                &Engine::custom("piper -q -f {wav}").unwrap(),
                "en-us",
                Speed::Normal,
                "Hi!",
            ),
        ];
        for (i, other) in others.iter().enumerate() {
            assert_ne!(&base, other, "{i}");
            assert!(other.starts_with("/c") && other.extension().unwrap() == "wav");
        }
    }

    #[test]
    fn pruning_keeps_the_newest_files_under_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        for (i, name) in ["a", "b", "c"].iter().enumerate() {
            let path = dir.path().join(format!("{name}.wav"));
            std::fs::write(&path, vec![0u8; 100]).unwrap();
            let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + i as u64);
            std::fs::File::options()
                .write(true)
                .open(&path)
                .unwrap()
                .set_modified(time)
                .unwrap();
        }
        assert_eq!(cache.prune(250), 1);
        assert!(!dir.path().join("a.wav").exists());
        assert!(dir.path().join("c.wav").exists());
        assert_eq!(cache.prune(1_000), 0);
    }
}
