//! `snapshot.bin`: the derived state (item states, the compact review log, "Study more", marks,
//! hidden decks, the latest carry's time and the fitted parameters in use) with the journal length
//! it covers, so start-up
//! replays only the journal's tail. It is a cache, never the truth:
//! written atomically, and used only when it checks out — its own checksum, the configuration it
//! was computed with, and the covered journal's last bytes all match. Otherwise the journal is
//! replayed in full and a new snapshot written.
//!
//! The format is little-endian binary, because a million reviews must load in a few milliseconds.
//! Its first eight bytes name its version ([`MAGIC`]): a snapshot of another version does not
//! decode, so the journal is replayed in full and a snapshot of this version written at close.

use std::io;
use std::path::Path;

use super::derived::Kept;
use super::entry::{Entry, Fitted, Marks, ReviewLog, StudyMore};
use crate::deck::ItemId;
use crate::files::fingerprint;
use crate::srs::{ItemState, Memory, Phase, Rating};

/// The format's name and version. 03 added marks, hidden decks, the latest carry's time and the
/// carried items' first names; 04 the fitted parameters in use; 05 the latest spread backlog's time; 06 what it covers of each
/// device's journal. A snapshot of another version is not used.
const MAGIC: &[u8; 8] = b"TDSNAP06";

/// A snapshot this large or larger is mapped rather than read.
const MAP_AT_LEAST: u64 = 1 << 20;
/// How many of the covered journal's last bytes are fingerprinted.
pub(crate) const TAIL_BYTES: u64 = 4096;

/// How much of one journal a snapshot covers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Covered {
    /// The journal's path under the data folder (`journal/laptop-a3f29c.ron`).
    pub name: String,
    /// Its whole lines' length, in bytes.
    pub len: u64,
    /// [`fingerprint`] of the last [`TAIL_BYTES`] of those (fewer in a shorter journal).
    pub tail_hash: u64,
}

/// What a snapshot holds.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Snapshot {
    /// What it covers of each journal (none of a journal not named).
    pub covered: Vec<Covered>,
    /// The latest time of the entries other than answers it covers: one older arriving later
    /// means a full replay (as does an answer older than its last).
    pub until: i64,
    pub config_hash: u64,
    pub items: Vec<(ItemId, ItemState)>,
    pub reviews: Vec<ReviewLog>,
    /// The "Study more" entries of the covered journal (few: kept as their journal lines).
    pub study_more: Vec<StudyMore>,
    /// Marks, hidden decks, the latest carry's time and the fitted parameters.
    pub kept: Kept,
}

fn phase_code(phase: Phase) -> u8 {
    match phase {
        Phase::New => 0,
        Phase::Learning => 1,
        Phase::Review => 2,
        Phase::Relearning => 3,
    }
}

fn phase_from(code: u8) -> Option<Phase> {
    Some(match code {
        0 => Phase::New,
        1 => Phase::Learning,
        2 => Phase::Review,
        3 => Phase::Relearning,
        _ => return None,
    })
}

impl Snapshot {
    pub fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + self.items.len() * 80 + self.reviews.len() * 19);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.covered.len() as u64).to_le_bytes());
        for covered in &self.covered {
            let name = covered.name.as_bytes();
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(name);
            out.extend_from_slice(&covered.len.to_le_bytes());
            out.extend_from_slice(&covered.tail_hash.to_le_bytes());
        }
        for v in [self.until as u64, self.config_hash, self.items.len() as u64] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for (id, s) in &self.items {
            let id = id.as_str().as_bytes();
            out.extend_from_slice(&(id.len() as u16).to_le_bytes());
            out.extend_from_slice(id);
            out.push(phase_code(s.phase));
            out.extend_from_slice(&s.step.to_le_bytes());
            let memory = s.memory.unwrap_or(Memory {
                stability: 0.0,
                difficulty: 0.0,
            });
            out.push(u8::from(s.memory.is_some()));
            out.extend_from_slice(&memory.stability.to_le_bytes());
            out.extend_from_slice(&memory.difficulty.to_le_bytes());
            out.extend_from_slice(&s.due_ms.to_le_bytes());
            out.push(u8::from(s.last_review_ms.is_some()));
            out.extend_from_slice(&s.last_review_ms.unwrap_or(0).to_le_bytes());
            for v in [s.interval_days, s.reviews, s.lapses] {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.reviews.len() as u64).to_le_bytes());
        for r in &self.reviews {
            out.extend_from_slice(&r.item.to_le_bytes());
            out.extend_from_slice(&r.at.to_le_bytes());
            out.push(r.rating.number() as u8);
            out.extend_from_slice(&r.taken_ms.to_le_bytes());
            out.push(u8::from(r.was_new));
            out.push(phase_code(r.phase_before));
        }
        out.extend_from_slice(&(self.study_more.len() as u64).to_le_bytes());
        for more in &self.study_more {
            let line = ron::to_string(&more.entry()).unwrap_or_default();
            out.extend_from_slice(&(line.len() as u32).to_le_bytes());
            out.extend_from_slice(line.as_bytes());
        }
        out.extend_from_slice(&(self.kept.marks.len() as u64).to_le_bytes());
        for (id, marks) in &self.kept.marks {
            let id = id.as_str().as_bytes();
            out.extend_from_slice(&(id.len() as u16).to_le_bytes());
            out.extend_from_slice(id);
            out.push(u8::from(marks.suspended));
            out.push(u8::from(marks.buried_day.is_some()));
            out.extend_from_slice(&marks.buried_day.unwrap_or(0).to_le_bytes());
            out.push(marks.flag);
        }
        out.extend_from_slice(&(self.kept.hidden.len() as u64).to_le_bytes());
        for deck in &self.kept.hidden {
            out.extend_from_slice(&(deck.len() as u16).to_le_bytes());
            out.extend_from_slice(deck.as_bytes());
        }
        out.push(u8::from(self.kept.carried_until.is_some()));
        out.extend_from_slice(&self.kept.carried_until.unwrap_or(0).to_le_bytes());
        out.extend_from_slice(&(self.kept.origins.len() as u64).to_le_bytes());
        for (item, origin) in &self.kept.origins {
            for id in [item, origin] {
                let id = id.as_str().as_bytes();
                out.extend_from_slice(&(id.len() as u16).to_le_bytes());
                out.extend_from_slice(id);
            }
        }
        // The fitted parameters as their journal line (few bytes, read as the journal reads them);
        // none is an empty line.
        let fitted = self
            .kept
            .fitted
            .as_ref()
            .map(|fitted| ron::to_string(&fitted.entry()).unwrap_or_default())
            .unwrap_or_default();
        out.extend_from_slice(&(fitted.len() as u32).to_le_bytes());
        out.extend_from_slice(fitted.as_bytes());
        out.push(u8::from(self.kept.spread_at.is_some()));
        out.extend_from_slice(&self.kept.spread_at.unwrap_or(0).to_le_bytes());
        let checksum = fingerprint(&out);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Decodes a snapshot; `None` if anything about it is off (it is then simply rebuilt). The
    /// checksum is computed while the body decodes, on another thread.
    pub fn decode(bytes: &[u8]) -> Option<Snapshot> {
        let (body, checksum) = bytes.split_at_checked(bytes.len().checked_sub(8)?)?;
        let expected = u64::from_le_bytes(checksum.try_into().ok()?);
        let (sound, snapshot) = rayon::join(
            || fingerprint(body) == expected,
            || Snapshot::decode_body(body),
        );
        snapshot.filter(|_| sound)
    }

    fn decode_body(body: &[u8]) -> Option<Snapshot> {
        let mut r = Reader {
            bytes: body,
            pos: 0,
        };
        if r.take(8)? != MAGIC {
            return None;
        }
        let n_covered = usize::try_from(r.u64()?).ok()?;
        let mut covered = Vec::with_capacity(n_covered.min(body.len() / 18));
        for _ in 0..n_covered {
            let len = usize::from(r.u16()?);
            let name = std::str::from_utf8(r.take(len)?).ok()?.to_owned();
            covered.push(Covered {
                name,
                len: r.u64()?,
                tail_hash: r.u64()?,
            });
        }
        let until = r.u64()? as i64;
        let config_hash = r.u64()?;
        let n_items = usize::try_from(r.u64()?).ok()?;
        let mut items = Vec::with_capacity(n_items.min(body.len() / 40));
        for _ in 0..n_items {
            let len = usize::from(r.u16()?);
            let id = ItemId::parse(std::str::from_utf8(r.take(len)?).ok()?)?;
            let phase = phase_from(r.u8()?)?;
            let step = r.u32()?;
            let has_memory = r.u8()? == 1;
            let (stability, difficulty) = (r.f32()?, r.f32()?);
            let due_ms = r.i64()?;
            let has_last = r.u8()? == 1;
            let last = r.i64()?;
            let (interval_days, reviews, lapses) = (r.u32()?, r.u32()?, r.u32()?);
            items.push((
                id,
                ItemState {
                    phase,
                    step,
                    memory: has_memory.then_some(Memory {
                        stability,
                        difficulty,
                    }),
                    due_ms,
                    last_review_ms: has_last.then_some(last),
                    interval_days,
                    reviews,
                    lapses,
                },
            ));
        }
        let n_reviews = usize::try_from(r.u64()?).ok()?;
        let records = r.take(n_reviews.checked_mul(REVIEW_BYTES)?)?;
        let reviews = decode_reviews(records, items.len())?;
        let n_more = usize::try_from(r.u64()?).ok()?;
        let mut study_more = Vec::with_capacity(n_more.min(body.len()));
        for _ in 0..n_more {
            let len = usize::try_from(r.u32()?).ok()?;
            let line = std::str::from_utf8(r.take(len)?).ok()?;
            study_more.push(StudyMore::of(ron::from_str(line).ok()?)?);
        }
        let n_marks = usize::try_from(r.u64()?).ok()?;
        let mut marks = Vec::with_capacity(n_marks.min(body.len() / 9));
        for _ in 0..n_marks {
            let len = usize::from(r.u16()?);
            let id = ItemId::parse(std::str::from_utf8(r.take(len)?).ok()?)?;
            let suspended = bool_from(r.u8()?)?;
            let buried = bool_from(r.u8()?)?;
            let day = r.i32()?;
            let flag = r.u8().filter(|&f| f <= super::entry::MAX_FLAG)?;
            marks.push((
                id,
                Marks {
                    suspended,
                    buried_day: buried.then_some(day),
                    flag,
                },
            ));
        }
        let n_hidden = usize::try_from(r.u64()?).ok()?;
        let mut hidden = Vec::with_capacity(n_hidden.min(body.len() / 3));
        for _ in 0..n_hidden {
            let len = usize::from(r.u16()?);
            let deck = std::str::from_utf8(r.take(len)?).ok()?;
            if !crate::deck::is_valid_id(deck) {
                return None;
            }
            hidden.push(deck.to_owned());
        }
        let has_carry = bool_from(r.u8()?)?;
        let carried_until = r.i64()?;
        let n_origins = usize::try_from(r.u64()?).ok()?;
        let mut origins = Vec::with_capacity(n_origins.min(body.len() / 4));
        for _ in 0..n_origins {
            let mut id = || {
                let len = usize::from(r.u16()?);
                ItemId::parse(std::str::from_utf8(r.take(len)?).ok()?)
            };
            let item = id()?;
            let origin = id()?;
            origins.push((item, origin));
        }
        let fitted = match usize::try_from(r.u32()?).ok()? {
            0 => None,
            len => {
                let entry: Entry = ron::from_str(std::str::from_utf8(r.take(len)?).ok()?).ok()?;
                match &entry {
                    Entry::Parameters { parameters, .. }
                        if crate::srs::parameters_problem(parameters).is_none() =>
                    {
                        Fitted::of(&entry)
                    }
                    _ => return None,
                }
            }
        };
        let has_spread = bool_from(r.u8()?)?;
        let spread_at = r.i64()?;
        let kept = Kept {
            marks,
            hidden,
            carried_until: has_carry.then_some(carried_until),
            origins,
            fitted,
            spread_at: has_spread.then_some(spread_at),
        };
        (r.pos == body.len()).then_some(Snapshot {
            covered,
            until,
            config_hash,
            items,
            reviews,
            study_more,
            kept,
        })
    }

    /// Reads `path`; `None` when it is missing, is not a regular file, or does not decode.
    pub fn load(path: &Path) -> Option<Snapshot> {
        // Asked before opening: opening a FIFO would wait for a writer.
        let meta = std::fs::metadata(path).ok()?;
        if !meta.is_file() {
            return None;
        }
        let file = std::fs::File::open(path).ok()?;
        if meta.len() < MAP_AT_LEAST {
            return Snapshot::decode(&crate::files::read_limited(path, usize::MAX >> 1).ok()?);
        }
        // A large one is mapped, not copied: at 3 M reviews the copy was a fifth of the opening.
        // SAFETY: only this computer's talkdeck writes its snapshot, under the data folder's
        // lock, and always by renaming a new file over it, which leaves a mapped file intact;
        // nothing shortens a snapshot in place.
        let map = unsafe { memmap2::MmapOptions::new().map(&file) }.ok()?;
        Snapshot::decode(&map)
    }

    /// Removes what a crash while saving a snapshot left behind: `.snapshot.bin.tmp-<pid>` files
    /// in the folder of `path` (the caller holds the folder's lock, so no other talkdeck is writing
    /// one). Returns how many were removed.
    pub fn remove_leftovers(path: &Path) -> usize {
        let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
            return 0;
        };
        let prefix = format!(".{}.tmp-", name.to_string_lossy());
        let Ok(entries) = std::fs::read_dir(dir) else {
            return 0;
        };
        let mut removed = 0;
        for entry in entries.filter_map(Result::ok) {
            let file_name = entry.file_name();
            let file_name = file_name.to_string_lossy();
            let leftover = file_name
                .strip_prefix(&prefix)
                .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
            if leftover && entry.file_type().is_ok_and(|t| t.is_file()) {
                match std::fs::remove_file(entry.path()) {
                    Ok(()) => removed += 1,
                    Err(err) => crate::warning!(
                        name: "talkdeck.store",
                        "{}: a snapshot left by a crash could not be removed: {err}",
                        entry.path().display()
                    ),
                }
            }
        }
        if removed > 0 {
            crate::info!(
                name: "talkdeck.store",
                files = removed;
                "removed {removed} unfinished snapshot file(s) left by a crash in {}",
                dir.display()
            );
        }
        removed
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        super::write_atomic(path, &self.encode())
    }
}

/// The bytes of one review record: item, time, rating, time taken, was new, phase before.
const REVIEW_BYTES: usize = 4 + 8 + 1 + 4 + 1 + 1;

/// The review records, decoded in parallel straight into their vector (they are of fixed size);
/// `None` if any is off.
fn decode_reviews(records: &[u8], n_items: usize) -> Option<Vec<ReviewLog>> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, Ordering};

    let decode = |record: &[u8]| {
        let mut r = Reader {
            bytes: record,
            pos: 0,
        };
        Some(ReviewLog {
            item: r.u32().filter(|&item| (item as usize) < n_items)?,
            at: r.i64()?,
            rating: Rating::from_number(u32::from(r.u8()?))?,
            taken_ms: r.u32()?,
            was_new: r.u8()? == 1,
            phase_before: phase_from(r.u8()?)?,
        })
    };
    let damaged = AtomicBool::new(false);
    // Room for the journal's tail and the coming session, so the first answers do not copy a
    // vector of a million reviews to grow it.
    let n = records.len() / REVIEW_BYTES;
    let mut reviews = Vec::with_capacity(n + n / 8 + 4096);
    records
        .par_chunks_exact(REVIEW_BYTES)
        .map(|record| {
            decode(record).unwrap_or_else(|| {
                damaged.store(true, Ordering::Relaxed);
                ReviewLog {
                    item: 0,
                    at: 0,
                    rating: Rating::Again,
                    taken_ms: 0,
                    was_new: false,
                    phase_before: Phase::New,
                }
            })
        })
        .collect_into_vec(&mut reviews);
    (!damaged.into_inner()).then_some(reviews)
}

/// 0 or 1 as a bool; anything else is damage.
fn bool_from(byte: u8) -> Option<bool> {
    match byte {
        0 => Some(false),
        1 => Some(true),
        _ => None,
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(slice)
    }
    fn u8(&mut self) -> Option<u8> {
        Some(self.take(1)?[0])
    }
    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn i32(&mut self) -> Option<i32> {
        Some(i32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn i64(&mut self) -> Option<i64> {
        Some(i64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn f32(&mut self) -> Option<f32> {
        Some(f32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Direction;

    #[test]
    fn a_snapshot_round_trips_and_any_damage_is_detected() {
        let snapshot = Snapshot {
            covered: vec![
                Covered {
                    name: "journal/laptop-a3f29c.ron".into(),
                    len: 12_345,
                    tail_hash: 7,
                },
                Covered {
                    name: "journal.ron".into(),
                    len: 99,
                    tail_hash: 8,
                },
            ],
            until: 1_795_429_169_000,
            config_hash: 9,
            items: vec![
                (
                    ItemId::new("greetings", "hi", Direction::Produce),
                    ItemState::default(),
                ),
                (
                    ItemId::new("jobs", "im-a-role", Direction::Reply),
                    ItemState {
                        phase: Phase::Relearning,
                        step: 1,
                        memory: Some(Memory {
                            stability: 3.5,
                            difficulty: 6.25,
                        }),
                        due_ms: -5,
                        last_review_ms: Some(1_795_429_167_000),
                        interval_days: 0,
                        reviews: 9,
                        lapses: 2,
                    },
                ),
            ],
            reviews: vec![ReviewLog {
                item: 1,
                at: 1_795_429_167_000,
                rating: Rating::Hard,
                taken_ms: 4321,
                was_new: false,
                phase_before: Phase::Review,
            }],
            study_more: vec![StudyMore {
                id: "m1".into(),
                at: 1_795_429_168_000,
                decks: vec!["greetings".into(), "jobs".into()],
                new: 10,
                ahead_days: 3,
            }],
            kept: Kept {
                marks: vec![
                    (
                        ItemId::new("greetings", "hi", Direction::Produce),
                        Marks {
                            suspended: true,
                            buried_day: None,
                            flag: 0,
                        },
                    ),
                    (
                        ItemId::new("jobs", "im-a-role", Direction::Reply),
                        Marks {
                            suspended: false,
                            buried_day: Some(-3),
                            flag: 7,
                        },
                    ),
                ],
                hidden: vec!["greetings".into()],
                spread_at: Some(1_795_429_170_000),
                carried_until: Some(1_795_429_169_000),
                origins: vec![(
                    ItemId::new("mine", "hi", Direction::Produce),
                    ItemId::new("greetings", "hi", Direction::Produce),
                )],
                fitted: Some(Fitted {
                    id: "p1".into(),
                    at: 1_795_429_170_000,
                    parameters: crate::srs::FAST_FORGETTER.to_vec(),
                    reviews: 1234,
                    log_loss: 0.3125,
                    rmse: 0.0421,
                }),
            },
        };
        let bytes = snapshot.encode();
        assert_eq!(Snapshot::decode(&bytes), Some(snapshot));
        for i in [0, 9, bytes.len() / 2, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x40;
            assert_eq!(Snapshot::decode(&damaged), None, "byte {i} flipped");
        }
        assert_eq!(
            Snapshot::decode(&bytes[..bytes.len() - 3]),
            None,
            "truncated"
        );
        assert_eq!(Snapshot::decode(b""), None);
    }

    #[test]
    fn a_well_summed_snapshot_with_impossible_reviews_is_refused() {
        // Records a checksum cannot catch (written that way): each must refuse the snapshot,
        // wherever it falls among a hundred thousand reviews decoded in parallel.
        let n = 100_000;
        let snapshot = Snapshot {
            items: vec![(
                ItemId::new("greetings", "hi", Direction::Produce),
                ItemState::default(),
            )],
            reviews: vec![
                ReviewLog {
                    item: 0,
                    at: 1_795_429_167_000,
                    rating: Rating::Good,
                    taken_ms: 900,
                    was_new: true,
                    phase_before: Phase::New,
                };
                n
            ],
            ..Snapshot::default()
        };
        // Large enough to be mapped when loaded from a file, and read back the same.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("snapshot.bin");
        std::fs::write(&path, snapshot.encode()).unwrap();
        assert!(std::fs::metadata(&path).unwrap().len() >= MAP_AT_LEAST);
        assert_eq!(Snapshot::load(&path).as_ref(), Some(&snapshot));
        // Sets byte `offset` of review `at` to `value`, and sums the result again.
        let edited = |at: usize, offset: usize, value: u8| {
            let mut bytes = snapshot.encode();
            // The checksum; after the reviews, the counts of "Study more" entries, marks and
            // hidden decks (none), no carry, the count of first names (none), no parameters and
            // no spread.
            bytes.truncate(bytes.len() - 8);
            let first_review = bytes.len() - (8 + 8 + 8 + 1 + 8 + 8 + 4 + 1 + 8) - n * REVIEW_BYTES;
            bytes[first_review + at * REVIEW_BYTES + offset] = value;
            let sum = fingerprint(&bytes);
            bytes.extend_from_slice(&sum.to_le_bytes());
            Snapshot::decode(&bytes)
        };
        for at in [0, 77_777, n - 1] {
            assert!(
                edited(at, 0, 1).is_none(),
                "an item past the end, review {at}"
            );
            assert!(edited(at, 12, 9).is_none(), "rating 9, review {at}");
            assert!(edited(at, 18, 7).is_none(), "phase 7, review {at}");
            assert_eq!(
                edited(at, 12, 3).as_ref(),
                Some(&snapshot),
                "unchanged, review {at}"
            );
        }
    }

    /// The version before marks: its layout is this one's up to the "Study more" entries. Such a
    /// snapshot, however sound, is not used (the journal is replayed instead).
    #[test]
    fn a_snapshot_of_the_version_before_marks_is_not_used() {
        let snapshot = Snapshot {
            covered: vec![Covered {
                name: "journal.ron".into(),
                len: 100,
                tail_hash: 0,
            }],
            items: vec![(
                ItemId::new("greetings", "hi", Direction::Produce),
                ItemState::default(),
            )],
            ..Snapshot::default()
        };
        let mut old = snapshot.encode();
        // Without the checksum and the sections 03 and 04 added (three empty counts, no carry, no
        // parameters).
        old.truncate(old.len() - 8 - (8 + 8 + 1 + 8 + 8 + 4));
        old[..8].copy_from_slice(b"TDSNAP02");
        let sum = fingerprint(&old);
        old.extend_from_slice(&sum.to_le_bytes());
        assert_eq!(Snapshot::decode(&old), None);
        // The same bytes under this version's name would still be short of its sections.
        old[..8].copy_from_slice(MAGIC);
        let n = old.len() - 8;
        let sum = fingerprint(&old[..n]);
        old[n..].copy_from_slice(&sum.to_le_bytes());
        assert_eq!(Snapshot::decode(&old), None);
        assert_eq!(Snapshot::decode(&snapshot.encode()), Some(snapshot));
    }
}
