//! A fingerprint of bytes: how talkdeck tells that a file is still the one it read (the snapshot's
//! checksum, the journal tail it covers, a deck file before it is saved over). Written here, not
//! taken from a crate, so the value never changes with a dependency's version: fingerprints are
//! kept in files (the snapshot, drafts) and compared by later runs.

/// A 64-bit fingerprint of `bytes`, eight bytes at a time: a check against damage and change, not a
/// defence against tampering. Every step (xor a word, multiply by an odd constant, xor-shift) is a
/// bijection of the state, so changing any one word always changes the result; the length is mixed
/// in first, so text that only grows or shrinks by zero bytes is told apart too.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for word in &mut words {
        let mut w = [0; 8];
        w.copy_from_slice(word);
        hash = (hash ^ u64::from_le_bytes(w)).wrapping_mul(K);
        hash ^= hash >> 29;
    }
    for &b in words.remainder() {
        hash = (hash ^ u64::from(b)).wrapping_mul(K);
        hash ^= hash >> 29;
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fingerprint_is_stable_and_sees_every_change() {
        // Kept in snapshots and drafts: a change of this value makes every one of them stale.
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"Deck(\n"), fingerprint(b"Deck(\n"));
        let text = b"Deck(format: 2, id: \"greet\", name: \"Greet\")\n".to_vec();
        let base = fingerprint(&text);
        for at in 0..text.len() {
            let mut changed = text.clone();
            changed[at] ^= 1;
            assert_ne!(fingerprint(&changed), base, "byte {at} flipped");
        }
        assert_ne!(
            fingerprint(&text[..text.len() - 1]),
            base,
            "one byte shorter"
        );
        assert_ne!(fingerprint(b"\0"), fingerprint(b"\0\0"), "zeros counted");
    }
}
