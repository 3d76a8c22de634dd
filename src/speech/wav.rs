//! Just enough of the WAV format: reading a file's shape and loudness (to tell a real phrase from
//! a broken or silent file), writing 16-bit PCM (decoded recordings), and mending the header of a
//! recording whose recorder was stopped before it could write the sizes.

use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// What a WAV file holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WavInfo {
    pub sample_rate: u32,
    pub channels: u16,
    pub bits: u16,
    /// Samples per channel.
    pub frames: u64,
    /// The loudest sample, 0.0–1.0 (16-bit PCM; 0 for other encodings).
    pub peak: f32,
}

impl WavInfo {
    pub fn seconds(&self) -> f64 {
        if self.sample_rate == 0 {
            0.0
        } else {
            self.frames as f64 / f64::from(self.sample_rate)
        }
    }

    /// Louder than the hiss of a quiet room (-40 dBFS).
    pub fn is_audible(&self) -> bool {
        self.peak > 0.01
    }
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

/// Reads a WAV file's format and measures its samples. A data chunk whose stated size runs past
/// the end of the file (a recording stopped early) is read to the end of the file.
pub fn inspect(bytes: &[u8]) -> io::Result<WavInfo> {
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" || &bytes[8..12] != b"WAVE" {
        return Err(invalid("not a WAV file"));
    }
    let mut at = 12;
    let mut format = None;
    while at + 8 <= bytes.len() {
        let id = &bytes[at..at + 4];
        let size =
            u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap_or_default()) as usize;
        let body = at + 8;
        if id == b"fmt " {
            let f = bytes
                .get(body..body + 16)
                .ok_or_else(|| invalid("a short fmt chunk"))?;
            let u16_at = |i: usize| u16::from_le_bytes([f[i], f[i + 1]]);
            let encoding = u16_at(0);
            let channels = u16_at(2);
            let sample_rate = u32::from_le_bytes([f[4], f[5], f[6], f[7]]);
            let bits = u16_at(14);
            format = Some((encoding, channels, sample_rate, bits));
        } else if id == b"data" {
            let (encoding, channels, sample_rate, bits) =
                format.ok_or_else(|| invalid("data before fmt"))?;
            let end = body.saturating_add(size).min(bytes.len());
            let data = &bytes[body..end];
            let frame_bytes = usize::from(channels.max(1)) * usize::from(bits / 8).max(1);
            let peak = if encoding == 1 && bits == 16 {
                data.chunks_exact(2)
                    .map(|s| i16::from_le_bytes([s[0], s[1]]).unsigned_abs())
                    .max()
                    .map_or(0.0, |p| f32::from(p) / 32768.0)
            } else {
                0.0
            };
            return Ok(WavInfo {
                sample_rate,
                channels,
                bits,
                frames: (data.len() / frame_bytes) as u64,
                peak,
            });
        }
        at = body.saturating_add(size + (size & 1));
    }
    Err(invalid("no data chunk"))
}

/// [`inspect`] of a file.
pub fn inspect_file(path: &Path) -> io::Result<WavInfo> {
    inspect(&std::fs::read(path)?)
}

/// Writes 16-bit PCM samples (interleaved) as a WAV file.
pub fn write_pcm16(
    out: &mut impl Write,
    sample_rate: u32,
    channels: u16,
    samples: &[i16],
) -> io::Result<()> {
    let data_len = u32::try_from(samples.len() * 2).map_err(|_| invalid("too long for WAV"))?;
    let block = channels * 2;
    let mut header = Vec::with_capacity(44);
    header.extend_from_slice(b"RIFF");
    header.extend_from_slice(&(36 + data_len).to_le_bytes());
    header.extend_from_slice(b"WAVEfmt ");
    header.extend_from_slice(&16u32.to_le_bytes());
    header.extend_from_slice(&1u16.to_le_bytes());
    header.extend_from_slice(&channels.to_le_bytes());
    header.extend_from_slice(&sample_rate.to_le_bytes());
    header.extend_from_slice(&(sample_rate * u32::from(block)).to_le_bytes());
    header.extend_from_slice(&block.to_le_bytes());
    header.extend_from_slice(&16u16.to_le_bytes());
    header.extend_from_slice(b"data");
    header.extend_from_slice(&data_len.to_le_bytes());
    out.write_all(&header)?;
    let mut body = Vec::with_capacity(samples.len() * 2);
    for s in samples {
        body.extend_from_slice(&s.to_le_bytes());
    }
    out.write_all(&body)
}

/// Sets the RIFF and data sizes of a WAV file from its length: a recorder stopped before it
/// finished leaves them at zero or at their largest, and some players then refuse the file.
pub fn mend_sizes(path: &Path) -> io::Result<()> {
    let bytes = std::fs::read(path)?;
    if bytes.len() < 12 || &bytes[..4] != b"RIFF" {
        return Err(invalid("not a WAV file"));
    }
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let size =
            u32::from_le_bytes(bytes[at + 4..at + 8].try_into().unwrap_or_default()) as usize;
        if &bytes[at..at + 4] == b"data" {
            let data_len = (bytes.len() - at - 8) as u32;
            let mut file = std::fs::OpenOptions::new().write(true).open(path)?;
            file.seek(SeekFrom::Start(4))?;
            file.write_all(&(bytes.len() as u32 - 8).to_le_bytes())?;
            file.seek(SeekFrom::Start(at as u64 + 4))?;
            file.write_all(&data_len.to_le_bytes())?;
            return file.sync_all();
        }
        at = at + 8 + size + (size & 1);
    }
    Err(invalid("no data chunk"))
}

/// The first bytes of a file, to tell its kind by them.
pub fn head(path: &Path) -> io::Result<[u8; 12]> {
    let mut head = [0; 12];
    std::fs::File::open(path)?.read_exact(&mut head)?;
    Ok(head)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tone of `seconds` at `loudness` (0–1).
    pub fn tone(seconds: f32, loudness: f32) -> Vec<u8> {
        let rate = 8000;
        let samples: Vec<i16> = (0..(seconds * rate as f32) as usize)
            .map(|i| ((i as f32 * 0.3).sin() * loudness * 32767.0) as i16)
            .collect();
        let mut out = Vec::new();
        write_pcm16(&mut out, rate, 1, &samples).unwrap();
        out
    }

    #[test]
    fn a_written_file_reads_back_with_its_length_and_loudness() {
        let info = inspect(&tone(1.5, 0.5)).unwrap();
        assert_eq!((info.sample_rate, info.channels, info.bits), (8000, 1, 16));
        assert!((info.seconds() - 1.5).abs() < 0.001);
        assert!(info.is_audible() && (info.peak - 0.5).abs() < 0.01);
        assert!(!inspect(&tone(1.0, 0.001)).unwrap().is_audible());
        assert!(inspect(b"RIFF\0\0\0\0WAVE").is_err());
        assert!(inspect(b"ID3 not a wav").is_err());
    }

    #[test]
    fn a_recording_stopped_early_has_its_sizes_mended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.wav");
        let mut bytes = tone(0.5, 0.4);
        // What a killed recorder leaves: sizes of zero.
        bytes[4..8].copy_from_slice(&0u32.to_le_bytes());
        bytes[40..44].copy_from_slice(&0u32.to_le_bytes());
        std::fs::write(&path, &bytes).unwrap();
        assert_eq!(inspect_file(&path).unwrap().frames, 0);
        mend_sizes(&path).unwrap();
        let info = inspect_file(&path).unwrap();
        assert!((info.seconds() - 0.5).abs() < 0.001);
        assert_eq!(
            &std::fs::read(&path).unwrap()[4..8],
            &(bytes.len() as u32 - 8).to_le_bytes()
        );
    }
}
