//! A deck's own recordings (MP3, OGG Vorbis, WAV) decoded in Rust (symphonia) into 16-bit WAV in
//! the cache, so any system player can play them.

use std::io;
use std::path::Path;

use symphonia::core::audio::SampleBuffer;
use symphonia::core::codecs::{CODEC_TYPE_NULL, DecoderOptions};
use symphonia::core::errors::Error;
use symphonia::core::formats::FormatOptions;
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;
use symphonia::core::probe::Hint;

pub use crate::files::MAX_RECORDING_BYTES;
/// The longest recording kept: a phrase, not a podcast.
pub const MAX_RECORDING_SECONDS: u32 = 60;

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// Decodes the audio file `source` into a WAV file at `out` (written through a temporary file).
pub fn decode_to_wav(source: &Path, out: &Path) -> io::Result<()> {
    let meta = crate::files::regular_file(source).map_err(|err| invalid(err.to_string()))?;
    if meta.len() > MAX_RECORDING_BYTES {
        return Err(invalid(format!(
            "larger than {} MiB",
            MAX_RECORDING_BYTES >> 20
        )));
    }
    let file = std::fs::File::open(source)?;
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(ext) = source.extension().and_then(|e| e.to_str()) {
        hint.with_extension(ext);
    }
    let decode_error = |err: Error| invalid(format!("not a recording talkdeck can read ({err})"));
    let probed = symphonia::default::get_probe()
        .format(
            &hint,
            stream,
            &FormatOptions::default(),
            &MetadataOptions::default(),
        )
        .map_err(decode_error)?;
    let mut format = probed.format;
    let track = format
        .tracks()
        .iter()
        .find(|t| t.codec_params.codec != CODEC_TYPE_NULL)
        .ok_or_else(|| invalid("no sound in it".into()))?;
    let track_id = track.id;
    let mut decoder = symphonia::default::get_codecs()
        .make(&track.codec_params, &DecoderOptions::default())
        .map_err(decode_error)?;
    let (mut rate, mut channels) = (0u32, 0u16);
    let mut samples: Vec<i16> = Vec::new();
    loop {
        let packet = match format.next_packet() {
            Ok(packet) => packet,
            Err(Error::IoError(err)) if err.kind() == io::ErrorKind::UnexpectedEof => break,
            Err(Error::ResetRequired) => break,
            Err(err) => return Err(decode_error(err)),
        };
        if packet.track_id() != track_id {
            continue;
        }
        match decoder.decode(&packet) {
            Ok(decoded) => {
                let spec = *decoded.spec();
                rate = spec.rate;
                channels = spec.channels.count() as u16;
                let mut buffer = SampleBuffer::<i16>::new(decoded.capacity() as u64, spec);
                buffer.copy_interleaved_ref(decoded);
                samples.extend_from_slice(buffer.samples());
                if samples.len() as u64
                    > u64::from(rate) * u64::from(channels) * u64::from(MAX_RECORDING_SECONDS)
                {
                    return Err(invalid(format!("longer than {MAX_RECORDING_SECONDS} s")));
                }
            }
            // A damaged frame is skipped, as players do.
            Err(Error::DecodeError(_)) => continue,
            Err(err) => return Err(decode_error(err)),
        }
    }
    if samples.is_empty() || rate == 0 {
        return Err(invalid("no sound in it".into()));
    }
    let mut bytes = Vec::with_capacity(44 + samples.len() * 2);
    super::wav::write_pcm16(&mut bytes, rate, channels.max(1), &samples)?;
    crate::files::write_atomic(out, &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wav_recording_decodes_to_the_same_sound_and_junk_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let source = dir.path().join("hello.wav");
        let samples: Vec<i16> = (0..16_000)
            .map(|i| ((i as f32 * 0.05).sin() * 12_000.0) as i16)
            .collect();
        let mut bytes = Vec::new();
        crate::speech::wav::write_pcm16(&mut bytes, 16_000, 1, &samples).unwrap();
        std::fs::write(&source, &bytes).unwrap();
        let out = dir.path().join("out.wav");
        decode_to_wav(&source, &out).unwrap();
        let info = crate::speech::wav::inspect_file(&out).unwrap();
        assert_eq!(
            (info.sample_rate, info.channels, info.frames),
            (16_000, 1, 16_000)
        );
        assert!(info.is_audible());
        let junk = dir.path().join("junk.mp3");
        std::fs::write(&junk, b"this is not an mp3 file at all, only text").unwrap();
        let err = decode_to_wav(&junk, &out).unwrap_err();
        assert!(
            err.to_string()
                .contains("not a recording talkdeck can read"),
            "{err}"
        );
    }
}
